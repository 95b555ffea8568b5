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

    /// The trace's events without the test's own start and end (the harness's doing, not the
    /// program's).
    static func programEvents(of runtime: Runtime, root: Pid?) -> [TraceEvent] {
        runtime.tracer.events.filter { event in
            // (A process started from outside the runtime, the test's root, has a spawn event that
            // names no spawner.)
            !(event.kind == .spawn && (event.other == nil || event.other == event.pid))
                && !(event.kind == .exit && event.pid == root)
        }
    }

    /// The trace's events, at most `limit` of them (the first ones), as readable lines.
    static func trace(of runtime: Runtime, names: [Pid: String], root: Pid?, limit: Int = 200) -> JSONValue {
        let events = programEvents(of: runtime, root: root)
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

extension ProcessSnapshot {
    /// The same events as `trace`, as records (`sequence`, `time`, `kind`, `pid`, `other`,
    /// `detail`: the observer's event format), so the checker can draw them.
    static func events(of runtime: Runtime, root: Pid?, limit: Int = 200) -> JSONValue {
        .array(programEvents(of: runtime, root: root).prefix(limit).map { event in
            var fields: [(String, JSONValue)] = [
                ("sequence", .int(event.sequence)), ("time", .int(Int(clamping: event.time))),
                ("kind", .string(event.kind.rawValue)), ("pid", .string(event.pid.description)),
            ]
            if let other = event.other { fields.append(("other", .string(other.description))) }
            if let detail = event.detail { fields.append(("detail", .string(detail))) }
            return .object(fields)
        })
    }

    /// The names the test gave its processes; the test's own process, unless named, as "the test".
    static func names(_ names: [Pid: String], root: Pid?) -> JSONValue {
        var all = names
        if let root, all[root] == nil { all[root] = "the test" }
        return .object(all.sorted { $0.key < $1.key }.map { pair -> (String, JSONValue) in (pair.key.description, .string(pair.value)) })
    }

    /// What `expectSends` expected, for the checker to draw.
    static func expectedSends(_ sends: [Send], matched: Int) -> [(String, JSONValue)] {
        let records = sends.map { send -> JSONValue in
            .object([("from", .optional(send.from?.description)), ("to", .optional(send.to?.description)),
                     ("text", .optional(send.text))])
        }
        return [("expectedSends", .array(records)), ("matchedSends", .int(matched))]
    }
}
