import OTP

print(2)
