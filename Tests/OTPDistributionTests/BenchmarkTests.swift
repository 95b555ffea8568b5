import OTPDistribution
import Testing

/// The distribution benchmark runs every pair and reports positive rates (small sizes: the
/// figures themselves mean nothing in a debug build).
@Suite(.serialized) struct BenchmarkTests {
    @Test func everyPairReportsARate() async throws {
        let epmd = ErlangPeer.freePort()
        let swift = try await DistributionBenchmark.swiftToSwift(messages: 2_000, epmdPort: epmd)
        #expect(swift.messagesPerSecond > 0 && swift.pair == "swift->swift")
        guard ErlangPeer.erlPath != nil else {
            print("erl is not installed: the BEAM pairs of the benchmark were not run")
            return
        }
        for result in [try DistributionBenchmark.beamToBeam(messages: 2_000, epmdPort: epmd),
                       try await DistributionBenchmark.swiftToBeam(messages: 2_000, epmdPort: epmd),
                       try await DistributionBenchmark.beamToSwift(messages: 2_000, epmdPort: epmd)] {
            print(result)
            #expect(result.messagesPerSecond > 0)
        }
    }
}
