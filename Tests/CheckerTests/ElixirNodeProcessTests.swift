import Foundation
import Testing

@testable import Checker

/// The real Elixir node the checker starts beside a check (`ElixirNodeProcess`): up with its
/// script run and registered with its private EPMD; gone, EPMD and all, once stopped or once the
/// checker's end of the control pipe closes; a script that fails is a prompt failure with the
/// node's own words, not a wait; no elixir is a skip reason.
@Suite(.serialized, .enabled(if: RequiredTools.elixirTestsRun, "elixir is not installed (apt-get install elixir)"))
struct ElixirNodeProcessTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("elixirtour-elixir-node-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func script(_ text: String) throws -> URL {
        let file = folder.appendingPathComponent("node.exs")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// What `epmd -port P -names` prints, or nil when no EPMD answers there (run and waited for
    /// off the cooperative pool).
    static func epmdNames(port: Int) async throws -> String? {
        let epmd = try #require(ChildProcess.which("epmd"), "epmd comes with erlang beside elixir")
        let out = try await offPool {
            try ChildProcess.run(executable: epmd, arguments: ["-port", String(port), "-names"], environment: [:], timeout: .seconds(20))
        }
        return out.termination == .exited(0) ? out.text : nil
    }

    /// `node.waitUntilUp` (up to the checker's start limit), waited for off the cooperative pool.
    static func waitUntilUp(_ node: ElixirNodeProcess) async throws -> String? {
        nonisolated(unsafe) let node = node
        return try await offPool { node.waitUntilUp(deadline: .now + .seconds(ElixirNodeProcess.startSeconds), interrupted: { false }) }
    }

    /// `node.stop()` (which waits up to 5 s for the node's group to go), off the cooperative pool.
    static func stop(_ node: ElixirNodeProcess) async throws {
        nonisolated(unsafe) let node = node
        try await offPool { node.stop() }
    }

    /// The pids of live processes whose command line contains `text` (zombies have none).
    static func processes(containing text: String) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return all.filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(text)
        }
    }

    @Test func itRunsTheScriptRegistersWithItsEPMDAndLeavesNothingBehind() async throws {
        _ = try RequiredTools.require(RequiredTools.elixir, "elixir")
        let file = try script("Process.register(spawn(fn -> Process.sleep(:infinity) end), :waiter)\n")
        guard case .started(let node) = ElixirNodeProcess.launch(script: file, folder: folder, environment: ProcessInfo.processInfo.environment)
        else {
            Issue.record("the node did not launch")
            return
        }
        let reason = try await Self.waitUntilUp(node)
        #expect(reason == nil, "\(reason ?? "")")
        #expect(node.name?.hasPrefix(node.alive + "@") == true, "\(node.name ?? "no name")")
        let names = try await Self.epmdNames(port: node.epmdPort)
        #expect(names?.contains("name \(node.alive) at port") == true, "\(names ?? "no epmd")")
        #expect(!Self.processes(containing: node.alive).isEmpty)
        try await Self.stop(node)
        #expect(Self.processes(containing: node.alive).isEmpty, "the BEAM outlived stop()")
        #expect(Self.processes(containing: "-port \(node.epmdPort)").isEmpty, "EPMD outlived stop()")
        #expect(try await Self.epmdNames(port: node.epmdPort) == nil)
    }

    @Test func theNodeGoesWhenTheCheckersEndOfThePipeCloses() async throws {
        _ = try RequiredTools.require(RequiredTools.elixir, "elixir")
        let file = try script(":ok\n")
        guard case .started(let node) = ElixirNodeProcess.launch(script: file, folder: folder, environment: ProcessInfo.processInfo.environment)
        else {
            Issue.record("the node did not launch")
            return
        }
        #expect(try await Self.waitUntilUp(node) == nil)
        // As when the checker is killed: only the pipe closes, nobody kills the group.
        node.closeControl()
        let (alive, epmdPort) = (node.alive, node.epmdPort)
        try await offPool {
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline && !(Self.processes(containing: alive) + Self.processes(containing: "-port \(epmdPort)")).isEmpty {
                usleep(50_000)
            }
        }
        #expect(Self.processes(containing: node.alive).isEmpty, "the BEAM outlived its checker")
        #expect(Self.processes(containing: "-port \(node.epmdPort)").isEmpty, "EPMD outlived its checker")
        try await Self.stop(node)
    }

    @Test func aScriptThatFailsIsAPromptFailureInTheNodesWords() async throws {
        _ = try RequiredTools.require(RequiredTools.elixir, "elixir")
        let file = try script("raise \"no chat scope today\"\n")
        guard case .started(let node) = ElixirNodeProcess.launch(script: file, folder: folder, environment: ProcessInfo.processInfo.environment)
        else {
            Issue.record("the node did not launch")
            return
        }
        let start = ContinuousClock.now
        let reason = try await Self.waitUntilUp(node)
        #expect(reason?.contains("no chat scope today") == true, "\(reason ?? "it came up")")
        #expect(start.duration(to: .now) < .seconds(ElixirNodeProcess.startSeconds))
        #expect(Self.processes(containing: node.alive).isEmpty)
        #expect(Self.processes(containing: "-port \(node.epmdPort)").isEmpty)
    }
}

@Suite struct ElixirNodeWithoutElixirTests {
    @Test func withoutElixirOnPathTheTestsThatNeedItAreSkipped() {
        let launch = ElixirNodeProcess.launch(
            script: URL(fileURLWithPath: "/nonexistent/node.exs"), folder: FileManager.default.temporaryDirectory,
            environment: ["PATH": "/nonexistent"])
        guard case .unavailable(let reason) = launch else {
            Issue.record("expected no node, got \(launch)")
            launch.stop()
            return
        }
        #expect(reason.hasPrefix("elixir is not installed"))
    }
}
