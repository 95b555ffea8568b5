#if canImport(Glibc)
import Glibc
#endif

/// Keeps freed memory for reuse in this OS process once a node starts.
///
/// A connection decodes every binary of a message into a fresh array on its event loop, and the
/// receiving process frees it on a scheduler thread. With glibc's starting thresholds a 1 MiB
/// block gets a mapping of its own, and freed memory at the top of a heap goes back to the
/// system, so each such message faults in 256 fresh pages (`perf record -e page-faults` of two
/// nodes passing 1 MiB messages: 94% of the process's page faults were in that copy). Raising
/// glibc's mmap threshold to 32 MiB and its trim threshold to 64 MiB (what glibc's own
/// adjustment reaches after freeing a 32 MiB block) keeps those pages, as the BEAM's allocators
/// keep their carriers.
///
/// `mallopt` is looked up at run time: Swift's Glibc module does not import `malloc.h`, and a C
/// module of the runtime's own would have to be found by every compile of a learner's program
/// against it. Its parameters are glibc's (`M_TRIM_THRESHOLD` -1, `M_MMAP_THRESHOLD` -3).
///
/// Threading: `kept` is initialized once, by whichever thread reads it first.
enum FreedMemory {
    /// Whether the allocator took the settings (false off glibc).
    static let kept: Bool = {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "mallopt") else { return false }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        return mallopt(-3, 32 << 20) == 1 && mallopt(-1, 64 << 20) == 1
        #else
        return false
        #endif
    }()
}
