import ArgumentParser
import Foundation
import OTP

/// `elixirtour node`: distributed nodes for lesson 6.
struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run a Swift node that speaks the Erlang distribution protocol (lesson 6).",
        subcommands: [NodeStartCommand.self, NodeBenchCommand.self]
    )
}

/// `elixirtour node start NAME [--cookie C]`: a Swift node in the foreground, hosting `echo` and
/// `kv`, until Ctrl-C.
struct NodeStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a Swift node in the foreground, with an echo process and a kv GenServer.",
        discussion: """
            The node registers with epmd (or starts its own when none runs) and listens on \
            127.0.0.1. It hosts a process registered as echo, which answers {pid, msg} with \
            {:echo, msg}, and a GenServer registered as kv, which answers {:put, key, value} with \
            :ok and {:get, key} with the value or nil. Stop it with Ctrl-C.
            """
    )

    @Argument(help: "The node's name: a short name such as 'swift' (the host is added) or a full 'swift@host'.")
    var name: String

    @Option(help: "The cookie peers must share; without it the node uses ~/.erlang.cookie, creating it when missing.")
    var cookie: String?

    @Option(help: "The address to listen on; loopback unless you choose another.")
    var listen: String = "127.0.0.1"

    @Option(name: .customLong("tick-time"), help: "Seconds of silence after which a peer counts as down (net_ticktime).")
    var tickTime: Int = 60

    @Flag(help: "Start a hidden node (as iex --hidden): peers list it in Node.list(:hidden), not Node.list(), and it does not join their cluster.")
    var hidden = false

    func validate() throws {
        let alive = name.split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
        guard NodeName.isValidAlive(alive) else {
            throw ValidationError("'\(name)' is not a node name: use letters, digits, _ and - (for example: swift)")
        }
        guard tickTime >= 4 else { throw ValidationError("--tick-time must be at least 4 seconds") }
        if let cookie, cookie.isEmpty { throw ValidationError("--cookie must not be empty") }
    }

    func run() throws {
        var options = NodeOptions()
        options.listenHost = listen
        options.tickTime = .seconds(tickTime)
        options.hidden = hidden
        let name = self.name
        let cookie = self.cookie
        let chosen = options
        let runtime = Runtime.shared
        let node: DistributedNode
        do {
            node = try blocking { try await DistributedNode.start(name: name, cookie: cookie, runtime: runtime, options: chosen) }
        } catch {
            FileHandle.standardError.write(Data("elixirtour node: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let started = try blocking {
            try await runtime.run { () -> Bool in
                let echo = spawn { try await EchoProcess.run() }
                Greeter.register(on: node)
                TourFunctions.register(on: node)
                TourClusterFunctions.register(on: node)
                // :pg's default scope, with the echo process in the group :echo; and the task
                // supervisor :tasks, for Task.Supervisor.async({:tasks, node}, :tour, …).
                _ = try await PG.start()
                try await PG.join(.atom("echo"), echo)
                // A visible node also has echo under the :global name :echo.
                if !node.options.hidden { _ = try await Global.registerName(Atom("echo"), echo) }
                // The supervisor is linked to a process that outlives this run (a supervisor ends
                // with the process that started it).
                let me = selfPid()
                spawn {
                    let started = try await TaskSupervisor.startLink(name: "tasks")
                    send(me, Term.atom(started.pid == nil ? "tasks_failed" : "tasks_up"))
                    _ = try await receive(Never.self)
                }
                guard try await receive(Term.self, after: .seconds(10), { $0 }) == .atom("tasks_up") else { return false }
                if case .ok = try await KVServer.start(name: KVServer.name) { return true }
                return false
            }
        }
        guard started else {
            FileHandle.standardError.write(Data("elixirtour node: the kv server did not start\n".utf8))
            throw ExitCode(1)
        }
        let full = node.name.name
        let cookieHint = cookie == nil ? "" : " --cookie YOUR_COOKIE"
        let banner = """
            Swift node \(full) is up on \(listen):\(node.port), hosting echo and kv; it lets others spawn :elixirtour.greet,
            call :tour.square/1, :tour.nap/1 and :tour.fail/1 (with :erpc, or as tasks under its Task.Supervisor :tasks),
            and its :pg scope has echo in the group :echo\(hidden ? "" : " (and :global has it as :echo)").
            Reach it from another terminal:
              iex --sname learner\(cookieHint)
              iex> Node.ping(:"\(full)")
              iex> send({:echo, :"\(full)"}, {self(), :hello}); flush()
              iex> GenServer.call({:kv, :"\(full)"}, {:put, :lang, "Swift"})
              iex> GenServer.call({:kv, :"\(full)"}, {:get, :lang})
              iex> Node.spawn(:"\(full)", :elixirtour, :greet, [self()]); flush()
            \(hidden ? "It is a hidden node: Node.list(:hidden) shows it." : "It is a visible node: Node.list() shows it, and it meshes with the nodes it meets.") Ctrl-C stops it.

            """
        // Written unbuffered, so a script reading the output sees it at once.
        FileHandle.standardOutput.write(Data(banner.utf8))
        waitForStopSignal()
        _ = try? blocking {
            await node.stop()
            return true
        }
        print("Swift node \(full) stopped.")
    }

    /// Blocks until SIGINT or SIGTERM.
    private func waitForStopSignal() {
        let stop = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        stop.wait()
        for source in sources { source.cancel() }
    }
}

/// `elixirtour node bench`: messages per second between two nodes on loopback.
struct NodeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure messages per second between two nodes on loopback: Swift and BEAM pairs.",
        discussion: """
            Runs Swift->Swift, then (when erl is installed) BEAM->BEAM, Swift->BEAM and \
            BEAM->Swift, each sending the same stream of {:msg, i} tuples to a sink on the other \
            node. Build in release mode first (swift build -c release).
            """
    )

    @Option(help: "How many messages each pair sends.")
    var messages: Int = 200_000

    func validate() throws {
        guard messages > 0 else { throw ValidationError("--messages must be positive") }
    }

    func run() throws {
        let count = messages
        let (results, skipped) = try blocking { try await DistributionBenchmark.all(messages: count) }
        for result in results { print(result) }
        if let skipped { print(skipped) }
    }
}
