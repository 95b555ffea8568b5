import Synchronization

/// Every live process of a runtime, by number: for `Process.list`, `Process.info` and the checker's
/// report, and to find the process behind a pid that came from the wire.
///
/// Process numbers come from a counter, so the table is an array in pages rather than a hash
/// table: spawning a million processes stores a million pointers, with no hashing and no
/// rehashing as it grows. The numbers are spread over shards (number % shards), each a directory
/// of pages of `pageSize` slots; a page is allocated when its first process arrives and freed
/// when its last one leaves (unless new processes still arrive there), so a churn of short-lived
/// processes keeps only a few pages.
///
/// Threading: all methods may be called from any thread; each shard is guarded by its own mutex.
final class ProcessTable: Sendable {
    private static let shardCount = 16
    private static let pageSize = 4096

    private struct Page {
        var slots = [LocalProcess?](repeating: nil, count: ProcessTable.pageSize)
        var live = 0
    }

    private struct Directory {
        var pages: [Page?] = []
        /// The page the newest process went to: kept even when it empties, since the next
        /// processes (numbers come from a counter) go there too.
        var current = 0
    }

    private final class Shard: Sendable {
        let directory = Mutex(Directory())
    }

    private let shards: [Shard]
    private let liveCount = Atomic<Int>(0)

    init() {
        shards = (0..<Self.shardCount).map { _ in Shard() }
    }

    /// The shard, page and slot of a process number.
    private static func place(_ number: UInt32) -> (shard: Int, page: Int, slot: Int) {
        let index = Int(number) / shardCount
        return (Int(number) % shardCount, index / pageSize, index % pageSize)
    }

    func insert(_ process: LocalProcess) {
        let (shard, page, slot) = Self.place(process.number)
        let added: Bool = shards[shard].directory.withLock { d in
            if d.pages.count <= page { d.pages.append(contentsOf: repeatElement(nil, count: page + 1 - d.pages.count)) }
            if d.pages[page] == nil { d.pages[page] = Page() }
            d.current = page
            let wasEmpty = d.pages[page]!.slots[slot] == nil
            d.pages[page]!.slots[slot] = process
            if wasEmpty { d.pages[page]!.live += 1 }
            return wasEmpty
        }
        if added { liveCount.add(1, ordering: .relaxed) }
    }

    func remove(_ process: LocalProcess) {
        let (shard, page, slot) = Self.place(process.number)
        let removed: LocalProcess? = shards[shard].directory.withLock { d in
            guard page < d.pages.count, d.pages[page] != nil, d.pages[page]!.slots[slot] === process else { return nil }
            d.pages[page]!.slots[slot] = nil
            d.pages[page]!.live -= 1
            if d.pages[page]!.live == 0 && page != d.current { d.pages[page] = nil }
            return process
        }
        if removed != nil { liveCount.subtract(1, ordering: .relaxed) }
    }

    func lookup(number: UInt32) -> LocalProcess? {
        let (shard, page, slot) = Self.place(number)
        return shards[shard].directory.withLock { d in
            page < d.pages.count ? d.pages[page]?.slots[slot] : nil
        }
    }

    var count: Int { liveCount.load(ordering: .relaxed) }

    /// Every live process, ordered by pid.
    var all: [LocalProcess] {
        var result: [LocalProcess] = []
        for shard in shards {
            shard.directory.withLock { d in
                for page in d.pages { if let page { result.append(contentsOf: page.slots.lazy.compactMap { $0 }) } }
            }
        }
        return result.sorted { $0.number < $1.number }
    }
}
