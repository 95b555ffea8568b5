import OTP

print(1)
