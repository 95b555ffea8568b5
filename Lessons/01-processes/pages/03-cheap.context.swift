import OTP

/// The process that collects the squares.
var me: Pid { selfPid() }
