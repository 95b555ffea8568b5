import TourWire

/// The live observer's picture of a runtime: one JSON line holding every live process (at most
/// `limit` of them, the lowest pids first; `total` says how many there were).
///
/// ```
/// {"type":"processes","time":120000000,"total":2,"processes":[{"pid":"#PID<0.80.0>",
///  "registeredName":":flaky","status":"waiting","waitingIn":"…","mailboxLength":0,
///  "messages":[],"links":[…],"monitors":[],"monitoredBy":[],"trapExit":false,"reductions":3}]}
/// ```
///
/// Threading: stateless; safe to call from any thread.
enum ObserverSnapshot {
    static let limit = 2_000

    static func line(for processes: [Process.Info], time: UInt64) -> String {
        let records = processes.prefix(limit).map { info in
            ProcessRecord(info, messages: info.messages.prefix(3).map { String($0.prefix(200)) })
        }
        return WireLine.text(ObserverLine.Processes(time: time, total: processes.count, processes: records))
    }
}
