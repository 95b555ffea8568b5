import OTPCore
import Synchronization

/// The Swift functions other nodes may start on this node, by name.
///
/// They are reached with the distribution protocol's own spawn request, as the module
/// `:elixirtour`: from Elixir, `Node.spawn(:"swift@host", :elixirtour, :greeter, ["hi"])` (or
/// `Node.spawn_link/4`); from Swift, `Node.spawn(on:_:_:)`. A function gets its argument list as
/// one term: `[]` for no arguments, the argument itself for one, the list for more. A name that
/// is not registered (or another module) starts a process that exits at once with
/// `{:undef, [{module, function, args, []}]}`, as the BEAM's would.
///
/// Threading: the table is guarded by its mutex.
final class SpawnService: Sendable {
    /// The module name under which registered functions are spawned.
    static let module: Atom = "elixirtour"
    typealias Function = @Sendable (Term) async throws -> Void
    private let functions = Mutex<[Atom: Function]>([:])

    func register(_ name: Atom, _ function: @escaping Function) {
        functions.withLock { $0[name] = function }
    }

    func lookup(module: Atom, function name: Atom) -> Function? {
        guard module == Self.module else { return nil }
        return functions.withLock { $0[name] }
    }

    /// The single term a registered function receives for an argument list.
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
