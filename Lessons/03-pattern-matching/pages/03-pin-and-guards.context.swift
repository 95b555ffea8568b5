import OTP

var n: Int { 0 }
