import OTP

func listen(_ port: Int) async throws {}
