import Synchronization

/// The Swift functions other nodes may run on this runtime, by module and function name: what
/// `Node.spawn/4`, `:erpc.call/4` and `Task.Supervisor.async({sup, node}, module, function, args)`
/// from another node reach (an Elixir node cannot send Swift code, so it names a function
/// registered here). One table per runtime, kept in its extensions, so the distribution layer
/// (which registers and runs them for spawn requests and erpc) and the task supervisor (which runs
/// them for remote tasks) share it.
///
/// `package`: the learner registers functions through `DistributedNode.register`.
///
/// Threading: any thread; the table is guarded by its mutex.
package final class RemoteFunctions: Sendable {
    /// A function as another node calls it: the argument list in, the term it returns out.
    package typealias Function = @Sendable ([Term]) async throws -> Term

    private struct Key: Hashable {
        let module: Atom
        let function: Atom
    }

    private let table = Mutex<[Key: Function]>([:])

    package init() {}

    package func register(module: Atom, function: Atom, _ body: @escaping Function) {
        table.withLock { $0[Key(module: module, function: function)] = body }
    }

    /// The function registered as `module.function`, or nil.
    package func lookup(module: Atom, function: Atom) -> Function? {
        table.withLock { $0[Key(module: module, function: function)] }
    }

    /// The exit reason of a process that called an unregistered function, as the BEAM's
    /// `{:undef, [{module, function, args, []}]}`.
    package static func undefined(module: Atom, function: Atom, arguments: [Term]) -> Term {
        .tuple([.atom("undef"), .list([.tuple([.atom(module), .atom(function), .list(arguments), .list([])])])])
    }
}

extension Runtime {
    /// This runtime's table of functions other nodes may run (see `RemoteFunctions`).
    package var remoteFunctions: RemoteFunctions { extensions.object(RemoteFunctions.self) { RemoteFunctions() } }
}
