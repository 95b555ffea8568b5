import OTPCore

/// The Swift functions other nodes may start or call on this node, by module and name.
///
/// They are reached with the distribution protocol's own spawn request: from Elixir,
/// `Node.spawn(:"swift@host", :elixirtour, :greeter, ["hi"])` (or `Node.spawn_link/4`) starts
/// one in a new process, and `:erpc.call(:"swift@host", module, function, args)` (also
/// `:rpc.call/4`, which OTP 25 sends through erpc) runs one and answers with the term it returns;
/// from Swift, `Node.spawn(on:_:_:)` and `Erpc.call`. Functions registered with
/// `register(function:_:)` live in the module `:elixirtour`, get their argument list as one term
/// (`[]` for no arguments, the argument itself for one, the list for more) and return `:ok` to
/// an erpc call; those registered with `register(module:function:_:)` get the argument list and
/// return a term. A name that is not registered starts a process that exits at once with
/// `{:undef, [{module, function, args, []}]}`, as the BEAM's would.
///
/// The table itself is the runtime's `RemoteFunctions`, which a Swift `Task.Supervisor` also reads
/// when another node starts a task under it with a module and function.
///
/// Threading: the table is guarded by its mutex.
final class SpawnService: Sendable {
    /// The module name under which `register(function:_:)` functions live.
    static let module: Atom = "elixirtour"
    typealias Function = RemoteFunctions.Function

    private let functions: RemoteFunctions

    init(_ functions: RemoteFunctions) {
        self.functions = functions
    }

    func register(module: Atom, function name: Atom, _ function: @escaping Function) {
        functions.register(module: module, function: name, function)
    }

    /// A spawn function: its result to an erpc call is `:ok`.
    func register(_ name: Atom, _ function: @escaping @Sendable (Term) async throws -> Void) {
        register(module: Self.module, function: name) { arguments in
            try await function(Self.argument(of: arguments))
            return .atom("ok")
        }
    }

    func lookup(module: Atom, function name: Atom) -> Function? {
        functions.lookup(module: module, function: name)
    }

    /// The single term a spawn function receives for an argument list.
    static func argument(of arguments: [Term]) -> Term {
        switch arguments.count {
        case 0: .list([])
        case 1: arguments[0]
        default: .list(arguments)
        }
    }
}

/// Why a remote spawn failed.
public struct RemoteSpawnError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
