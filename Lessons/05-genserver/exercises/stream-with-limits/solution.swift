import OTP

/// An image to resize, and how many milliseconds resizing it takes.
struct Image: Sendable {
    let name: String
    let milliseconds: Int
}

/// Resizes one image, written for you: it tells the process registered as `:meter` when it
/// starts and ends (the tests count how many run at once), and takes `image.milliseconds`.
func resize(_ image: Image) async throws -> String {
    try send("meter", .tuple(.atom("started"), .string(image.name)))
    try await Process.sleep(.milliseconds(image.milliseconds))
    try send("meter", .tuple(.atom("done"), .string(image.name)))
    return "\(image.name)@128px"
}

/// Resizes every image, 2 at a time, killing any that takes more than 1.5 s; one result per
/// image, in order: `{:ok, thumbnail}` or `{:exit, reason}`.
func resizeAll(_ images: [Image]) async throws -> [Term] {
    let outcomes = try await OTPTask<String>.asyncStream(
        images, maxConcurrency: 2, ordered: true, timeout: .milliseconds(1500), onTimeout: .killTask
    ) { image in try await resize(image) }
    return outcomes.map { outcome in
        switch outcome {
        case .ok(let thumbnail): .tuple(.atom("ok"), .string(thumbnail))
        case .exit(let reason): .tuple(.atom("exit"), reason)
        }
    }
}
