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

#endif
