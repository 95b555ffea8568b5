import OTP
import TourWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real Elixir node (the BEAM, `elixir --sname`) that the checker starts beside a checked
/// program when the exercise's exercise.json names an `elixirNode` script, and stops when the
/// check ends. The checker starts it, not the program: the program runs under limits the BEAM
/// cannot boot under (its JIT sizes a memory file past the 1 MiB file-size limit and dies of
/// SIGXFSZ). The node ran the exercise's script, registered with a private EPMD, and waits for
/// the test's Swift nodes to connect.
///
/// ```swift
/// let elixir = try t.elixirNode()
/// let me = try await Node.start("check", cookie: elixir.cookie, runtime: t.runtime, options: elixir.nodeOptions)
/// _ = await Node.connect(elixir.name)
/// ```
///
/// Threading: an immutable value; safe to share between threads.
public struct ElixirNode: Sendable {
    /// The node's full name, `alive@host`.
    public let name: Atom
    /// The cookie it was started with: Swift nodes that talk to it must use it.
    public let cookie: String
    /// The port of the private EPMD it is registered with.
    public let epmdPort: Int

    /// Options for a Swift node in the same cluster: the same EPMD.
    public var nodeOptions: NodeOptions {
        var options = NodeOptions()
        options.epmdPort = epmdPort
        return options
    }

    /// What the checker said about the Elixir node, read once before the first test.
    enum Availability: Sendable {
        case running(ElixirNode)
        case skipped(String)
        case failed(String)
    }

    /// Reads (and clears) the checker's variables. Without any, the program was started by hand
    /// or its exercise asks for no Elixir node.
    static func fromEnvironment() -> Availability {
        defer { ElixirNodeVariables.all.forEach { unsetenv($0) } }
        func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        if let reason = value(ElixirNodeVariables.failed) { return .failed(reason) }
        if let reason = value(ElixirNodeVariables.skipped) { return .skipped(reason) }
        guard let name = value(ElixirNodeVariables.name), let cookie = value(ElixirNodeVariables.cookie),
            let port = value(ElixirNodeVariables.epmdPort).flatMap({ Int($0) })
        else {
            return .skipped("no Elixir node was started for this program (the checker starts one for exercises that ask for it)")
        }
        return .running(ElixirNode(name: Atom(name), cookie: cookie, epmdPort: port))
    }
}

extension TestContext {
    /// The real Elixir node the checker started for this check. Skips the test (reported as
    /// skipped, never as passed) when `elixir` is not installed, and fails it, saying why, when
    /// the node could not be started.
    public func elixirNode(line: Int = #line) throws -> ElixirNode {
        switch elixir {
        case .running(let node): return node
        case .skipped(let reason): throw TestSkip(reason)
        case .failed(let reason): throw TestFailure("the Elixir node this test needs could not be started: \(reason)", line: line)
        }
    }

    /// Ends the test as skipped, with `reason` shown to the learner.
    public func skip(_ reason: String) throws -> Never {
        throw TestSkip(reason)
    }
}
