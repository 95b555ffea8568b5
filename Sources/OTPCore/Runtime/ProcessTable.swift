import Synchronization

/// Every live process of a runtime, by number: for `Process.list`, `Process.info` and the checker's
/// report, and to find the process behind a pid that came from the wire.
///
/// Threading: all methods may be called from any thread; each shard is guarded by its own mutex.
final class ProcessTable: Sendable {
    private static let shardCount = 16
    private final class Shard: Sendable {
        let entries = Mutex<[UInt32: LocalProcess]>([:])
    }
    private let shards: [Shard]
    private let liveCount = Atomic<Int>(0)

    init() {
        shards = (0..<Self.shardCount).map { _ in Shard() }
    }

    func insert(_ process: LocalProcess) {
        shards[Int(process.number) % Self.shardCount].entries.withLock { $0[process.number] = process }
        liveCount.add(1, ordering: .relaxed)
    }

    func remove(_ process: LocalProcess) {
        let removed = shards[Int(process.number) % Self.shardCount].entries.withLock { $0.removeValue(forKey: process.number) }
        if removed != nil { liveCount.subtract(1, ordering: .relaxed) }
    }

    func lookup(number: UInt32) -> LocalProcess? {
        shards[Int(number) % Self.shardCount].entries.withLock { $0[number] }
    }

    var count: Int { liveCount.load(ordering: .relaxed) }

    /// Every live process, ordered by pid.
    var all: [LocalProcess] {
        var result: [LocalProcess] = []
        for shard in shards { shard.entries.withLock { result.append(contentsOf: $0.values) } }
        return result.sorted { $0.number < $1.number }
    }
}
