import OTPCore

/// The functions the tour's node (`elixirtour node start`) lets other nodes run by module and
/// name, for the lesson's pages on `:erpc` and remote tasks:
///
/// - `:tour.square(n)`: `n * n`;
/// - `:tour.nap(ms)`: sleeps `ms` milliseconds, then `:ok` (a slow call, for timeouts);
/// - `:tour.fail(message)`: raises `%RuntimeError{message: message}` on the caller's side.
///
/// From iex: `:erpc.call(:"swift@host", :tour, :square, [7])`, or
/// `Task.Supervisor.async({:tasks, :"swift@host"}, :tour, :square, [7])` under the node's task
/// supervisor `:tasks`.
///
/// Threading: `register` may be called from any thread; each function runs in the process that
/// runs it (an erpc call's, or a task's).
package enum TourFunctions {
    public static let module: Atom = "tour"

    public static func register(on node: DistributedNode) {
        node.register(module: module, function: "square") { arguments in
            guard arguments.count == 1, case .int(let n) = arguments[0] else { throw badarg("square", arguments) }
            return .int(n * n)
        }
        node.register(module: module, function: "nap") { arguments in
            guard arguments.count == 1, case .int(let millis) = arguments[0], millis >= 0 else { throw badarg("nap", arguments) }
            try await Process.sleep(.milliseconds(millis))
            return .atom("ok")
        }
        node.register(module: module, function: "fail") { arguments in
            guard arguments.count == 1, case .binary(let bytes) = arguments[0] else { throw badarg("fail", arguments) }
            throw Failure(description: String(decoding: bytes, as: UTF8.self))
        }
    }

    /// A Swift error whose description becomes the `RuntimeError`'s message on the caller's side.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static func badarg(_ function: String, _ arguments: [Term]) -> ProcessExit {
        ProcessExit(reason: .tuple([.atom("badarg"), .string("tour.\(function) got \(Term.list(arguments))")]))
    }
}
