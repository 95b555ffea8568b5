import OTPCore

/// The distribution control messages a Swift node sends and understands. Each travels as a
/// tuple whose first element is its operation number, followed (for sends) by the message.
///
/// Threading: value types; safe to share.
package enum ControlMessage: Sendable, Hashable {
    /// LINK {1, From, To}
    case link(from: Pid, to: Pid)
    /// SEND {2, '', To} + message (SEND_TT 12 is read as this too; SEND_SENDER 22 likewise).
    case send(to: Pid)
    /// EXIT {3, From, To, Reason}: a linked process exited (EXIT_TT 13 too).
    case exit(from: Pid, to: Pid, reason: Term)
    /// UNLINK {4, From, To}
    case unlink(from: Pid, to: Pid)
    /// REG_SEND {6, From, '', ToName} + message (REG_SEND_TT 16 too).
    case regSend(from: Pid, toName: Atom)
    /// EXIT2 {8, From, To, Reason}: `Process.exit/2` (EXIT2_TT 18 too).
    case exit2(from: Pid, to: Pid, reason: Term)
    /// MONITOR_P {19, From, ToProcOrName, Ref}
    case monitor(from: Pid, target: MonitorTarget, ref: Ref)
    /// DEMONITOR_P {20, From, ToProcOrName, Ref}
    case demonitor(from: Pid, target: MonitorTarget, ref: Ref)
    /// MONITOR_P_EXIT {21, FromProcOrName, To, Ref, Reason}
    case monitorExit(from: MonitorTarget, to: Pid, ref: Ref, reason: Term)
    /// SPAWN_REQUEST {29, ReqId, From, GroupLeader, {Module, Function, Arity}, OptList} + the
    /// argument list (SPAWN_REQUEST_TT 30 is read as this too). Elixir's `Node.spawn/4`.
    case spawnRequest(id: Ref, from: Pid, groupLeader: Pid, module: Atom, function: Atom, arity: Int, options: Term)
    /// SPAWN_REPLY {31, ReqId, To, Flags, Result}: Result is the new pid or an error atom;
    /// flag 1 says a link was set up, flag 2 a monitor (SPAWN_REPLY_TT 32 too).
    case spawnReply(id: Ref, to: Pid, flags: Int, result: Term)

    /// What a monitor watches: a pid or a name registered on the receiving node.
    public enum MonitorTarget: Sendable, Hashable {
        case pid(Pid)
        case name(Atom)

        var term: Term {
            switch self {
            case .pid(let pid): .pid(pid)
            case .name(let name): .atom(name)
            }
        }

        init?(_ term: Term) {
            switch term {
            case .pid(let pid): self = .pid(pid)
            case .atom(let name): self = .name(name)
            default: return nil
            }
        }
    }

    /// Whether a message term follows the control term.
    public var carriesMessage: Bool {
        switch self {
        case .send, .regSend, .spawnRequest: true
        default: false
        }
    }

    public var term: Term {
        let empty: Term = .atom(Atom(""))
        switch self {
        case .link(let from, let to): return .tuple([.int(1), .pid(from), .pid(to)])
        case .send(let to): return .tuple([.int(2), empty, .pid(to)])
        case .exit(let from, let to, let reason): return .tuple([.int(3), .pid(from), .pid(to), reason])
        case .unlink(let from, let to): return .tuple([.int(4), .pid(from), .pid(to)])
        case .regSend(let from, let name): return .tuple([.int(6), .pid(from), empty, .atom(name)])
        case .exit2(let from, let to, let reason): return .tuple([.int(8), .pid(from), .pid(to), reason])
        case .monitor(let from, let target, let ref): return .tuple([.int(19), .pid(from), target.term, .ref(ref)])
        case .demonitor(let from, let target, let ref): return .tuple([.int(20), .pid(from), target.term, .ref(ref)])
        case .monitorExit(let from, let to, let ref, let reason):
            return .tuple([.int(21), from.term, .pid(to), .ref(ref), reason])
        case .spawnRequest(let id, let from, let leader, let module, let function, let arity, let options):
            return .tuple([
                .int(29), .ref(id), .pid(from), .pid(leader),
                .tuple([.atom(module), .atom(function), .int(arity)]), options,
            ])
        case .spawnReply(let id, let to, let flags, let result):
            return .tuple([.int(31), .ref(id), .pid(to), .int(flags), result])
        }
    }

    /// The outcome of reading a control term.
    public enum Parsed: Sendable, Hashable {
        case message(ControlMessage)
        /// A well-formed control message this node does not act on (group leader, alias sends,
        /// payload exits); it is dropped.
        case ignored(operation: Int)
    }

    /// Reads a control tuple; nil when it is not a control message at all.
    public static func parse(_ term: Term) -> Parsed? {
        guard case .tuple(let items) = term, let first = items.first, case .int(let op) = first else { return nil }
        func pid(_ i: Int) -> Pid? {
            guard i < items.count, case .pid(let p) = items[i] else { return nil }
            return p
        }
        func ref(_ i: Int) -> Ref? {
            guard i < items.count, case .ref(let r) = items[i] else { return nil }
            return r
        }
        switch (op, items.count) {
        case (1, 3):
            guard let f = pid(1), let t = pid(2) else { return nil }
            return .message(.link(from: f, to: t))
        case (2, 3), (12, 4):
            guard let t = pid(2) else { return nil }
            return .message(.send(to: t))
        case (22, 3):
            guard let t = pid(2) else { return nil }
            return .message(.send(to: t))
        case (3, 4), (13, 5):
            guard let f = pid(1), let t = pid(2) else { return nil }
            return .message(.exit(from: f, to: t, reason: items[3]))
        case (4, 3):
            guard let f = pid(1), let t = pid(2) else { return nil }
            return .message(.unlink(from: f, to: t))
        case (6, 4), (16, 5):
            guard let f = pid(1), case .atom(let name) = items[3] else { return nil }
            return .message(.regSend(from: f, toName: name))
        case (8, 4), (18, 5):
            guard let f = pid(1), let t = pid(2) else { return nil }
            return .message(.exit2(from: f, to: t, reason: items[3]))
        case (19, 4):
            guard let f = pid(1), let target = MonitorTarget(items[2]), let r = ref(3) else { return nil }
            return .message(.monitor(from: f, target: target, ref: r))
        case (20, 4):
            guard let f = pid(1), let target = MonitorTarget(items[2]), let r = ref(3) else { return nil }
            return .message(.demonitor(from: f, target: target, ref: r))
        case (21, 5):
            guard let from = MonitorTarget(items[1]), let t = pid(2), let r = ref(3) else { return nil }
            return .message(.monitorExit(from: from, to: t, ref: r, reason: items[4]))
        case (29, 6), (30, 7):
            guard let id = ref(1), let from = pid(2), let leader = pid(3),
                case .tuple(let mfa) = items[4], mfa.count == 3, case .atom(let module) = mfa[0],
                case .atom(let function) = mfa[1], case .int(let arity) = mfa[2]
            else { return nil }
            return .message(
                .spawnRequest(
                    id: id, from: from, groupLeader: leader, module: module,
                    function: function, arity: arity, options: items[5]))
        case (31, 5), (32, 6):
            guard let id = ref(1), let to = pid(2), case .int(let flags) = items[3] else { return nil }
            return .message(.spawnReply(id: id, to: to, flags: flags, result: items[4]))
        case (7, _), (29...34, _), (35, _), (36, _):
            return .ignored(operation: op)
        default:
            return nil
        }
    }
}
