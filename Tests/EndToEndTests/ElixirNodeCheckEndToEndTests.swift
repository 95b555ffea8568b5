import Foundation
import Testing

/// Lesson 6's chat-room, whose checks run a real Elixir node beside the learner's program
/// (exercise.json's `elixirNode`), through the real binary: with elixir, the starter fails and
/// the reference solution passes every test, the Elixir one included, and the node and its EPMD
/// are gone after the check; without elixir on PATH, the Elixir test is reported as skipped (not
/// passed) and the solution passes the others.
@Suite(.serialized, .enabled(if: RequiredTools.binaryTestsRun, "the elixirtour binary is not built"))
struct ElixirNodeCheckEndToEndTests {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons")
    static let exercise = lessons.appendingPathComponent("06-distribution/exercises/chat-room")
    static let elixirTestName = "a member on a real Elixir node is in the same room, both ways"

    let folder: URL
    let environment: [String: String]

    init() async throws {
        folder = try BinaryRunner.temporaryFolder()
        environment = BinaryRunner.environment(home: folder, lessons: Self.lessons)
        let made = try await BinaryRunner.run(["init", "ws"], in: folder, environment: environment)
        #expect(made.status == 0, "init failed: \(made.stderr)")
    }

    var workspace: URL { folder.appendingPathComponent("ws") }
    var learnerFile: URL { workspace.appendingPathComponent("exercises/distribution/chat-room.swift") }

    func check(_ file: String, environment: [String: String]) async throws -> (BinaryRunner.Result, [String: Any]?) {
        try? FileManager.default.removeItem(at: learnerFile)
        try FileManager.default.copyItem(at: Self.exercise.appendingPathComponent(file), to: learnerFile)
        let result = try await BinaryRunner.run(["check", "chat-room", "--json"], in: workspace, environment: environment)
        let json = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any]
        return (result, json)
    }

    func statuses(_ json: [String: Any]?) -> [String: String] {
        let tests = json?["tests"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: tests.compactMap { t in (t["name"] as? String).map { ($0, t["status"] as? String ?? "?") } })
    }

    func message(_ json: [String: Any]?, of name: String) -> String {
        let tests = json?["tests"] as? [[String: Any]] ?? []
        return tests.first { $0["name"] as? String == name }?["message"] as? String ?? ""
    }

    /// The live processes whose command line contains `text`.
    static func processes(containing text: String) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return all.filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(text)
        }
    }

    /// PATH with every folder that holds `elixir` replaced by a copy (of links) without elixir,
    /// erl, epmd and their kin: the same machine, as if Elixir were not installed.
    func pathWithoutElixir() throws -> String {
        let hidden: Set = ["elixir", "elixirc", "iex", "mix", "erl", "erlc", "epmd", "escript"]
        let files = FileManager.default
        var shadows = 0
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init).map { dir -> String in
            guard files.isExecutableFile(atPath: dir + "/elixir") || files.isExecutableFile(atPath: dir + "/epmd") else { return dir }
            shadows += 1
            let shadow = folder.appendingPathComponent("path-\(shadows)")
            try? files.createDirectory(at: shadow, withIntermediateDirectories: true)
            for name in (try? files.contentsOfDirectory(atPath: dir)) ?? [] where !hidden.contains(name) {
                try? files.createSymbolicLink(atPath: shadow.appendingPathComponent(name).path, withDestinationPath: dir + "/" + name)
            }
            return shadow.path
        }
        return path.joined(separator: ":")
    }

    @Test(.enabled(if: RequiredTools.elixirTestsRun, "elixir is not installed (apt-get install elixir)"))
    func withElixirTheStarterFailsAndTheSolutionPassesBesideARealElixirNode() async throws {
        _ = try RequiredTools.require(RequiredTools.elixir, "elixir")
        let (starter, starterJSON) = try await check("starter.swift", environment: environment)
        #expect(starter.status == 1, "\(starter.stdout)\(starter.stderr)")
        #expect(starterJSON?["status"] as? String == "fail")
        #expect(statuses(starterJSON)[Self.elixirTestName] == "fail", "\(starter.stdout)")

        let (solution, json) = try await check("solution.swift", environment: environment)
        #expect(solution.status == 0, "\(solution.stdout)\(solution.stderr)")
        #expect(json?["status"] as? String == "pass")
        #expect(statuses(json).count == 4)
        #expect(statuses(json).values.allSatisfy { $0 == "pass" }, "\(solution.stdout)")
        // The node the check started is gone, and so is its EPMD.
        let build = workspace.appendingPathComponent(".elixirtour/build/chat-room")
        let ready = try FileManager.default.contentsOfDirectory(atPath: build.path).first { $0.hasPrefix("elixir-node-") && $0.hasSuffix(".ready") }
        let tag = try #require(ready).dropFirst("elixir-node-".count).dropLast(".ready".count)
        #expect(Self.processes(containing: "tour_elixir_\(tag)").isEmpty, "the Elixir node outlived its check")
    }

    @Test func withoutElixirTheElixirTestIsSkippedNotPassed() async throws {
        var environment = environment
        environment["PATH"] = try pathWithoutElixir()
        let (solution, json) = try await check("solution.swift", environment: environment)
        #expect(solution.status == 0, "\(solution.stdout)\(solution.stderr)")
        #expect(json?["status"] as? String == "pass")
        // results.json (version 2) has no skip; the test is there, and not as a pass.
        #expect(statuses(json)[Self.elixirTestName] == "error")
        #expect(message(json, of: Self.elixirTestName).hasPrefix("skipped: elixir is not installed"), "\(solution.stdout)")
        #expect(statuses(json).values.filter { $0 == "pass" }.count == 3)
        // The learner's report: the test marked skipped, with why.
        let text = try await BinaryRunner.run(["check", "chat-room"], in: workspace, environment: environment)
        #expect(text.stdout.contains("All 3 tests that could run passed; 1 was skipped"), "\(text.stdout)")
        #expect(text.stdout.contains("- \(Self.elixirTestName) (skipped)"), "\(text.stdout)")
        #expect(!text.stdout.contains("✓ \(Self.elixirTestName)"))
    }
}
