import OTPCore

/// The `:global` names this node knows (global.erl's `global_names` table): each name with its
/// process, the method that settles a conflict over it, and the monitor that removes it when the
/// process ends. The same table is kept on every node of the cluster; the registering node asks
/// every other one to insert the name (`{register, Name, Pid, Method}` calls), and two parts of a
/// cluster that meet exchange their tables (`exchange_names`).
///
/// A method is a fun on the BEAM. This node cannot run funs; it reads the three OTP gives
/// (`random_exit_name`, the default, which kills one of the two processes; `random_notify_name`;
/// `notify_all_name`) from their placeholders `{:fun, :global, name, 3}` (see `FunPlaceholders`)
/// and settles any other method as a failed one: the name is dropped, as global does when a
/// method returns something that is neither pid.
///
/// Threading: a value type, kept inside `GlobalProtocol` under the node's mutex.
struct GlobalNames {
    struct Entry: Equatable {
        var pid: Pid
        var method: Term
        var ref: Ref
    }

    private(set) var entries: [Term: Entry] = [:]

    /// The default method, `&:global.random_exit_name/3`, as this node holds it.
    static let defaultMethod = method("random_exit_name")

    /// `&:global.<function>/3` as a placeholder.
    static func method(_ function: Atom) -> Term {
        .tuple([.atom("fun"), .atom("global"), .atom(function), .int(3)])
    }

    func whereis(_ name: Term) -> Pid? { entries[name]?.pid }

    /// The names `pid` is registered under.
    func names(of pid: Pid) -> [Term] { entries.filter { $0.value.pid == pid }.map(\.key).sorted() }

    /// `[{Name, Pid, Method}]`, as the exchange sends it.
    var list: Term {
        .list(entries.keys.sorted().map { name in .tuple([name, .pid(entries[name]!.pid), entries[name]!.method]) })
    }

    /// Inserts (or replaces) a name; the returned actions monitor the new process and drop the
    /// old monitor.
    mutating func insert(_ name: Term, _ pid: Pid, method: Term, ref: Ref) -> [GlobalProtocol.Action] {
        var actions = delete(name)
        entries[name] = Entry(pid: pid, method: method, ref: ref)
        actions.append(.monitor(pid, ref))
        return actions
    }

    mutating func delete(_ name: Term) -> [GlobalProtocol.Action] {
        guard let old = entries.removeValue(forKey: name) else { return [] }
        return [.demonitor(old.pid, old.ref)]
    }

    /// The process behind monitor `ref` ended: its name goes. Returns whether `ref` was a name's.
    mutating func down(_ ref: Ref) -> Bool {
        guard let name = entries.first(where: { $0.value.ref == ref })?.key else { return false }
        entries[name] = nil
        return true
    }

    func holds(_ ref: Ref) -> Bool { entries.values.contains { $0.ref == ref } }

    /// Drops the names of processes on `node` (its connection is gone; their monitors will not fire).
    mutating func drop(node: Atom, nodeOf: (Pid) -> Atom?) {
        entries = entries.filter { nodeOf($0.value.pid) != node }
    }

    /// An operation of a name exchange: `{insert, {Name, Pid, Method}}` or `{delete, Name}`.
    enum Operation: Equatable {
        case insert(Term, Pid, Term)
        case delete(Term)

        var term: Term {
            switch self {
            case .insert(let name, let pid, let method): .tuple([.atom("insert"), .tuple([name, .pid(pid), method])])
            case .delete(let name): .tuple([.atom("delete"), name])
            }
        }

        init?(_ term: Term) {
            guard case .tuple(let items) = term, items.count == 2 else { return nil }
            switch items[0] {
            case .atom("insert"):
                guard case .tuple(let entry) = items[1], entry.count == 3, case .pid(let pid) = entry[1] else { return nil }
                self = .insert(entry[0], pid, entry[2])
            case .atom("delete"): self = .delete(items[1])
            default: return nil
            }
        }
    }

    /// What settling a conflict asks for besides the table: kill a process, or tell it.
    enum Effect: Equatable {
        case kill(Pid)
        case notify(Pid, Term)
        case log(String)
    }

    /// global's `exchange_names`: the other side's names against ours. Returns the operations for
    /// this table (`ops`), those the other side must apply (`resolved`), and the effects of the
    /// conflicts this side settles: it settles them when its node name is the smaller
    /// (`node() < Node`); otherwise the other side does and this one leaves the name alone.
    func exchange(
        _ theirs: [(name: Term, pid: Pid, method: Term)], from node: Atom, localName: Atom, nodeOf: (Pid) -> Atom?
    ) -> (ops: [Operation], resolved: [Operation], effects: [Effect]) {
        var ops: [Operation] = []
        var resolved: [Operation] = []
        var effects: [Effect] = []
        for (name, pid, method) in theirs {
            guard let mine = entries[name] else {
                ops.append(.insert(name, pid, method))
                continue
            }
            if mine.pid == pid || !(localName < node) { continue }
            switch Self.settle(name: name, theirs: pid, mine: mine.pid, method: mine.method, nodeOf: nodeOf) {
            case (let keep?, let settled) where keep == pid:
                effects += settled
                ops.append(.insert(name, pid, method))
            case (let keep?, let settled) where keep == mine.pid:
                effects += settled
                resolved.append(.insert(name, mine.pid, mine.method))
            case (_, let settled):
                effects += settled
                ops.append(.delete(name))
                resolved.append(.delete(name))
            }
        }
        return (ops, resolved, effects)
    }

    /// Runs a conflict's method (`resolve_it(Method, Name, Pid1, Pid2)`): the pid that keeps the
    /// name (nil: none), and what to do to the others.
    static func settle(name: Term, theirs: Pid, mine: Pid, method: Term, nodeOf: (Pid) -> Atom?) -> (Pid?, [Effect]) {
        // minmax: by node name, the first pid when they are equal.
        let (low, high) = (nodeOf(theirs) ?? "") < (nodeOf(mine) ?? "") ? (theirs, mine) : (mine, theirs)
        switch method {
        case Self.method("random_exit_name"):
            return (low, [.log("global: Name conflict terminating \(Term.tuple([name, .pid(high)]))"), .kill(high)])
        case Self.method("random_notify_name"):
            return (low, [.notify(high, .tuple([.atom("global_name_conflict"), name]))])
        case Self.method("notify_all_name"):
            return (
                nil,
                [
                    .notify(theirs, .tuple([.atom("global_name_conflict"), name, .pid(mine)])),
                    .notify(mine, .tuple([.atom("global_name_conflict"), name, .pid(theirs)])),
                ]
            )
        default:
            return (nil, [.log("global: Resolve method \(method) for conflicting name \(name) cannot run on a Swift node; the name is dropped")])
        }
    }

    /// The `[{Name, Pid, Method}]` of an exchange, or nil when it is not one.
    static func entries(_ term: Term) -> [(name: Term, pid: Pid, method: Term)]? {
        guard case .list(let items) = term else { return nil }
        var out: [(name: Term, pid: Pid, method: Term)] = []
        for item in items {
            guard case .tuple(let entry) = item, entry.count == 3, case .pid(let pid) = entry[1] else { return nil }
            out.append((entry[0], pid, entry[2]))
        }
        return out
    }
}
