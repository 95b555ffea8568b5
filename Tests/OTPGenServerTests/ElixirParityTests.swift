import OTPCore
import Testing

@testable import OTPGenServer

/// GenServer behaviours checked one by one against Elixir 1.14 / OTP 25 (issue 17). Each test
/// names the `elixir` script whose output it mirrors.
@Suite struct ElixirParityTests {
    init() { _ = crashReports }

    /// `init/1`'s every return, as the `I` module of this script answers them:
    /// ```elixir
    /// defmodule I do
    ///   use GenServer
    ///   def init(:ignore), do: :ignore
    ///   def init(:stop), do: {:stop, :nope}
    ///   def init(:timeout), do: {:ok, 0, 50}
    ///   def init(:hib), do: {:ok, 0, :hibernate}
    ///   def init(:cont), do: {:ok, [:init], {:continue, :load}}
    ///   def handle_continue(:load, s), do: {:noreply, [:continued | s]}
    ///   def handle_info(:timeout, s), do: {:noreply, [:timeout | List.wrap(s)]}
    ///   def handle_call(:get, _f, s), do: {:reply, s, s}
    ///   def handle_call(:t, _f, s), do: {:reply, :ok, s, 20}
    /// end
    /// Process.flag(:trap_exit, true)
    /// GenServer.start_link(I, :ignore)   # :ignore, then {:EXIT, pid, :normal}
    /// GenServer.start_link(I, :stop)     # {:error, :nope}, then {:EXIT, pid, :nope}
    /// {:ok, p} = GenServer.start_link(I, :timeout); Process.sleep(100); GenServer.call(p, :get)  # [:timeout, 0]
    /// {:ok, p} = GenServer.start_link(I, :hib); GenServer.call(p, :get)                         # 0
    /// {:ok, p} = GenServer.start_link(I, :cont); GenServer.call(p, :get)                        # [:continued, :init]
    /// GenServer.call(p, :t); Process.sleep(50); GenServer.call(p, :get)                         # [:timeout, :continued, :init]
    /// ```
    struct I: GenServer {
        typealias State = [Term]
        typealias Argument = String
        enum Call: Sendable { case get, t }
        typealias Reply = Term
        typealias Continue = String

        static func initialize(_ how: String) async throws -> InitResult<Self> {
            switch how {
            case "ignore": return .ignore
            case "stop": return .stop(.atom("nope"))
            case "timeout": return .ok([.int(0)], .timeout(.milliseconds(50)))
            case "hib": return .ok([.int(0)], .hibernate)
            default: return .ok([.atom("init")], .continue("load"))
            }
        }
        static func handleContinue(_ argument: String, state: [Term]) async throws -> NoReplyResult<Self> {
            .noreply([.atom("continued")] + state)
        }
        static func handleInfo(_ message: any Sendable, state: [Term]) async throws -> NoReplyResult<Self> {
            guard let term = message as? Term, term == .timeout else { return .noreply(state) }
            return .noreply([.timeout] + state)
        }
        static func handleCall(_ request: Call, from: From, state: [Term]) async throws -> CallResult<Self> {
            switch request {
            case .get: return .reply(.list(state), state)
            case .t: return .reply(.ok, state, .timeout(.milliseconds(20)))
            }
        }
    }

