import OTPDistribution
import Testing

/// The distribution benchmark runs every pair and reports positive rates (small sizes: the
/// figures themselves mean nothing in a debug build). The pairs with a BEAM node are reported as
/// skipped when `erl` is not installed (outside CI: see `RequiredTools`).
@Suite(.serialized) struct BenchmarkTests {
    @Test func theSwiftPairReportsARate() async throws {
        let swift = try await DistributionBenchmark.swiftToSwift(messages: 2_000, epmdPort: ErlangPeer.freePort())
        #expect(swift.messagesPerSecond > 0 && swift.pair == "swift->swift")
    }

    @Test(.enabled(if: RequiredTools.erlTestsRun, "erl is not installed: the BEAM pairs of the benchmark do not run"))
    func everyPairWithTheBEAMReportsARate() async throws {
        let epmd = ErlangPeer.freePort()
        _ = try RequiredTools.require(RequiredTools.erl, "erl")
        for result in [
            try DistributionBenchmark.beamToBeam(messages: 2_000, epmdPort: epmd),
            try await DistributionBenchmark.swiftToBeam(messages: 2_000, epmdPort: epmd),
            try await DistributionBenchmark.beamToSwift(messages: 2_000, epmdPort: epmd),
        ] {
            print(result)
            #expect(result.messagesPerSecond > 0)
        }
    }
}
