import OTPCore
import OTPGenServer
import OTPRegistry

extension Registry {
    /// `{Registry, keys: :unique, name: R}` in a supervisor's children (Elixir's
    /// `Registry.child_spec/1`): id `name`, type `:supervisor`, started with `startLink`. A taken
    /// name fails the start with `{:already_started, pid}`.
    ///
    /// Threading: a value-returning function; safe anywhere.
    public static func childSpec(keys: Keys, name: Atom, partitions: Int = 1) -> ChildSpec {
        ChildSpec(
            id: .atom(name), type: .supervisor,
            startCall: "Registry.startLink(keys: .\(keys), name: \(Term.atom(name)), partitions: \(partitions))"
        ) {
            do {
                return .ok(try await startLink(keys: keys, name: name, partitions: partitions))
            } catch Failure.alreadyStarted(let holder) {
                return .error(.tuple([.atom("already_started"), .pid(holder)]))
            }
        }
    }
}