    @Test func everyInitReturnAndTheStartResultsOfStartLink() async throws {
        let rt = Runtime.deterministic(seed: 1701)
        let seen = try await rt.run { () -> [String] in
            Process.trapExit(true)
            var seen: [String] = []
            let ignored = try await I.startLink("ignore")
            seen.append(ignored.description)
            seen.append((try await receive(ExitMessage.self, after: .milliseconds(50)) { $0.reason }).map(\.description) ?? "no exit")
            let stopped = try await I.startLink("stop")
            seen.append(stopped.description)
            seen.append((try await receive(ExitMessage.self, after: .milliseconds(50)) { $0.reason }).map(\.description) ?? "no exit")
            let timed = try await I.startLink("timeout").get()
            try await Process.sleep(.milliseconds(100))
            seen.append(try await I.call(timed, .get).description)
            let hibernating = try await I.startLink("hib").get()
            seen.append(try await I.call(hibernating, .get).description)
            let continued = try await I.startLink("cont").get()
            seen.append(try await I.call(continued, .get).description)
            _ = try await I.call(continued, .t)
            try await Process.sleep(.milliseconds(50))
            seen.append(try await I.call(continued, .get).description)
            return seen
        }
        #expect(
            seen == [
                ":ignore", ":normal", "{:error, :nope}", ":nope", "[:timeout, 0]", "[0]", "[:continued, :init]",
                "[:timeout, :continued, :init]",
            ])
    }

    /// A `handleCall` that returns `{:noreply, state}` and has another process answer with
    /// `GenServer.reply(from, value)`:
    /// ```elixir
    /// def handle_call(:later, from, s) do
    ///   spawn(fn -> Process.sleep(10); GenServer.reply(from, {:late, self() != from}) end)
    ///   {:noreply, s}
    /// end
    /// GenServer.call(p, :later)   # {:late, true}
    /// ```
    struct Delegating: GenServer {
        typealias State = Void
        enum Call: Sendable { case later }
        typealias Reply = Term

        static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }
        static func handleCall(_ request: Call, from: From, state: Void) async throws -> CallResult<Self> {
            spawn {
                try await Process.sleep(.milliseconds(10))
                reply(from, .tuple(.atom("late"), selfPid() != from.pid ? .true : .false))
            }
            return .noreply(())
        }
    }

    @Test func anotherProcessRepliesToADeferredCall() async throws {
        let rt = Runtime.deterministic(seed: 1702)
        let answer = try await rt.run { () -> Term in
            let server = try await Delegating.startLink().get()
            return try await Delegating.call(server, .later)
        }
        #expect(answer == .tuple(.atom("late"), .true))
    }

    /// The call's tag, as OTP 25 sends it: the `from` a `handle_call` gets is `{pid, [:alias | ref]}`,
    /// the request `{:"$gen_call", {pid, [:alias | ref]}, request}` and the reply
    /// `{[:alias | ref], reply}`:
    /// ```elixir
    /// def handle_call(:from, from, s), do: {:reply, from, s}
    /// GenServer.call(pid, :from)   # {#PID<0.96.0>, [:alias | #Reference<...>]}
    /// # traced (:erlang.trace(self(), true, [:receive])), the caller receives
    /// # {[:alias | #Reference<...>], {#PID<0.96.0>, [:alias | #Reference<...>]}}
    /// # and the server {:"$gen_call", {#PID<0.96.0>, [:alias | #Reference<...>]}, :from}
    /// ```
    struct Echo: GenServer {
        typealias State = Void
        enum Call: Sendable { case from }
        typealias Reply = Term
        static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }
        static func handleCall(_ request: Call, from: From, state: Void) async throws -> CallResult<Self> {
            .reply(from.term, ())
        }
    }

    @Test func aCallIsTaggedWithTheCallersAliasAsInOTP25() async throws {
        let rt = Runtime.deterministic(seed: 1708)
        let (me, from) = try await rt.run { () -> (Pid, Term) in
            let server = try await Echo.startLink().get()
            rt.tracer.start()
            let from = try await Echo.call(server, .from)
            return (selfPid(), from)
        }
        let sends = rt.tracer.stop().filter { $0.kind == .send }.compactMap(\.detail)
        guard case .tuple(let items) = from, items.count == 2, case .improperList(let head, let tail) = items[1],
            case .ref(let ref) = tail
        else {
            Issue.record("from is \(from)")
            return
        }
        #expect(items[0] == .pid(me))
        #expect(head == [.atom("alias")])
        let tag = "[:alias | \(ref)]"
        #expect(from.description == "{\(me), \(tag)}")
        #expect(sends.contains("{:\"$gen_call\", {\(me), \(tag)}, :from}"), "\(sends)")
        #expect(sends.contains("{\(tag), {\(me), \(tag)}}"), "\(sends)")
    }

    /// A server without `handleCast` / `handleCall`, as a module with only `init/1` under
    /// `use GenServer` in Elixir 1.14:
    /// ```elixir
    /// defmodule N do
    ///   use GenServer
    ///   def init(x), do: {:ok, x}
    /// end
    /// Process.flag(:trap_exit, true)
    /// {:ok, p2} = GenServer.start_link(N, 0); GenServer.cast(p2, :hello)
    /// # {:EXIT, p2, {%RuntimeError{message: "attempted to cast GenServer #PID<0.109.0> but no
    /// #   handle_cast/2 clause was provided"}, [{N, :handle_cast, 2, [file: 'lib/gen_server.ex', ...]}, ...]}}
    /// {:ok, p3} = GenServer.start_link(N, 0)
    /// try do GenServer.call(p3, :hello) catch :exit, e -> e end
    /// # {{%RuntimeError{message: "attempted to call GenServer #PID<0.110.0> but no handle_call/3
    /// #   clause was provided"}, [...]}, {GenServer, :call, [#PID<0.110.0>, :hello, 5000]}}
    /// ```
    struct Bare: GenServer {
        typealias State = Int
        enum Call: Sendable { case hello }
        typealias Reply = Int
        enum Cast: Sendable { case hello }
        static func initialize(_: Void) async throws -> InitResult<Self> { .ok(0) }
    }

    @Test func missingCastAndCallClausesRaiseAsUseGenServerDoes() async throws {
        let rt = Runtime.deterministic(seed: 1710)
        let reports = capturedReports(of: rt)
        let (castServer, castExit, callServer, callExit, linkExit) = try await rt.run { () -> (Pid, Term, Pid, Term, Term) in
            Process.trapExit(true)
            let p2 = try await Bare.startLink().get()
            Bare.cast(p2, .hello)
            let castExit = try await receive(ExitMessage.self) { $0.pid == p2 ? $0.reason : nil }
            let p3 = try await Bare.startLink().get()
            var callExit: Term = .nil
            do {
                _ = try await Bare.call(p3, .hello)
            } catch let exit as ProcessExit {
                callExit = exit.reason
            }
            let linkExit = try await receive(ExitMessage.self) { $0.pid == p3 ? $0.reason : nil }
            return (p2, castExit, p3, callExit, linkExit)
        }
        func raised(_ message: String) -> (Term) -> Bool {
            { reason in
                guard case .tuple(let items) = reason, items.count == 2, case .list(let frames) = items[1], frames.count == 1,
                    case .tuple(let frame) = frames[0], frame.count == 4
                else { return false }
                return items[0] == .exception("Elixir.RuntimeError", message: message)
            }
        }
        let castMessage = "attempted to cast GenServer \(castServer) but no handle_cast/2 clause was provided"
        let callMessage = "attempted to call GenServer \(callServer) but no handle_call/3 clause was provided"
        #expect(raised(castMessage)(castExit), "\(castExit)")
        #expect(raised(callMessage)(linkExit), "\(linkExit)")
        guard case .tuple(let items) = castExit, case .list(let frames) = items[1], case .tuple(let frame) = frames[0] else { return }
        #expect(frame[0] == .atom("Bare") && frame[1] == .atom("handleCast") && frame[2] == .int(2))
        #expect(
            callExit
                == .tuple(linkExit, .tuple(.atom("Elixir.GenServer"), .atom("call"), .list([.pid(callServer), .atom("hello"), .int(5000)]))))
        // The report reads as Elixir's: the exception's line, then the frame.
        let report = reports.all.first { $0.contains(castMessage) } ?? ""
        #expect(report.contains("** (RuntimeError) \(castMessage)\n    OTPGenServer/GenServer.swift:"), "\(report)")
        #expect(report.contains(": Bare.handleCast/2"), "\(report)")
    }

    /// `:sys.get_state` / `:sys.replace_state`, answered by the server's loop between callbacks; a
    /// system message restarts a pending timeout, as OTP 25's loop does:
    /// ```elixir
    /// defmodule S do use GenServer; def init(x), do: {:ok, x} end
    /// {:ok, pid} = GenServer.start_link(S, 5)
    /// :sys.get_state(pid)                          # 5
    /// :sys.replace_state(pid, fn s -> s * 2 end)   # 10
    /// :sys.get_state(pid)                          # 10
    /// # traced, the server receives {:system, {#PID<0.96.0>, [:alias | #Reference<...>]}, :get_state}
    /// defmodule T do
    ///   use GenServer
    ///   def init(x), do: {:ok, x, 100}
    ///   def handle_info(:timeout, s), do: {:noreply, [:timeout | s]}
    /// end
    /// {:ok, p} = GenServer.start_link(T, [])
    /// Process.sleep(60); :sys.get_state(p)   # [] (three times: each get_state restarts the 100 ms)
    /// pid = spawn(fn -> :ok end); Process.sleep(10)
    /// try do :sys.get_state(pid) catch :exit, e -> e end   # {:noproc, {:sys, :get_state, [pid]}}
    /// ```
    struct T: GenServer {
        typealias State = [Term]
        static func initialize(_: Void) async throws -> InitResult<Self> { .ok([], .timeout(.milliseconds(100))) }
        static func handleInfo(_ message: any Sendable, state: [Term]) async throws -> NoReplyResult<Self> {
            .noreply([.timeout] + state)
        }
    }

    @Test func sysGetAndReplaceStateGoThroughTheLoop() async throws {
        let rt = Runtime.deterministic(seed: 1711)
        let (seen, sends, me) = try await rt.run { () -> ([String], [String], Pid) in
            var seen: [String] = []
            let counter = try await Counter.startLink(5).get()
            rt.tracer.start(only: [counter])
            seen.append("\(try await Counter.getState(counter))")
            let sends = rt.tracer.stop().filter { $0.kind == .receive }.compactMap(\.detail)
            seen.append("\(try await Counter.replaceState(counter) { $0 * 2 })")
            seen.append("\(try await Counter.getState(counter))")
            seen.append("\(try await Counter.call(counter, .get))")
            let t = try await T.startLink().get()
            for _ in 0..<3 {
                try await Process.sleep(.milliseconds(60))
                seen.append(Term.list(try await T.getState(t)).description)
            }
            try await Process.sleep(.milliseconds(120))
            seen.append(Term.list(try await T.getState(t)).description)
            let dead = spawn {}
            try await Process.sleep(.milliseconds(10))
            do {
                _ = try await Counter.getState(dead)
            } catch let exit as ProcessExit {
                seen.append(exit.reason.description.replacingOccurrences(of: dead.description, with: "pid"))
            }
            return (seen, sends, selfPid())
        }
        #expect(seen == ["5", "10", "10", "10", "[]", "[]", "[]", "[:timeout]", "{:noproc, {:sys, :get_state, [pid]}}"])
        #expect(sends.contains { $0.hasPrefix("{:system, {\(me), [:alias | #Reference<") && $0.hasSuffix("]}, :get_state}") }, "\(sends)")
    }

    /// `Task.async_stream`'s default `on_timeout: :exit` exits the caller:
    /// ```elixir
    /// Task.async_stream([10, 200, 20], fn x -> Process.sleep(x); x end, timeout: 100, on_timeout: :kill_task) |> Enum.to_list()
    /// # [ok: 10, exit: :timeout, ok: 20]
    /// try do Task.async_stream([10, 200], fn x -> Process.sleep(x); x end, timeout: 100) |> Enum.to_list()
    /// catch :exit, e -> e end
    /// # {:timeout, {Task.Supervised, :stream, [100]}}
    /// ```
    @Test func asyncStreamTimeoutExitsTheCallerByDefault() async throws {
        let rt = Runtime.deterministic(seed: 1713)
        let (killed, reason) = try await rt.run { () -> ([TaskOutcome<Int>], Term) in
            let killed = try await OTPTask.asyncStream([10, 200, 20], timeout: .milliseconds(100), onTimeout: .killTask) { ms in
                try await Process.sleep(.milliseconds(ms))
                return ms
            }
            do {
                _ = try await OTPTask.asyncStream([10, 200], timeout: .milliseconds(100)) { ms in
                    try await Process.sleep(.milliseconds(ms))
                    return ms
                }
                return (killed, .nil)
            } catch let exit as ProcessExit {
                return (killed, exit.reason)
            }
        }
        #expect(killed == [.ok(10), .exit(.timeout), .ok(20)])
        #expect(reason == .tuple(.timeout, .tuple(.atom("Elixir.Task.Supervised"), .atom("stream"), .list([.int(100)]))))
        #expect(reason.description == "{:timeout, {Task.Supervised, :stream, 'd'}}")
    }

    /// `use GenServer` defines no `handle_continue/2`:
    /// ```elixir
    /// defmodule C do
    ///   use GenServer
    ///   def init(x), do: {:ok, x, {:continue, :load}}
    /// end
    /// Process.flag(:trap_exit, true)
    /// GenServer.start_link(C, 0)   # {:ok, pid}, then
    /// # {:EXIT, pid, {:undef, [{C, :handle_continue, [:load, 0], []}, {:gen_server, :try_dispatch, 4, ...}, ...]}}
    /// ```
    struct C: GenServer {
        typealias State = Term
        typealias Continue = Term
        static func initialize(_: Void) async throws -> InitResult<Self> { .ok(.int(0), .continue(.atom("load"))) }
    }

    @Test func aContinueWithoutHandleContinueIsUndef() async throws {
        let rt = Runtime.deterministic(seed: 1714)
        let (started, reason) = try await rt.run { () -> (StartResult, Term) in
            Process.trapExit(true)
            let started = try await C.startLink()
            return (started, try await receive(ExitMessage.self).reason)
        }
        #expect(started.pid != nil)
        #expect(reason == .tuple(.atom("undef"), .list([.tuple(.atom("C"), .atom("handleContinue"), .list([.atom("load"), .int(0)]), .list([]))])))
    }
}
