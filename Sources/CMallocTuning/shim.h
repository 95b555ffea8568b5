#ifndef ELIXIRTOUR_CMALLOCTUNING_SHIM_H
#define ELIXIRTOUR_CMALLOCTUNING_SHIM_H

/* glibc's malloc gives a block of at least the mmap threshold its own mapping, and returns freed
   memory at the top of a heap to the system past the trim threshold. Both start low (128 KiB) and
   rise only as glibc sees large blocks freed; a node that decodes a 1 MiB binary per message on
   one thread and frees it on another keeps mapping, faulting in and trimming fresh pages. Setting
   both keeps freed blocks for reuse, as the BEAM's allocators keep their carriers. Returns whether
   the allocator took the settings (0 elsewhere than glibc). */
#include <stdlib.h> /* defines __GLIBC__ on glibc */
#if defined(__GLIBC__)
#include <malloc.h>
static inline int elixirtour_keep_freed_memory(int mmap_threshold, int trim_threshold) {
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1;
}
#else
static inline int elixirtour_keep_freed_memory(int mmap_threshold, int trim_threshold) {
    (void)mmap_threshold;
    (void)trim_threshold;
    return 0;
}
#endif
#endif
