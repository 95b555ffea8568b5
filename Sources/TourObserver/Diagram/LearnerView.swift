import TourWire

/// A trace told at the level a lesson is about: what the learner's processes said to each other,
/// not how the runtime carries it out.
///
/// - A `GenServer.call` is one arrow `call REQUEST` and its answer one arrow `reply VALUE`
///   (not the `{:"$gen_call", {pid, tag}, request}` envelope, the monitor set up before it and the
///   receives of either); a cast is one arrow `cast REQUEST`.
/// - The start handshake of a process started with `start_link` (the starter's monitor of the
///   child and the child's `StartAck`) is left out, and so is a link between two processes that
///   are already linked.
/// - A supervisor's own bookkeeping (the monitor it sets on a child it stops, that monitor's
///   `:DOWN`, the unlink after it, its receives) is left out; the exit signals it gets and sends
///   stay, as arrows.
/// - Swift's module names are left out of Swift values (`OTPSupervision.ChildInfo` → `ChildInfo`),
///   a Swift value in a reply shows as its case (`reply children(…)`), and long messages are cut
///   to `labelLimit` characters.
///
/// `run EXAMPLE --trace --all` draws the trace as it was.
///
/// Threading: stateless; safe to call from any thread.
public enum LearnerView {
    public static let labelLimit = 60

    public static func events(_ events: [EventRecord]) -> [EventRecord] {
        var kept: [EventRecord] = []
        var linked: Set<Pair> = []
        /// call tag → (caller, server): the reply to look for.
        var calls: [String: (caller: String, server: String)] = [:]
        /// Every call tag seen so far: a reply's receive comes after its send has ended the call.
        var callTags: Set<String> = []
        let supervisors = Set(events.filter { $0.kind == .child || $0.kind == .restart }.map(\.pid))
        for (i, event) in events.enumerated() {
            var event = event
            switch event.kind {
            case .send:
                guard let detail = event.detail else { break }
                if detail.hasPrefix(startAck) { continue }
                if let call = Call(detail) {
                    callTags.insert(call.tag)
                    if let server = event.other { calls[call.tag] = (event.pid, server) }
                    event.detail = "call " + call.request
                } else if let request = cast(detail) {
                    event.detail = "cast " + request
                } else if let (tag, value) = reply(detail), let call = calls[tag], call.server == event.pid,
                    event.other == call.caller
                {
                    calls[tag] = nil
                    event.detail = "reply " + swiftValue(value)
                }
            case .receive:
                guard let detail = event.detail else { break }
                // A supervisor's receives are its own bookkeeping: the exit signal's arrow into it
                // already shows what it got.
                if supervisors.contains(event.pid) { continue }
                if detail.hasPrefix(startAck) || Call(detail) != nil || cast(detail) != nil { continue }
                if let (tag, _) = reply(detail), callTags.contains(tag) { continue }
            case .down:
                if let watcher = event.other, supervisors.contains(watcher) { continue }
            case .monitor:
                guard let other = event.other else { break }
                if supervisors.contains(event.pid) { continue }
                // The monitor a call or a start sets up: right before the call's request, or right
                // after the spawn it watches.
                if let next = events[(i + 1)...].first(where: { $0.pid == event.pid }), next.kind == .send,
                    next.other == other, let detail = next.detail, Call(detail) != nil
                {
                    continue
                }
                if let previous = kept.last, previous.kind == .link || previous.kind == .spawn,
                    Pair(previous.pid, previous.other) == Pair(event.pid, other)
                {
                    continue
                }
            case .spawn:
                break
            case .link:
                guard let other = event.other else { break }
                if !linked.insert(Pair(event.pid, other)).inserted { continue }
            case .unlink:
                if supervisors.contains(event.pid) { continue }
                if let other = event.other { linked.remove(Pair(event.pid, other)) }
            case .exit:
                linked = linked.filter { !$0.contains(event.pid) }
            default:
                break
            }
            if var detail = event.detail {
                for module in ["OTPCore.", "OTPTerms.", "OTPGenServer.", "OTPSupervision.", "OTPDistribution.", "Swift."] {
                    detail = detail.replacingOccurrences(of: module, with: "")
                }
                event.detail = detail.count > labelLimit ? String(detail.prefix(labelLimit - 1)) + "…" : detail
            }
            kept.append(event)
        }
        return kept
    }

    private static let startAck = "StartAck("

    /// `{:"$gen_call", {#PID<0.1.0>, TAG}, REQUEST}`.
    struct Call {
        let tag: String
        let request: String

        init?(_ detail: String) {
            let prefix = "{:\"$gen_call\", {"
            guard detail.hasPrefix(prefix), detail.hasSuffix("}") else { return nil }
            let rest = detail.dropFirst(prefix.count).dropLast()
            guard let pidEnd = rest.range(of: ">, "), let tagEnd = rest[pidEnd.upperBound...].range(of: "}, ") else { return nil }
            tag = String(rest[pidEnd.upperBound..<tagEnd.lowerBound])
            request = String(rest[tagEnd.upperBound...])
        }
    }

    /// A Swift value the runtime wrote as an atom of its description
    /// (`:"children([ChildInfo(…)])"`) → its case or type and `(…)`: `children(…)`.
    static func swiftValue(_ text: String) -> String {
        guard text.hasPrefix(":\""), let open = text.firstIndex(of: "(") else { return text }
        let name = text[text.index(text.startIndex, offsetBy: 2)..<open]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return text }
        return String(name) + "(…)"
    }

    /// `{:"$gen_cast", REQUEST}` → REQUEST.
    static func cast(_ detail: String) -> String? {
        let prefix = "{:\"$gen_cast\", "
        guard detail.hasPrefix(prefix), detail.hasSuffix("}") else { return nil }
        return String(detail.dropFirst(prefix.count).dropLast())
    }

    /// `{TAG, VALUE}` → (TAG, VALUE), where TAG is a reference or `[:alias | reference]`.
    static func reply(_ detail: String) -> (String, String)? {
        guard detail.hasPrefix("{"), detail.hasSuffix("}") else { return nil }
        let body = detail.dropFirst().dropLast()
        let tagEnd: String.Index
        if body.hasPrefix("#Reference<"), let end = body.firstIndex(of: ">") {
            tagEnd = body.index(after: end)
        } else if body.hasPrefix("[:alias | #Reference<"), let end = body.firstIndex(of: "]") {
            tagEnd = body.index(after: end)
        } else {
            return nil
        }
        guard body[tagEnd...].hasPrefix(", ") else { return nil }
        return (String(body[..<tagEnd]), String(body[body.index(tagEnd, offsetBy: 2)...]))
    }

    /// Two processes, in either order.
    struct Pair: Hashable {
        let a: String
        let b: String

        init(_ x: String, _ y: String?) {
            let y = y ?? ""
            (a, b) = x < y ? (x, y) : (y, x)
        }

        func contains(_ pid: String) -> Bool { a == pid || b == pid }
    }
}
