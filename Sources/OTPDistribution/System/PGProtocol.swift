import OTPCore

/// One `:pg` scope's membership and its protocol with the same scope on other nodes, as OTP
/// 25's pg.erl runs it, so that a Swift node and BEAM nodes share process groups. Facts from
/// OTP's pg.erl (read in OTP's current source; the messages are those of OTP 25, checked
/// against elixir 1.14 on OTP 25.2, kernel 8.5.3, in PGInteropTests). A later pg's
/// `{discover, Peer, Version}` (accepted from OTP 26) is taken as `{discover, Peer}`; this
/// scope sends only the OTP 25 form. The messages:
///
/// - A scope is a process registered under the scope's name on every node that started it.
///   When it starts it sends `{discover, ScopePid}` to `{Scope, Node}` for every visible node,
///   and again to a node that comes up later (`{nodeup, Node}`); both sends are `noconnect`.
/// - `{discover, Peer}` is answered with the cast `{'$gen_cast', {sync, ScopePid, Groups}}`
///   (`Groups` a list of `{Group, LocalPids}`), and a peer not known yet is monitored and
///   sent `{discover, ScopePid}` back.
/// - `{'$gen_cast', {sync, Peer, Groups}}` replaces everything known of that peer (a peer not
///   known yet is monitored and added).
/// - A local join or leave is broadcast to every known peer as `{join, ScopePid, Group,
///   PidOrPids}` and `{leave, ScopePid, PidOrPids, [Group]}` (the pid or list as given); a
///   local member that ends is broadcast as `{leave, ScopePid, Pid, Groups}` with every group
///   it was in. Messages from a scope that is not known are ignored.
/// - A peer scope's `DOWN` (its process ended or its node went) drops all of its members.
/// - Subscribers (`monitor_scope`, `monitor(Group)`, OTP 25.1) get `{Ref, join, Group, Pids}`
///   and `{Ref, leave, Group, Pids}` for every change.
///
/// Members are kept as pg.erl keeps them: a new pid in front (`[Pid | All]`, `Pids ++ All`),
/// a pid that joined twice listed twice.
///
/// A pure machine: requests and messages in, actions out; the scope process carries them out
/// (it owns the monitors, and tells the machine of a `DOWN` by pid). Threading: a value type,
/// owned by its scope process.
struct PGProtocol {
    enum Action: Equatable {
        /// `erlang:send(Pid, Message, [noconnect])`: to a peer scope or a subscriber.
        case send(to: Pid, Term)
        /// `erlang:send({Scope, Node}, Message, [noconnect])`.
        case sendToScope(node: Atom, Term)
        /// Monitor the process (a local member or a peer scope); report its end with `down(_:)`.
        case monitor(Pid)
        /// Stop monitoring it.
        case demonitor(Pid)
    }

    /// The scope's name (the registered name of its process on every node).
    let scope: Atom
    /// This node's scope process.
    let me: Pid

    /// Local members and the groups each joined (a group once per join).
    private(set) var local: [Pid: [Term]] = [:]
    /// Peer scopes this one knows, with their members by group.
    private(set) var remote: [Pid: [Term: [Pid]]] = [:]
    /// Every group's members: all of them, and the local ones.
    private var groups: [Term: (all: [Pid], local: [Pid])] = [:]
    /// Subscribers of the whole scope and of single groups.
    private var scopeMonitors: [Ref: Pid] = [:]
    private var groupMonitors: [Ref: (pid: Pid, group: Term)] = [:]

    init(scope: Atom, me: Pid) {
        self.scope = scope
        self.me = me
    }

    // MARK: reading

    /// `pg:get_members/2`.
    func members(_ group: Term) -> [Pid] { groups[group]?.all ?? [] }
    /// `pg:get_local_members/2`.
    func localMembers(_ group: Term) -> [Pid] { groups[group]?.local ?? [] }
    /// `pg:which_groups/1`.
    var whichGroups: [Term] { Array(groups.keys) }

    // MARK: the scope's life

    /// The scope started: discover it on every visible node.
    func started(visibleNodes: [Atom]) -> [Action] {
        visibleNodes.map { .sendToScope(node: $0, discover) }
    }

    /// `{nodeup, Node}`: discover the scope there.
    func nodeUp(_ node: Atom) -> [Action] { [.sendToScope(node: node, discover)] }

    private var discover: Term { .tuple([.atom("discover"), .pid(me)]) }

    // MARK: local requests

