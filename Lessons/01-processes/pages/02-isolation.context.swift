import OTP

/// The process the page's spawned child reports to.
var parent: Pid { selfPid() }
