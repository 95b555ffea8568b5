/// The workloads `elixirtour bench` runs, on the Swift runtime and on the BEAM.
public enum Workload: String, CaseIterable, Sendable {
    /// One million idle processes, each waiting in `receive`.
    case spawn
    /// A ring of 10,000 processes passing a token around 100 times.
    case ring
    /// Round trips between two processes.
    case pingpong
    /// `pingpong`, `ring` and `spawn` with bare Swift tasks, with no runtime: the floor Swift's
    /// tasks and continuations set under them (for `spawn`, the memory of a task that waits).
    case floor
    /// `receive` that must skip a backlog of 10,000 non-matching messages each time.
    case selective
    /// GenServer.call round trips on one server.
    case call
    /// The same calls from a client with 10,000 unrelated messages in its mailbox.
    case callBacklog = "call-backlog"
    /// Time from killing a supervised worker to its replacement running.
    case restart
    /// Pattern matching and the external term format (Swift only: the BEAM does these in C).
    case terms
    /// Messages per second between two nodes on loopback.
    case dist
    /// ETS inserts and lookups, from one process and from one per scheduler.
    case ets
    /// Registry lookups and register + unregister pairs.
    case registry

    /// The workloads `bench` runs when none is named (`dist` starts nodes: ask for it by name).
    public static let defaults: [Workload] = [.spawn, .ring, .pingpong, .floor, .selective, .call, .callBacklog, .restart, .terms]

    public func summary(_ sizes: BenchSizes) -> String {
        switch self {
        case .spawn: "spawn \(sizes.spawnCount.formatted) idle processes waiting in receive"
        case .ring: "ring of \(sizes.ringSize.formatted) processes, token passed \(sizes.ringRounds) times around"
        case .pingpong: "\(sizes.pingPongRoundTrips.formatted) round trips between two processes"
        case .floor: "pingpong, ring and spawn with bare Swift tasks, no runtime"
        case .selective: "\(sizes.selectiveReceives.formatted) receives, each past a backlog of \(sizes.selectiveBacklog.formatted) messages"
        case .call: "\(sizes.calls.formatted) GenServer calls from one client to one server"
        case .callBacklog: "\(sizes.calls.formatted) GenServer calls from a client with \(sizes.callBacklog.formatted) other messages waiting"
        case .restart: "\(sizes.restarts.formatted) kills of a supervised worker, timed until its replacement runs"
        case .terms: "match a nested pattern, encode and decode a 100-record term"
        case .dist:
            "\(sizes.distMessages.formatted) small and \(sizes.distLargeMessages.formatted) 1 MiB messages from one node to another on loopback"
        case .ets: "\(sizes.etsObjects.formatted) ETS inserts and \(sizes.etsLookups.formatted) lookups, from 1 process and from one per scheduler"
        case .registry:
            "\(sizes.registryCycles.formatted) Registry register + unregister pairs, \(sizes.registryLookups.formatted) lookups from 1 process and from one per scheduler"
        }
    }
}

/// Workload sizes, the same for both runtimes.
///
/// Threading: a value type; safe to share.
public struct BenchSizes: Sendable {
    public var spawnCount = 1_000_000
    public var ringSize = 10_000
    public var ringRounds = 100
    public var pingPongRoundTrips = 500_000
    public var selectiveBacklog = 10_000
    public var selectiveReceives = 2_000
    public var calls = 200_000
    public var callBacklog = 10_000
    public var restarts = 10_000
    public var termIterations = 2_000
    public var distMessages = 200_000
    public var etsObjects = 200_000
    public var etsLookups = 1_000_000
    public var registryKeys = 10_000
    public var registryLookups = 1_000_000
    public var registryCycles = 100_000
    /// Messages of the 1 MiB distribution workload.
    public var distLargeMessages = 1_000

    /// The published sizes.
    public static let standard = BenchSizes()
    /// Small sizes, for checking that the benchmark itself works.
    public static let quick = BenchSizes(
        spawnCount: 10_000, ringSize: 100, ringRounds: 10, pingPongRoundTrips: 1_000,
        selectiveBacklog: 100, selectiveReceives: 50, calls: 1_000, callBacklog: 100, restarts: 100, termIterations: 20,
        distMessages: 1_000, etsObjects: 1_000, etsLookups: 1_000, registryKeys: 100, registryLookups: 1_000,
        registryCycles: 100, distLargeMessages: 5)
}

extension Int {
    var formatted: String {
        let digits = String(self)
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }
}
