import OTPCore

/// What a server does after a callback, besides waiting for the next message (Elixir's optional
/// last element of a callback tuple).
///
/// Threading: a value type; safe to share when `Continue` is.
/// - Elixir: the optional last element: `{:reply, r, s, timeout}`, `:hibernate`, `{:continue, c}`
public enum Next<Server: GenServer> {
    /// `timeout`: if no message comes within `d`, `handleInfo` gets the atom `:timeout`.
    case timeout(Duration)
    /// `:hibernate`: accepted for fidelity; this runtime keeps no per-process heap to compact.
    case hibernate
    /// `{:continue, c}`: run `handleContinue(c)` before taking any message.
    case `continue`(Server.Continue)
}

/// `init/1`'s return: `{:ok, state}`, `{:ok, state, next}`, `:ignore` or `{:stop, reason}`.
/// - Elixir:
///   ```elixir
///   # what init/1 returns
///   {:ok, state}
///   {:ok, state, next}
///   :ignore
///   {:stop, reason}
///   ```
public enum InitResult<Server: GenServer> {
    case ok(Server.State, Next<Server>? = nil)
    /// The start returns `.ignore` and the process exits normally.
    case ignore
    /// The start returns `.error(reason)` and the process exits with `reason`.
    case stop(Term)
}

/// `handle_call/3`'s return.
/// - Elixir:
///   ```elixir
///   # what handle_call/3 returns
///   {:reply, reply, state}
///   {:noreply, state}
///   {:stop, reason, state}
///   {:stop, reason, reply, state}
///   ```
public enum CallResult<Server: GenServer> {
    /// `{:reply, reply, state}`.
    case reply(Server.Reply, Server.State, Next<Server>? = nil)
    /// `{:noreply, state}`: answer later with `Server.reply(from, value)`.
    case noreply(Server.State, Next<Server>? = nil)
    /// `{:stop, reason, state}`: the caller gets no reply (unless one was sent with `reply`).
    case stop(Term, Server.State)
    /// `{:stop, reason, reply, state}`: reply first, then terminate.
    case stopAndReply(Term, Server.Reply, Server.State)
}

/// The return of `handle_cast/2`, `handle_info/2` and `handle_continue/2`.
/// - Elixir:
///   ```elixir
///   # what handle_cast/2, handle_info/2
///   # and handle_continue/2 return
///   {:noreply, state}
///   {:stop, reason, state}
///   ```
public enum NoReplyResult<Server: GenServer> {
    /// `{:noreply, state}`.
    case noreply(Server.State, Next<Server>? = nil)
    /// `{:stop, reason, state}`.
    case stop(Term, Server.State)
}
