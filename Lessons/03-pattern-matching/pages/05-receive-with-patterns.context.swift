import OTP

var server: Pid { selfPid() }
