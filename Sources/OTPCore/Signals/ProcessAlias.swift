import Synchronization

/// Process aliases (OTP 24's `:erlang.alias/0,1`, Elixir 1.15's `Process.alias/0,1`): a reference
/// that works as an address of the process that made it. A message sent to an active alias lands
/// in its owner's mailbox; once the owner calls `unalias` (or the process ends) messages sent to
/// it are dropped, so a late answer never reaches a process that stopped waiting for it. An alias
/// made with `replyOnly` (Erlang's `[:reply]`) lets one message through and then deactivates.
///
/// This is the public form of the machinery a `GenServer.call` uses for its reply (a call's own
/// alias is kept in the process, see ReplyAlias.swift); the two are independent.
///
/// Checked in elixir 1.14 / OTP 25:
/// ```elixir
/// a = :erlang.alias()
/// send(a, :via_alias)              # received
/// :erlang.unalias(a)               # true
/// :erlang.unalias(a)               # false
/// send(a, :after_unalias)          # dropped
/// a2 = :erlang.alias([:reply])
/// send(a2, :one); send(a2, :two)   # only :one arrives
/// ```
///
/// Threading: every function may be called from any thread; `alias` and `unalias` act for the
/// calling process. The table is guarded by its own mutex, taken before (never inside) a
/// process's lock.
final class AliasTable: Sendable {
    struct Entry: Sendable {
        let owner: Pid
        let replyOnly: Bool
        let hook: UInt64?
    }

    let entries = Mutex<[Ref: Entry]>([:])

    static func of(_ runtime: Runtime) -> AliasTable { runtime.extensions.object(AliasTable.self) { AliasTable() } }
}

extension Process {
    /// `:erlang.alias/0,1`: a new alias of the calling process. With `replyOnly`, the alias lets
    /// one message through and then deactivates itself (Erlang's `alias([:reply])`).
    /// - Elixir: `alias = :erlang.alias()` (`Process.alias()` from Elixir 1.15)
    public static func alias(replyOnly: Bool = false) -> Ref {
        guard let me = CurrentProcess.value else { preconditionFailure("Process.alias() must be called inside a process") }
        let table = AliasTable.of(me.runtime)
        let ref = Ref.make()
        // Nothing sent to the alias can arrive before this: `receive(holding:)` starts here.
        me.mark(ref)
        let hook = me.pid.addExitHook { _ in _ = table.entries.withLock { $0.removeValue(forKey: ref) } }
        table.entries.withLock { $0[ref] = AliasTable.Entry(owner: me.pid, replyOnly: replyOnly, hook: hook) }
        return ref
    }

    /// `:erlang.unalias/1`: deactivates an alias of the calling process. Returns true if it was
    /// active, false if it was not (already deactivated, or not this process's).
    /// - Elixir: `:erlang.unalias(alias)` (`Process.unalias(alias)` from Elixir 1.15)
    @discardableResult
    public static func unalias(_ alias: Ref) -> Bool {
        guard let me = CurrentProcess.value else { return false }
        let table = AliasTable.of(me.runtime)
        let removed: AliasTable.Entry? = table.entries.withLock { entries in
            guard let entry = entries[alias], entry.owner == me.pid else { return nil }
            return entries.removeValue(forKey: alias)
        }
        guard let removed else { return false }
        if let hook = removed.hook { me.pid.removeExitHook(hook) }
        return true
    }
}

/// `send/2` to an alias: delivered to its owner while the alias is active, dropped otherwise
/// (as on the BEAM, a send never fails).
/// - Elixir: `send(alias, message)`
public func send(_ alias: Ref, _ message: some Sendable) {
    sendToAlias(alias, message as any Sendable)
}

/// `send/2` of a term to an alias: `send(alias, .tuple(.atom("reply"), 42))`.
/// - Elixir: `send(alias, {:reply, 42})`
public func send(_ alias: Ref, _ message: Term) {
    sendToAlias(alias, message as any Sendable)
}

func sendToAlias(_ alias: Ref, _ message: any Sendable) {
    let runtime = CurrentProcess.value?.runtime ?? Runtime.shared
    let table = AliasTable.of(runtime)
    let owner: Pid? = table.entries.withLock { entries in
        guard let entry = entries[alias] else { return nil }
        if entry.replyOnly { entries[alias] = nil }
        return entry.owner
    }
    guard let owner else { return }
    owner.process?.deliverSent(message)
}
