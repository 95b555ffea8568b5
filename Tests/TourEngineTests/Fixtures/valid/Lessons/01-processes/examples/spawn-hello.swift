import OTP

let pid = spawn { print("hello from", self()) }
