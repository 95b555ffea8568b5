import Foundation
import Testing

/// Names the tour's own lessons promise (issue 18: "`elixirtour run kv-server` starts it"),
/// checked on the built binary against the real `Lessons` folder, without compiling anything.
@Suite("the tour's example names")
struct TourExampleNamesTests {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons")

    let folder: URL
    let env: [String: String]

    init() throws {
        folder = try BinaryRunner.temporaryFolder()
        env = BinaryRunner.environment(home: folder, lessons: Self.lessons)
    }

    @Test func theFinishedServerIsTheExampleKvServer() async throws {
        let listed = try await BinaryRunner.run(["examples", "--json"], in: folder, environment: env)
        #expect(listed.status == 0, "stderr: \(listed.stderr)")
        let examples = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let server = try #require(examples.first { $0["name"] as? String == "kv-server" }, "examples: \(examples.map { $0["name"] ?? "" })")
        #expect((server["swiftFile"] as? String)?.hasSuffix("07-building-a-system/examples/kv-server.swift") == true)
        #expect((server["elixirFile"] as? String)?.hasSuffix("07-building-a-system/examples/kv-server.exs") == true)
        // It runs the capstone exercise's own solution, not a copy of it.
        #expect((server["exerciseSolution"] as? String)?.hasSuffix("07-building-a-system/exercises/kv-server/solution.swift") == true)

        let shown = try await BinaryRunner.run(["example", "kv-server"], in: folder, environment: env)
        #expect(shown.status == 0, "stderr: \(shown.stderr)")
        #expect(shown.stdout.contains("nc localhost"))
        #expect(shown.stdout.contains("exercises/kv-server/solution.swift"))

        // run looks the name up before it compiles: the old name is refused at once.
        let old = try await BinaryRunner.run(["run", "kv-server-demo"], in: folder, environment: env)
        #expect(old.status == 2)
        #expect(old.stderr.contains("no example named 'kv-server-demo'"))
    }
}
