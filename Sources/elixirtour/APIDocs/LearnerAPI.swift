/// The learner's API: the names of the runtime a learner writes in the lessons and exercises.
/// Each of their declarations (every overload) must have a documentation comment with its Elixir
/// counterpart (a `- Elixir:` line, see `APIIndex`); `elixirtour dev api` checks it, and the
/// end-to-end tests run that check. Keep the list in step with what the lessons teach.
///
/// Exemptions: none. (`Runtime.run` has no Elixir twin; its counterpart line says why.)
enum LearnerAPI {
    static let names: [String] = [
        // Processes and messages (lessons 1–3).
        "spawn", "spawnLink", "spawnMonitor", "send", "receive", "selfPid", "makeRef", "flush",
        "Runtime.run",
        "Process", "Process.link", "Process.unlink", "Process.monitor", "Process.demonitor", "Process.exit",
        "Process.trapExit", "Process.register", "Process.unregister", "Process.whereis", "Process.registered",
        "Process.isAlive", "Process.list", "Process.info", "Process.sendAfter", "Process.cancelTimer",
        "Process.readTimer", "Process.sleep",
        "Atom", "Pid", "Ref", "Term", "Down", "ExitMessage",
        // GenServer (lesson 5).
        "GenServer", "GenServer.startLink", "GenServer.start", "GenServer.call", "GenServer.cast",
        "GenServer.reply", "GenServer.stop", "GenServer.initialize", "GenServer.handleCall",
        "GenServer.handleCast", "GenServer.handleInfo", "GenServer.handleContinue", "GenServer.terminate",
        "GenServer.childSpec", "InitResult", "CallResult", "NoReplyResult", "Next", "From", "StartResult",
        // Supervision (lesson 4).
        "Supervisor", "Supervisor.startLink", "Supervisor.childSpec", "Supervisor.whichChildren",
        "Supervisor.countChildren", "Supervisor.startChild", "Supervisor.terminateChild",
        "Supervisor.restartChild", "Supervisor.deleteChild", "Supervisor.stop", "Strategy", "ChildSpec",
        "RestartType",
        "DynamicSupervisor", "DynamicSupervisor.startLink", "DynamicSupervisor.childSpec",
        "DynamicSupervisor.startChild", "DynamicSupervisor.terminateChild", "DynamicSupervisor.whichChildren",
        "DynamicSupervisor.countChildren",
        // Agent and Task (lesson 5).
        "Agent", "Agent.startLink", "Agent.start", "Agent.get", "Agent.update", "Agent.getAndUpdate",
        "Agent.cast", "Agent.stop", "Agent.childSpec",
        "OTPTask", "OTPTask.async", "OTPTask.await", "OTPTask.yield", "OTPTask.shutdown", "OTPTask.start",
        "OTPTask.startLink",
        // Registry.
        "Registry", "Registry.startLink", "Registry.via", "Registry.register", "Registry.unregister",
        "Registry.updateValue", "Registry.lookup", "Registry.dispatch", "Registry.keys", "Registry.values",
        "Registry.count", "Registry.match", "Registry.countMatch", "Registry.select", "Registry.countSelect",
        // Distribution (lesson 6).
        "Node.spawnLink", "Node.spawnMonitor",
        "Global", "Global.registerName", "Global.reRegisterName", "Global.unregisterName", "Global.whereisName", "Global.registeredNames",
        "Global.send", "Global.sync", "Global.setLock", "Global.delLock", "Global.trans", "Global.name",
    ]

    /// What is missing, one line per declaration: no such name, no documentation, or no
    /// counterpart. Empty when the list is complete.
    static func problems(in index: APIIndex, names: [String] = names) -> [String] {
        var problems: [String] = []
        for name in names {
            let entries = index.entries(named: name)
            if entries.isEmpty {
                problems.append("\(name): no public declaration has this name")
                continue
            }
            for entry in entries {
                let place = entry.file.map { "\(Self.shortPath($0)):\(entry.line)" } ?? entry.module
                if !entry.isDocumented { problems.append("\(name) (\(place)): no documentation comment") }
                if entry.elixir == nil { problems.append("\(name) (\(place)): no '- Elixir:' counterpart") }
            }
        }
        return problems
    }

    /// `Sources/OTPCore/Kernel/Send.swift` from an absolute path.
    static func shortPath(_ path: String) -> String {
        guard let range = path.range(of: "/Sources/") else { return path }
        return String(path[path.index(after: range.lowerBound)...])
    }
}
