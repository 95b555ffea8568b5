import OTP
import OTPCore
import TourWire

/// What the checker gets about a test's processes and trace, built from the runtime's own
/// introspection (`Runtime.processes()`, `Runtime.tracer`) as TourWire's records.
enum ProcessSnapshot {
    static func processes(of runtime: Runtime, names: [Pid: String], root: Pid?) -> [ProcessRecord] {
        runtime.processes().map { info in
            ProcessRecord(info, messages: Array(info.messages.prefix(5)), testName: info.pid == root ? "the test" : names[info.pid])
        }
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
    static func trace(of runtime: Runtime, names: [Pid: String], root: Pid?, limit: Int = 200) -> [String] {
        let events = programEvents(of: runtime, root: root)
        func show(_ pid: Pid) -> String { names[pid].map { "\($0) \(pid)" } ?? pid.description }
        var lines: [String] = events.prefix(limit).map { event in
            var text = "\(show(event.pid)) \(event.kind.rawValue)"
            if let other = event.other { text += " \(show(other))" }
            if let detail = event.detail { text += " \(detail)" }
            return text
        }
        if events.count > limit { lines.append("… \(events.count - limit) more events") }
        return lines
    }

    /// The same events as `trace`, as records, so the checker can draw them.
    static func events(of runtime: Runtime, root: Pid?, limit: Int = 200) -> [EventRecord] {
        programEvents(of: runtime, root: root).prefix(limit).map(EventRecord.init)
    }

    /// The names the test gave its processes; the test's own process, unless named, as "the test".
    static func names(_ names: [Pid: String], root: Pid?) -> [String: String] {
        var all = names
        if let root, all[root] == nil { all[root] = "the test" }
        return Dictionary(uniqueKeysWithValues: all.map { ($0.key.description, $0.value) })
    }

    /// Fills in a record's trace fields: the readable lines, the records and the names.
    static func addTrace(to record: inout ResultRecord, of runtime: Runtime, names: [Pid: String], root: Pid?) {
        record.trace = trace(of: runtime, names: names, root: root)
        record.events = events(of: runtime, root: root)
        record.names = self.names(names, root: root)
    }

    /// What `expectSends` expected, for the checker to draw.
    static func addExpectedSends(to record: inout ResultRecord, _ sends: [Send], matched: Int) {
        record.expectedSends = sends.map { ExpectedMessage(from: $0.from?.description, to: $0.to?.description, text: $0.text) }
        record.matchedSends = matched
    }
}
