import OTP

/// The JSON the checker gets for the live processes of a stuck or timed-out test, and for its
/// trace: built from the runtime's own introspection (`Runtime.processes()`, `Runtime.tracer`).
enum ProcessSnapshot {
    static func processes(of runtime: Runtime, names: [Pid: String], root: Pid?) -> JSONValue {
        .array(runtime.processes().map { info in
            var waiting: JSONValue = .null
            if info.status == .waiting, let site = info.waitingIn { waiting = .string(site) }
            return .object([
                ("pid", .string(info.pid.description)),
                ("registeredName", .optional(info.registeredName.map { ":" + $0.name })),
                ("testName", .optional(info.pid == root ? "the test" : names[info.pid])),
                ("status", .string(info.status.description)),
                ("waitingIn", waiting),
                ("mailboxLength", .int(info.messageQueueLength)),
                ("messages", .array(info.messages.prefix(5).map(JSONValue.string))),
                ("links", .array(info.links.map { .string($0.description) })),
                ("monitors", .array(info.monitors.map { .string($0.description) })),
                ("monitoredBy", .array(info.monitoredBy.map { .string($0.description) })),
                ("trapExit", .bool(info.trapExit)),
            ])
        })
    }

    /// The trace's events, at most `limit` of them (the first ones), as readable lines.
    static func trace(of runtime: Runtime, names: [Pid: String], root: Pid?, limit: Int = 200) -> JSONValue {
        // The test's own start and end are the harness's doing, not the program's.
        let events = runtime.tracer.events.filter { event in
            // (A process started from outside the runtime, the test's root, has a spawn event that
            // names no spawner.)
            !(event.kind == .spawn && (event.other == nil || event.other == event.pid))
                && !(event.kind == .exit && event.pid == root)
        }
        func show(_ pid: Pid) -> String { names[pid].map { "\($0) \(pid)" } ?? pid.description }
        var lines: [JSONValue] = events.prefix(limit).map { event in
            var text = "\(show(event.pid)) \(event.kind.rawValue)"
            if let other = event.other { text += " \(show(other))" }
            if let detail = event.detail { text += " \(detail)" }
            return .string(text)
        }
        if events.count > limit { lines.append(.string("… \(events.count - limit) more events")) }
        return .array(lines)
    }
}
