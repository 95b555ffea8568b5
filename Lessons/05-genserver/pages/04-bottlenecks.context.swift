import OTP

func fetch() async throws -> Int { 0 }
