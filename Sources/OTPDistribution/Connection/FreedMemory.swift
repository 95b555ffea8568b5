internal import CMallocTuning

/// Keeps freed memory for reuse in this OS process once a node starts.
///
/// A connection decodes every binary of a message into a fresh array on its event loop, and the
/// receiving process frees it on a scheduler thread. With glibc's starting thresholds a 1 MiB
/// block gets a mapping of its own, and freed memory at the top of a heap goes back to the
/// system, so each such message faults in 256 fresh pages (callgrind and `perf record -e
/// page-faults` of `bench dist`: 94% of the process's page faults were in that copy). Raising
/// the mmap threshold to 32 MiB and the trim threshold to 64 MiB (what glibc's own adjustment
/// would reach after freeing a 32 MiB block) keeps those pages, as the BEAM's allocators keep
/// their carriers.
///
/// Threading: `kept` is initialized once, by whichever thread reads it first.
enum FreedMemory {
    /// Whether the allocator took the settings (false off glibc).
    static let kept: Bool = elixirtour_keep_freed_memory(32 << 20, 64 << 20) != 0
}
