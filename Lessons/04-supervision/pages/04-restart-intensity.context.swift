import OTP

var children: [ChildSpec] { [] }