    /// `pg:join/3` for local pids (`pidOrPids` as given: a pid or a list). The caller checks
    /// that every pid is local.
    mutating func join(_ group: Term, _ pids: [Pid], given pidOrPids: Term) -> [Action] {
        var actions: [Action] = []
        for pid in pids {
            if local[pid] == nil { actions.append(.monitor(pid)) }
            local[pid, default: []].insert(group, at: 0)
        }
        var entry = groups[group] ?? (all: [], local: [])
        entry.all = pids + entry.all
        entry.local = pids + entry.local
        groups[group] = entry
        actions += notify(.atom("join"), group, pids)
        actions += broadcast(.tuple([.atom("join"), .pid(me), group, pidOrPids]))
        return actions
    }

    /// `pg:leave/3`: `nil` when no pid was in the group (`not_joined`), else the actions.
    mutating func leave(_ group: Term, _ pids: [Pid], given pidOrPids: Term) -> [Action]? {
        var actions: [Action] = []
        var changed = false
        for pid in pids {
            guard var joined = local[pid], let at = joined.firstIndex(of: group) else { continue }
            changed = true
            joined.remove(at: at)
            if joined.isEmpty {
                local[pid] = nil
                actions.append(.demonitor(pid))
            } else {
                local[pid] = joined
            }
        }
        guard changed else { return nil }
        if var entry = groups[group] {
            entry.all = Self.removing(pids, from: entry.all)
            entry.local = Self.removing(pids, from: entry.local)
            groups[group] = entry.all.isEmpty ? nil : entry
            actions += notify(.atom("leave"), group, pids)
        }
        actions += broadcast(.tuple([.atom("leave"), .pid(me), pidOrPids, .list([group])]))
        return actions
    }

    /// `pg:monitor_scope/1`: every group's members now; `subscriber` gets every change tagged
    /// with `ref` (the caller monitors it and reports its end with `subscriberDown(_:)`).
    mutating func monitorScope(_ subscriber: Pid, ref: Ref) -> [Term: [Pid]] {
        scopeMonitors[ref] = subscriber
        return groups.mapValues(\.all)
    }

    /// `pg:monitor/2`: the group's members now; `subscriber` gets its changes tagged with `ref`.
    mutating func monitorGroup(_ group: Term, _ subscriber: Pid, ref: Ref) -> [Pid] {
        groupMonitors[ref] = (subscriber, group)
        return members(group)
    }

    /// `pg:demonitor/2`: whether `ref` was a subscription.
    mutating func demonitor(_ ref: Ref) -> Bool {
        scopeMonitors.removeValue(forKey: ref) != nil || groupMonitors.removeValue(forKey: ref) != nil
    }

    /// A subscriber ended.
    mutating func subscriberDown(_ ref: Ref) { _ = demonitor(ref) }

    // MARK: messages from peer scopes

    /// A message to the scope process from another node's scope. Unknown messages give nothing.
    mutating func received(_ message: Term) -> [Action] {
        guard case .tuple(let items) = message else { return [] }
        switch (items.first, items.count) {
        case (.atom("discover"), 2), (.atom("discover"), 3):
            guard case .pid(let peer) = items[1] else { return [] }
            return discovered(by: peer)
        case (.atom("join"), 4):
            guard case .pid(let peer) = items[1], let pids = Self.pids(items[3]) else { return [] }
            return joinedRemote(peer: peer, group: items[2], pids: pids)
        case (.atom("leave"), 4):
            guard case .pid(let peer) = items[1], let pids = Self.pids(items[2]), case .list(let left) = items[3] else { return [] }
            return leftRemote(peer: peer, pids: pids, groups: left)
        case (.atom("$gen_cast"), 2):
            guard case .tuple(let sync) = items[1], sync.count == 3, sync[0] == .atom("sync"),
                case .pid(let peer) = sync[1], case .list(let list) = sync[2]
            else { return [] }
            var synced: [(Term, [Pid])] = []
            for item in list {
                guard case .tuple(let pair) = item, pair.count == 2, let pids = Self.pids(pair[1]) else { return [] }
                synced.append((pair[0], pids))
            }
            return self.synced(peer: peer, groups: synced)
        default:
            return []
        }
    }

    private mutating func discovered(by peer: Pid) -> [Action] {
        var actions: [Action] = [.send(to: peer, .tuple([.atom("$gen_cast"), .tuple([.atom("sync"), .pid(me), localGroupsTerm])]))]
        if remote[peer] == nil {
            remote[peer] = [:]
            actions += [.monitor(peer), .send(to: peer, discover)]
        }
        return actions
    }

    /// `all_local_pids`: `[{Group, Pids}]` of the local members.
    private var localGroupsTerm: Term {
        var byGroup: [Term: [Pid]] = [:]
        var order: [Term] = []
        for (pid, joined) in local {
            for group in joined {
                if byGroup[group] == nil { order.append(group) }
                byGroup[group, default: []].insert(pid, at: 0)
            }
        }
        return .list(order.map { .tuple([$0, .list(byGroup[$0]!.map { .pid($0) })]) })
    }

