import OTPCore
import OTPGenServer
import OTPSupervision
import TourObserver
import TourWire

/// Deterministic-mode programs whose traces the snapshot tests draw: the same runtime, seed and
/// virtual clock give the same events, pids and times on every run.
enum Scenarios {
    /// A trace as the tour receives it, with references written `#Reference<...>`: they come from a
    /// counter shared by every test of the process, so their numbers depend on what ran before.
    static func observed(_ events: [TraceEvent]) -> [EventRecord] {
        events.map { event in
            EventRecord(
                sequence: event.sequence, time: event.time,
                kind: EventRecord.Kind(rawValue: event.kind.rawValue)!,
                pid: event.pid.description, other: event.other?.description,
                detail: event.detail.map(hidingReferences))
        }
    }

    static func hidingReferences(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "#Reference<") {
            out += rest[..<start.upperBound]
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: ">") else { break }
            out += "..."
            rest = rest[end...]
        }
        return out + rest
    }

    /// Runs `body` as the root of a traced deterministic runtime; returns the trace and the root's pid.
    static func trace(_ body: @escaping @Sendable () async throws -> Void) async throws -> (events: [EventRecord], root: String) {
        let runtime = Runtime.deterministic(seed: 1)
        runtime.tracer.start()
        let root = try await runtime.run { () async throws -> Pid in
            try await body()
            return selfPid()
        }
        return (observed(runtime.tracer.stop()), root.description)
    }

    /// Lesson 2's request and reply: a server spawned, pinged, answering, told to stop.
    static func pingPong() async throws -> (events: [EventRecord], root: String) {
        try await trace {
            let server = spawn {
                while true {
                    let message = try await receive(Term.self) { $0 }
                    guard case .tuple(let items) = message, items.count == 2, case .pid(let from) = items[1] else { return }
                    send(from, Term.atom("pong"))
                }
            }
            send(server, Term.tuple([.atom("ping"), .pid(selfPid())]))
            _ = try await receive(Term.self) { $0 == .atom("pong") ? true : nil }
            send(server, Term.atom("stop"))
        }
    }

    /// Lesson 2's `receive … after`: nobody answers, the wait times out, then a late reply comes.
    static func receiveAfter() async throws -> (events: [EventRecord], root: String) {
        try await trace {
            let me = selfPid()
            spawn {
                try await Process.sleep(.milliseconds(300))
                send(me, Term.tuple([.atom("late"), .string("reply with a long text that has to be folded somewhere")]))
            }
            _ = try await receive(Term.self, after: .milliseconds(100))
            _ = try await receive(Term.self)
        }
    }

    /// Lesson 4's one_for_one: a registered worker crashes and its supervisor starts a new one.
    static func oneForOne() async throws -> (events: [EventRecord], root: String) {
        try await trace {
            let sup = try await Supervisor.startLink(
                [
                    Crasher.childSpec("a", id: .atom("a")),
                    Crasher.childSpec("b", id: .atom("b")),
                ],
                strategy: .oneForOne
            ).get()
            let b = try await Supervisor.whichChildren(sup).first { $0.id == .atom("b") }!.pid!
            Crasher.cast(b, .crash)
            try await Process.sleep(.milliseconds(50))
            _ = try await Supervisor.whichChildren(sup)
        }
    }

    /// Lesson 2's links-and-monitors pattern: a trapping process spawns a linked child that
    /// crashes, then spawns another by hand. No supervisor: no restart.
    static func retryByHand() async throws -> (events: [EventRecord], root: String) {
        try await trace {
            Process.trapExit(true)
            for _ in 0..<2 {
                _ = spawnLink { throw ProcessExit(reason: .atom("boom")) }
                _ = try await receive(ExitMessage.self)
            }
        }
    }

    struct Crasher: GenServer {
        typealias State = String
        enum Cast: Sendable { case crash }
        static func initialize(_ name: String) async throws -> InitResult<Self> { .ok(name) }
        static func handleCast(_ request: Cast, state: String) async throws -> NoReplyResult<Self> {
            .stop(.atom("boom"), state)
        }
    }
}

extension Scenarios {
    static func observed(_ info: OTPCore.Process.Info) -> ProcessRecord {
        ProcessRecord(
            pid: info.pid.description, registeredName: info.registeredName.map { ":" + $0.name },
            status: info.status.description, waitingIn: info.status == .waiting ? info.waitingIn : nil,
            mailboxLength: info.messageQueueLength, messages: info.messages,
            links: info.links.map(\.description), monitors: info.monitors.map(\.description),
            monitoredBy: info.monitoredBy.map(\.description), trapExit: info.trapExit,
            reductions: Int(info.reductions))
    }

    /// Lesson 4's one_for_one after the restart, seen from inside the root: the trace so far and
    /// every live process.
    static func supervisedTree() async throws -> (events: [EventRecord], processes: [ProcessRecord], root: String) {
        let runtime = Runtime.deterministic(seed: 1)
        runtime.tracer.start()
        let (processes, root) = try await runtime.run { () async throws -> ([ProcessRecord], Pid) in
            let sup = try await Supervisor.startLink(
                [
                    Crasher.childSpec("a", id: .atom("a")),
                    Crasher.childSpec("b", id: .atom("b")),
                ],
                strategy: .oneForOne
            ).get()
            try Process.register(sup, as: Atom("app"))
            let b = try await Supervisor.whichChildren(sup).first { $0.id == .atom("b") }!.pid!
            Crasher.cast(b, .crash)
            try await Process.sleep(.milliseconds(50))
            return (runtime.processes().map(observed), selfPid())
        }
        return (observed(runtime.tracer.events), processes, root.description)
    }

    /// Two processes each waiting for the other: the program is stuck.
    static func stuck() async throws -> (events: [EventRecord], processes: [ProcessRecord]) {
        let runtime = Runtime.deterministic(seed: 1)
        runtime.tracer.start()
        _ = try? await runtime.run { () async throws -> Void in
            let other = spawnLink {
                _ = try await receive(Term.self) { $0 == .atom("go") ? true : nil }
            }
            send(other, Term.atom("hello"))
            _ = try await receive(Term.self) { $0 == .atom("done") ? true : nil }
        }
        return (observed(runtime.tracer.events), runtime.processes().map(observed))
    }
}
