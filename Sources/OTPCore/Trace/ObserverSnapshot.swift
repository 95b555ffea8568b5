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
        let items = processes.prefix(limit).map { info -> String in
            var out = "{\"pid\":" + JSONText.quoted(info.pid.description)
            if let name = info.registeredName { out += ",\"registeredName\":" + JSONText.quoted(":" + name.name) }
            out += ",\"status\":" + JSONText.quoted(info.status.description)
            if info.status == .waiting, let site = info.waitingIn { out += ",\"waitingIn\":" + JSONText.quoted(site) }
            out += ",\"mailboxLength\":\(info.messageQueueLength)"
            out += ",\"messages\":" + list(info.messages.prefix(3).map { String($0.prefix(200)) })
            out += ",\"links\":" + list(info.links.map(\.description))
            out += ",\"monitors\":" + list(info.monitors.map(\.description))
            out += ",\"monitoredBy\":" + list(info.monitoredBy.map(\.description))
            out += ",\"trapExit\":\(info.trapExit),\"reductions\":\(info.reductions)}"
            return out
        }
        return "{\"type\":\"processes\",\"time\":\(time),\"total\":\(processes.count),\"processes\":["
            + items.joined(separator: ",") + "]}"
    }

    private static func list(_ items: [String]) -> String {
        "[" + items.map(JSONText.quoted).joined(separator: ",") + "]"
    }
}
