import Testing

@testable import OTPCore

/// Timers and exit signals checked one by one against Elixir 1.14 / OTP 25 (issue 17). Each
/// test quotes the `elixir` lines whose output it mirrors.
@Suite struct CoreElixirParityTests {
    /// ```elixir
    /// t = Process.send_after(self(), :tick, 100)
    /// Process.cancel_timer(t)    # 100
    /// Process.cancel_timer(t)    # false
    /// t = Process.send_after(self(), :tick2, 10)
    /// Process.sleep(50)
    /// Process.cancel_timer(t)    # false
    /// Process.info(self(), :messages)   # {:messages, [:tick2]}: the stale message stays
    /// ```
    @Test func cancelTimerGivesTheTimeLeftAndAFiredTimersMessageStays() async throws {
        let rt = Runtime.deterministic(seed: 1703)
        let (left, again, fired, stale, after) = try await rt.run { () -> (Duration?, Duration?, Duration?, Term?, Term?) in
            let me = selfPid()
            let t = Process.sendAfter(me, .atom("tick"), after: .milliseconds(100))
            let left = Process.cancelTimer(t)
            let again = Process.cancelTimer(t)
            let t2 = Process.sendAfter(me, .atom("tick2"), after: .milliseconds(10))
            try await Process.sleep(.milliseconds(50))
            let fired = Process.cancelTimer(t2)
            let stale = try await receive(Term.self, after: .zero)
            let after = try await receive(Term.self, after: .milliseconds(200))
            return (left, again, fired, stale, after)
        }
        #expect(left == .milliseconds(100))
        #expect(again == nil)
        #expect(fired == nil)
        #expect(stale == .atom("tick2"))
        #expect(after == nil, "the cancelled :tick never comes")
    }

    /// ```elixir
    /// Process.flag(:trap_exit, true)
    /// p = spawn_link(fn -> Process.sleep(:infinity) end)
    /// Process.exit(p, :kill)
    /// receive do m -> m end   # {:EXIT, p, :killed}
    /// ```
    @Test func killArrivesAlongALinkAsKilled() async throws {
        let rt = Runtime.deterministic(seed: 1704)
        let (pid, exit) = try await rt.run { () -> (Pid, ExitMessage) in
            Process.trapExit(true)
            let p = spawnLink { try await Process.sleep(.seconds(3600)) }
            Process.exit(p, .kill)
            return (p, try await receive(ExitMessage.self))
        }
        #expect(exit.pid == pid)
        #expect(exit.reason == .killed)
    }

    /// `unlink` does not take back an `:EXIT` message already in the mailbox:
    /// ```elixir
    /// Process.flag(:trap_exit, true)
    /// p = spawn_link(fn -> :ok end)
    /// Process.sleep(50)
    /// Process.unlink(p)
    /// Process.info(self(), :messages)   # {:messages, [{:EXIT, p, :normal}]}
    /// ```
    @Test func unlinkLeavesADeliveredExitMessage() async throws {
        let rt = Runtime.deterministic(seed: 1705)
        let (pid, exit) = try await rt.run { () -> (Pid, ExitMessage?) in
            Process.trapExit(true)
            let p = spawnLink {}
            try await Process.sleep(.milliseconds(50))
            Process.unlink(p)
            return (p, try await receive(ExitMessage.self, after: .zero))
        }
        #expect(exit?.pid == pid)
        #expect(exit?.reason == .normal)
    }

    /// A trapping child hears its parent's exit as a message:
    /// ```elixir
    /// parent = spawn(fn ->
    ///   c = spawn_link(fn -> Process.flag(:trap_exit, true); send(me, :ready); receive do m -> send(me, {:child_got, m}) end end)
    ///   receive do :go -> exit(:bye) end
    /// end)
    /// # the child gets {:EXIT, parent, :bye}
    /// ```
    @Test func aTrappingChildGetsItsParentsExit() async throws {
        let rt = Runtime.deterministic(seed: 1706)
        let (parent, got) = try await rt.run { () -> (Pid, ExitMessage) in
            let me = selfPid()
            let parent = spawn {
                spawnLink {
                    Process.trapExit(true)
                    send(me, .atom("ready"))
                    send(me, try await receive(ExitMessage.self))
                }
                _ = try await receive(Term.self) { $0 == .atom("go") ? () : nil }
                try Process.exit(.atom("bye"))
            }
            _ = try await receive(Term.self) { $0 == .atom("ready") ? () : nil }
            send(parent, .atom("go"))
            return (parent, try await receive(ExitMessage.self))
        }
        #expect(got.pid == parent)
        #expect(got.reason == .atom("bye"))
    }

    /// ```elixir
    /// a = :erlang.alias()
    /// send(a, :via_alias)              # received
    /// :erlang.unalias(a)               # true
    /// :erlang.unalias(a)               # false
    /// send(a, :after_unalias)          # dropped
    /// a2 = :erlang.alias([:reply])
    /// send(a2, :one); send(a2, :two)   # :one arrives, :two does not
    /// ```
    @Test func aliasesDeliverUntilUnaliasedAndAReplyAliasOnce() async throws {
        let rt = Runtime.deterministic(seed: 1707)
        let seen = try await rt.run { () -> [String] in
            var seen: [String] = []
            let a = Process.alias()
            send(a, .atom("via_alias"))
            seen.append((try await receive(Term.self, after: .zero))?.description ?? "nothing")
            seen.append("\(Process.unalias(a))")
            seen.append("\(Process.unalias(a))")
            send(a, .atom("after_unalias"))
            seen.append((try await receive(Term.self, after: .milliseconds(50)))?.description ?? "nothing")
            let a2 = Process.alias(replyOnly: true)
            send(a2, .atom("one"))
            send(a2, .atom("two"))
            seen.append((try await receive(Term.self, after: .milliseconds(50)))?.description ?? "nothing")
            seen.append((try await receive(Term.self, after: .milliseconds(50)))?.description ?? "nothing")
            // Another process's alias is not this one's to remove; a message from elsewhere gets through.
            let me = selfPid()
            let other = spawn {
                let b = Process.alias()
                send(me, .ref(b))
                send(me, .atom(try await receive(Term.self) == .atom("hi") ? "other got hi" : "other got something else"))
            }
            _ = other
            guard case .ref(let b) = try await receive(Term.self) else { return seen + ["no alias"] }
            seen.append("\(Process.unalias(b))")
            send(b, .atom("hi"))
            seen.append((try await receive(Term.self)).description)
            return seen
        }
        #expect(seen == [":via_alias", "true", "false", "nothing", ":one", "nothing", "false", ":\"other got hi\""])
    }
}

/// An exception struct in an exit reason inspects as Elixir writes it:
/// `{%RuntimeError{message: "attempted to cast ..."}, [...]}` (elixir 1.14's EXIT of a GenServer
/// without handle_cast/2).
@Suite struct ExceptionInspectTests {
    @Test func exceptionStructsPrintAsStructs() {
        #expect(Term.exception("Elixir.RuntimeError", message: "boom").description == #"%RuntimeError{message: "boom"}"#)
        let plain: Term = .map([.atom("__struct__"): .atom("Elixir.Foo"), .atom("a"): .int(1)])
        #expect(plain.description == "%{__struct__: Foo, a: 1}", "a struct that is not an exception stays a map")
    }
}
