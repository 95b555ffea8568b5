@_exported import OTPApplication
// The umbrella module: `import OTP` gives a learner's program the whole runtime.
@_exported import OTPCore
@_exported import OTPDistribution
@_exported import OTPETS
@_exported import OTPGenServer
@_exported import OTPRegistry
@_exported import OTPSockets
@_exported import OTPSupervision
@_exported import OTPTerms
