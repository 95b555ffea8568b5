import OTPCore

/// The parts a registry's supervisor is built from (`Registry.startLink`, in OTPSupervision, puts
/// them together): the table, the partition processes, and the table's publication under the
/// registry's name.
///
/// Threading: `startPartition` runs in the registry's supervisor (it links the partition to the
/// caller); `makeTable` and `publish` may be called from any process.
extension Registry {
    /// A registry's entries, not yet reachable by name.
    package static func makeTable(keys: Keys, name: Atom, partitions: Int) -> RegistryTable {
        RegistryTable(name: name, keys: keys, partitions: max(1, partitions))
    }

    /// Elixir's name (and child id) of partition `index`: `Module.concat(registry, "PIDPartition0")`,
    /// which is `:"Elixir.kv_names.PIDPartition0"` for `:kv_names` and
    /// `:"Elixir.MyApp.Names.PIDPartition0"` for `MyApp.Names`.
    package static func partitionName(_ registry: Atom, _ index: Int) -> Atom {
        let base = registry.name.hasPrefix("Elixir.") ? registry.name : "Elixir.\(registry.name)"
        return Atom("\(base).PIDPartition\(index)")
    }

    /// Starts partition `index` of `table`, linked to the calling process (the registry's
    /// supervisor) and registered under `partitionName`: the pid, or the reason it did not start
    /// (`{:already_started, pid}` when the name is taken, as a partition of a killed registry
    /// still ending holds it on the BEAM).
    package static func startPartition(_ table: RegistryTable, _ index: Int) async throws -> Result<Pid, ProcessExit> {
        guard let parent = Process.current else { throw Failure.notInProcess("Registry.startLink") }
        struct Started: Sendable {
            let tag: Ref
            let holder: Pid?
        }
        let tag = makeRef()
        let name = partitionName(table.name, index)
        let pid = spawnLink {
            Process.trapExit(true)
            let me = selfPid()
            do {
                try Process.register(me, as: name)
            } catch {
                send(parent, Started(tag: tag, holder: Process.whereis(name) ?? me))
                return
            }
            table.partitionStarted(index, me)
            send(parent, Started(tag: tag, holder: nil))
            try await table.partitionLoop(parent: parent)
        }
        let started = try await receive(Started.self) { $0.tag == tag ? $0 : nil }
        if let holder = started.holder {
            Process.unlink(pid)
            return .failure(ProcessExit(reason: .tuple([.atom("already_started"), .pid(holder)])))
        }
        return .success(pid)
    }

    /// Whether `pid` is a partition process of a running registry of the calling process's
    /// runtime: the test harness leaves partitions out of the processes it kills at random
    /// unless a test asks for them (see `TestContext.killRandomProcess`).
    package static func isPartition(_ pid: Pid) -> Bool {
        guard let runtime = Runtime.current else { return false }
        return RegistryNames.of(runtime).contains(partition: pid)
    }

    /// Makes `table` reachable under its name while `supervisor` (the registry) lives.
    package static func publish(_ table: RegistryTable, supervisor: Pid) {
        guard let runtime = Runtime.current else { return }
        let names = RegistryNames.of(runtime)
        names.add(table)
        if supervisor.addExitHook({ _ in names.remove(table) }) == nil { names.remove(table) }
    }
}
