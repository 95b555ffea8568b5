import OTPCore
import OTPGenServer
import OTPRegistry

/// A registry is a supervisor of its partitions, as Elixir's `Registry.start_link/1` starts
/// `Registry.Supervisor`: here a `Supervisor` registered under the registry's name, with one
/// worker per partition (id and name `:"Elixir.<name>.PIDPartition<i>"`), `:one_for_all` for
/// unique keys and `:one_for_one` for duplicate keys, with the default restart intensity.
///
/// Threading: `startLink` must be called inside a process (the registry is linked to it);
/// `childSpec` returns a value and is safe anywhere.
extension Registry {
    /// `Registry.start_link(keys:, name:, partitions:)`: starts the registry linked to the caller
    /// and returns its supervisor. Throws `Failure.alreadyStarted` if `name` is taken.
    /// - Elixir: `Registry.start_link(keys: :unique, name: :sessions, partitions: 1)`
    @discardableResult
    public static func startLink(keys: Keys, name: Atom, partitions: Int = 1) async throws -> Pid {
        switch try await start(keys: keys, name: name, partitions: partitions) {
        case .ok(let pid):
            return pid
        case .error(let reason):
            if case (.atom("already_started"), .pid(let holder))? = reason.asTuple() { throw Failure.alreadyStarted(holder) }
            throw ProcessExit(reason: reason)
        case .ignore:
            throw ProcessExit(reason: .atom("ignore"))
        }
    }

    /// `{Registry, keys: :unique, name: R}` in a supervisor's children (Elixir's
    /// `Registry.child_spec/1`): id `name`, type `:supervisor`, started with `startLink`. A taken
    /// name fails the start with `{:already_started, pid}`.
    public static func childSpec(keys: Keys, name: Atom, partitions: Int = 1) -> ChildSpec {
        ChildSpec(
            id: .atom(name), type: .supervisor,
            startCall: "Registry.startLink(keys: .\(keys), name: \(Term.atom(name)), partitions: \(partitions))"
        ) {
            try await start(keys: keys, name: name, partitions: partitions)
        }
    }

    /// Starts the registry's supervisor and, once it runs, makes the table reachable by name.
    static func start(keys: Keys, name: Atom, partitions: Int) async throws -> StartResult {
        guard Process.current != nil else { throw Failure.notInProcess("Registry.startLink") }
        let table = makeTable(keys: keys, name: name, partitions: partitions)
        let children = (0..<max(1, partitions)).map { index in
            let id = partitionName(name, index)
            return ChildSpec(id: .atom(id), startCall: "Registry.Partition.start_link(\(Term.atom(id)), …)") {
                switch try await startPartition(table, index) {
                case .success(let pid): .ok(pid)
                case .failure(let exit): .error(exit.reason)
                }
            }
        }
        let result = try await Supervisor.startLink(children, strategy: keys == .unique ? .oneForAll : .oneForOne, name: name)
        if case .ok(let supervisor) = result { publish(table, supervisor: supervisor) }
        return result
    }
}
