import OTPCore
import OTPGenServer

/// How a supervisor was asked to run: its kind, strategy, intensity and first children.
///
/// Threading: a value type of `Sendable` parts; sent to the supervisor at start.
struct SupervisorConfig: Sendable {
    var kind: SupervisorKind
    var strategy: Strategy
    var maxRestarts: Int
    var maxSeconds: Int
    var maxChildren: Int?
    var children: [ChildSpec]
}

/// One child the supervisor knows: its spec, its process if running, its restarts.
struct ChildRecord {
    var spec: ChildSpec
    var pid: Pid?
    var restartCount = 0

    var info: ChildInfo {
        ChildInfo(id: spec.id, pid: pid, type: spec.type, restart: spec.restart, restartCount: restartCount)
    }
}

/// A supervisor's state, owned by its process.
struct SupervisorState {
    let config: SupervisorConfig
    /// In start order; stopped in reverse.
    var children: [ChildRecord] = []
    var intensity: RestartIntensity
    var restarts = 0

    init(config: SupervisorConfig) {
        self.config = config
        intensity = RestartIntensity(maxRestarts: config.maxRestarts, period: .seconds(config.maxSeconds))
    }

    var isDynamic: Bool { config.kind != .supervisor }

    func index(of key: ChildKey) -> Int? {
        switch key {
        case .id(let id): return isDynamic ? nil : children.firstIndex { $0.spec.id == id }
        case .pid(let pid): return children.firstIndex { $0.pid == pid }
        }
    }

    /// The children in the order `which_children` gives them, as Elixir 1.14 on OTP 25 does. A
    /// `Supervisor` lists the last started first: `start_child` puts its child in front, and a
    /// restarted child keeps its place. A dynamic supervisor (`DynamicSupervisor`,
    /// `Task.Supervisor`) keeps its children in a map from pid, so they come in pid order, a
    /// restarted child (a new pid) last. Elixir's map gives that order up to 32 children; past
    /// 32 the BEAM's map is ordered by the pids' hashes, which this does not reproduce.
    var listed: [ChildRecord] {
        guard isDynamic else { return children.reversed() }
        // A child between an exit and its restart has no pid: after those that have one.
        return children.enumerated().sorted { a, b in
            switch (a.element.pid, b.element.pid) {
            case (let x?, let y?): x < y
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.offset < b.offset
            }
        }.map(\.element)
    }

    var counts: ChildCounts {
        ChildCounts(
            specs: children.count, active: children.filter { $0.pid != nil }.count,
            supervisors: children.filter { $0.spec.type == .supervisor }.count,
            workers: children.filter { $0.spec.type == .worker }.count)
    }

    var snapshot: SupervisorSnapshot {
        SupervisorSnapshot(
            kind: config.kind, strategy: config.strategy, maxRestarts: config.maxRestarts,
            maxSeconds: config.maxSeconds, restarts: restarts, children: children.map(\.info))
    }
}
