import Foundation
import Testing

/// `elixirtour bench --quick --json` on the built binary: every default workload reports a
/// positive rate with the fields the issue names (the figures of a quick debug run mean nothing).
@Suite("elixirtour bench on the built binary", .serialized)
struct BenchEndToEndTests {
    private func records(_ arguments: [String]) async throws -> [[String: Any]] {
        let folder = try BinaryRunner.temporaryFolder()
        let result = try await BinaryRunner.run(arguments, in: folder, environment: BinaryRunner.environment(home: folder))
        #expect(result.status == 0, "bench failed: \(result.stderr.suffix(600))")
        return try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }

    @Test func everyDefaultWorkloadReportsARate() async throws {
        let lines = try await records(["bench", "--quick", "--json"])
        let workloads = Set(lines.compactMap { $0["workload"] as? String })
        for name in ["spawn", "ring", "pingpong", "floor pingpong", "floor ring", "floor spawn", "selective", "call", "call-backlog", "restart", "match"] {
            #expect(workloads.contains(name), "no line for \(name)")
        }
        for line in lines {
            #expect(line["runtime"] as? String == "swift")
            #expect((line["rate"] as? Double ?? 0) > 0, "\(line)")
            #expect(line["unit"] is String)
        }
        for name in ["spawn", "floor spawn"] {
            let spawn = try #require(lines.first { $0["workload"] as? String == name })
            #expect(spawn["bytes_per_process"] is Double, "\(name) reports no bytes per process")
        }
    }

    @Test(.enabled(if: RequiredTools.erlTestsRun, "erl is not installed: the BEAM side of the benchmark does not run"))
    func theBEAMRunsBesideItWhenErlIsInstalled() async throws {
        _ = try RequiredTools.require(RequiredTools.erl, "erl")
        let lines = try await records(["bench", "pingpong", "floor", "call-backlog", "--quick", "--json", "--beam"])
        let pairs = Set(lines.compactMap { line in (line["workload"] as? String).map { "\($0)/\(line["runtime"] as? String ?? "")" } })
        #expect(
            pairs == [
                "pingpong/swift", "pingpong/beam", "floor pingpong/swift", "floor ring/swift",
                "floor spawn/swift", "call-backlog/swift", "call-backlog/beam",
            ])
    }
}