    private mutating func joinedRemote(peer: Pid, group: Term, pids: [Pid]) -> [Action] {
        guard var known = remote[peer] else { return [] }
        known[group] = pids + (known[group] ?? [])
        remote[peer] = known
        var entry = groups[group] ?? (all: [], local: [])
        entry.all = pids + entry.all
        groups[group] = entry
        return notify(.atom("join"), group, pids)
    }

    private mutating func leftRemote(peer: Pid, pids: [Pid], groups left: [Term]) -> [Action] {
        guard var known = remote[peer] else { return [] }
        var actions: [Action] = []
        for group in left {
            if let had = known[group] {
                let rest = Self.removing(pids, from: had)
                known[group] = rest.isEmpty ? nil : rest
            }
            actions += removeRemote(pids, from: group)
        }
        remote[peer] = known
        return actions
    }

    private mutating func synced(peer: Pid, groups given: [(Term, [Pid])]) -> [Action] {
        var actions: [Action] = []
        var old: [Term: [Pid]]
        if let known = remote[peer] {
            old = known
        } else {
            old = [:]
            actions.append(.monitor(peer))
        }
        var now: [Term: [Pid]] = [:]
        for (group, pids) in given {
            now[group] = pids
            if let before = old.removeValue(forKey: group) {
                if before != pids, var entry = groups[group] {
                    entry.all = pids + Self.removing(before, from: entry.all)
                    groups[group] = entry
                }
            } else {
                var entry = groups[group] ?? (all: [], local: [])
                entry.all = pids + entry.all
                groups[group] = entry
                actions += notify(.atom("join"), group, pids)
            }
        }
        for (group, pids) in old { actions += removeRemote(pids, from: group) }
        remote[peer] = now
        return actions
    }

    /// Removes remote members from a group, notifying subscribers when the group had it.
    private mutating func removeRemote(_ pids: [Pid], from group: Term) -> [Action] {
        guard var entry = groups[group] else { return [] }
        entry.all = Self.removing(pids, from: entry.all)
        groups[group] = entry.all.isEmpty && entry.local.isEmpty ? nil : entry
        return notify(.atom("leave"), group, pids)
    }

    // MARK: ends

    /// A monitored process ended: a local member (it leaves every group it was in, and the
    /// peers hear `{leave, me, Pid, Groups}`) or a peer scope (its members are dropped).
    mutating func down(_ pid: Pid) -> [Action] {
        if let joined = local.removeValue(forKey: pid) {
            var actions: [Action] = []
            for group in joined {
                guard var entry = groups[group] else { continue }
                entry.all = Self.removing([pid], from: entry.all)
                entry.local = Self.removing([pid], from: entry.local)
                groups[group] = entry.all.isEmpty ? nil : entry
                actions += notify(.atom("leave"), group, [pid])
            }
            actions += broadcast(.tuple([.atom("leave"), .pid(me), .pid(pid), .list(joined)]))
            return actions
        }
        guard let known = remote.removeValue(forKey: pid) else { return [] }
        var actions: [Action] = []
        for (group, pids) in known { actions += removeRemote(pids, from: group) }
        return actions
    }

    // MARK: helpers

    private func broadcast(_ message: Term) -> [Action] {
        remote.keys.sorted(by: { ($0.nodeIndex, $0.id) < ($1.nodeIndex, $1.id) }).map { .send(to: $0, message) }
    }

    private func notify(_ verb: Term, _ group: Term, _ pids: [Pid]) -> [Action] {
        let message = { (ref: Ref) in Term.tuple([.ref(ref), verb, group, .list(pids.map { .pid($0) })]) }
        var actions = scopeMonitors.map { Action.send(to: $0.value, message($0.key)) }
        actions += groupMonitors.filter { $0.value.group == group }.map { Action.send(to: $0.value.pid, message($0.key)) }
        return actions
    }

    /// Erlang's `All -- Pids`: each pid of `pids` removes its first occurrence.
    static func removing(_ pids: [Pid], from all: [Pid]) -> [Pid] {
        var rest = all
        for pid in pids { if let at = rest.firstIndex(of: pid) { rest.remove(at: at) } }
        return rest
    }

    /// A pid or a list of pids.
    static func pids(_ term: Term) -> [Pid]? {
        switch term {
        case .pid(let pid): return [pid]
        case .list(let items):
            var pids: [Pid] = []
            for item in items {
                guard case .pid(let pid) = item else { return nil }
                pids.append(pid)
            }
            return pids
        default: return nil
        }
    }
}
