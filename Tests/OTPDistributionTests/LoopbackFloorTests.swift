import TestTools
import Testing

@testable import OTPDistribution

/// The loopback floor of `bench dist` moves every byte it times (a benchmark, so nothing here
/// is timed: the rate is only checked to be a rate).
@Suite struct LoopbackFloorTests {
    @Test(.timeLimit(.minutes(10))) func theReaderGetsEveryByteWritten() async throws {
        let rate = try await offPool { try LoopbackFloor.rate(messages: 5, payloadBytes: 1 << 20) }
        #expect(rate > 0 && rate.isFinite)
    }
}
