#if defined(__linux__)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#endif
#include "CCodePages.h"

#if defined(__linux__)

// /proc/self/pagemap: one 64-bit entry per page (Documentation/admin-guide/mm/pagemap.rst).
#define PAGEMAP_PRESENT (1ULL << 63)
#define PAGEMAP_FILE_OR_SHARED (1ULL << 61)
#define PAGEMAP_ENTRIES_PER_READ 512

static void release_run(uintptr_t start, uintptr_t end) {
    (void)madvise((void *)start, end - start, MADV_DONTNEED);
}

// Releases the runs of present file pages of [start, end); returns their count.
static long release_mapping(int pagemap, uintptr_t start, uintptr_t end, uintptr_t pageSize) {
    uint64_t entries[PAGEMAP_ENTRIES_PER_READ];
    long released = 0;
    uintptr_t runStart = 0;
    for (uintptr_t chunk = start; chunk < end; chunk += PAGEMAP_ENTRIES_PER_READ * pageSize) {
        uintptr_t pages = (end - chunk) / pageSize;
        if (pages > PAGEMAP_ENTRIES_PER_READ) pages = PAGEMAP_ENTRIES_PER_READ;
        ssize_t read = pread(pagemap, entries, pages * sizeof(uint64_t), (off_t)(chunk / pageSize * sizeof(uint64_t)));
        uintptr_t known = read > 0 ? (uintptr_t)read / sizeof(uint64_t) : 0;
        for (uintptr_t index = 0; index < pages; index++) {
            uintptr_t page = chunk + index * pageSize;
            // An entry that could not be read counts as a written page: kept.
            uint64_t entry = index < known ? entries[index] : PAGEMAP_PRESENT;
            int fileBytes = (entry & PAGEMAP_PRESENT) && (entry & PAGEMAP_FILE_OR_SHARED);
            if (fileBytes) {
                if (!runStart) runStart = page;
                released++;
            } else if (runStart) {
                release_run(runStart, page);
                runStart = 0;
            }
        }
    }
    if (runStart) release_run(runStart, end);
    return released;
}

long m365_release_code_pages(void) {
    FILE *maps = fopen("/proc/self/maps", "re");
    if (!maps) return -1;
    int pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (pagemap < 0) {
        fclose(maps);
        return -1;
    }
    uintptr_t pageSize = (uintptr_t)sysconf(_SC_PAGESIZE);
    long released = 0;
    char line[4352];
    while (fgets(line, sizeof line, maps)) {
        unsigned long start, end, inode;
        char perms[5];
        // start-end perms offset dev inode [path]
        if (sscanf(line, "%lx-%lx %4s %*x %*s %lu", &start, &end, perms, &inode) != 4) continue;
        // Only private (p), unwritable mappings of a file (inode != 0).
        if (inode == 0 || perms[1] == 'w' || perms[3] != 'p') continue;
        released += release_mapping(pagemap, start, end, pageSize);
    }
    close(pagemap);
    fclose(maps);
    return released;
}

#else

long m365_release_code_pages(void) { return -1; }

#endif
