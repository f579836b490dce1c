// glibc's malloc tuning for the exporter process (see m365_tune_malloc).
#ifndef C_MALLOC_TUNING_H
#define C_MALLOC_TUNING_H

#if defined(__linux__)
// Also defines __GLIBC__ (through features.h) where the C library is glibc.
#include <malloc.h>
#endif

/// With many tenants the exposition is megabytes, replaced at every render:
/// buffers from 256 KiB up come from mmap and go back to the system when
/// freed, instead of staying in glibc's heap (whose mmap threshold otherwise
/// rises to the largest buffer freed), and two arenas instead of eight per
/// core keep the rest from spreading. Does nothing outside glibc.
static inline void m365_tune_malloc(void) {
#if defined(__linux__) && defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_ARENA_MAX, 2);
#endif
}

/// Gives the pages that free memory left anywhere in glibc's heaps back to
/// the system (glibc returns only the top of a heap by itself). Called after
/// a burst of allocations, such as the first render of a thousand tenants,
/// whose survivors are spread among the freed ones. Does nothing outside glibc.
static inline void m365_release_free_memory(void) {
#if defined(__linux__) && defined(__GLIBC__)
    malloc_trim(0);
#endif
}

#endif
