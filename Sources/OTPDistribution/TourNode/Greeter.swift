import OTPCore

/// The function the tour's node lets other nodes spawn: `greet`, started from iex with
/// `Node.spawn(:"swift@host", :elixirtour, :greet, [self()])`. The new Swift process sends
/// `{:hello_from, node, pid}` (its node and its own pid) to the pid it was given, then ends.
///
/// Threading: `register` may be called from any thread; the function runs in its own process.
package enum Greeter {
    public static let name: Atom = "greet"

    public static func register(on node: DistributedNode) {
        let here = node.name
        node.register(function: name) { argument in
            guard case .pid(let to) = argument else {
                try Process.exit(.tuple([.atom("badarg"), .string("greet expects a pid, got \(argument)")]))
            }
            send(to, Term.tuple([.atom("hello_from"), .atom(here), .pid(selfPid())]))
        }
    }
}
