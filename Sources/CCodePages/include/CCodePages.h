// Giving back the resident pages of code the process no longer runs.
#ifndef C_CODE_PAGES_H
#define C_CODE_PAGES_H

/// Takes out of the resident set every page of the process's read-only,
/// private file mappings (the code and read-only data of the executable and
/// its libraries) that still holds the file's own bytes, and returns how
/// many pages it took out, or -1 where /proc/self/pagemap cannot be read
/// (then nothing is done).
///
/// Why: at start the process runs code it never runs again (argument
/// parsing, configuration, the catalog, the first refresh), and the kernel
/// maps 64 KiB of file around every page it faults in. Both stay resident
/// for the life of the process: 26 MiB of a one-tenant demo's 30, of which
/// the scrapes touch 6. Afterwards the pages the process runs come back on
/// their next use, with the kernel's 64 KiB around each.
///
/// How: `MADV_DONTNEED`, which unmaps them and leaves them in the page
/// cache, so a page run again comes back on a minor fault, with no disk
/// read. (`MADV_PAGEOUT` would also free them from the page cache, where the
/// kernel allows it, but a scrape after it read its code back from disk
/// page by page: tests timing a scrape in the same process failed.)
/// A page the process has written (a relocation, `RELRO`) is anonymous, not
/// the file's: /proc/self/pagemap says which, and those pages are never
/// touched, since discarding one would lose the write. Writable mappings
/// are left alone for the same reason. Linux only; elsewhere it returns -1.
long m365_release_code_pages(void);

#endif
