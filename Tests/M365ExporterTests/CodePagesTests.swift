#if os(Linux)
import CCodePages
import Glibc
import Testing

/// m365_release_code_pages gives back the pages of read-only file mappings
/// that hold the file's own bytes; a page the process wrote (a relocation)
/// must keep what was written, and a writable mapping must not be touched,
/// or the process would lose its own data.
@Suite struct CodePagesTests {
    let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// A file of three pages, each filled with its own byte: "A", "B", "C".
    private func threePageFile() throws -> (descriptor: Int32, path: String) {
        var template = Array("/tmp/m365-code-pages-XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        try #require(descriptor >= 0)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for byte in [UInt8(ascii: "A"), UInt8(ascii: "B"), UInt8(ascii: "C")] {
            let page = [UInt8](repeating: byte, count: pageSize)
            try #require(write(descriptor, page, pageSize) == pageSize)
        }
        return (descriptor, path)
    }

    /// Whether the page at `address` is mapped, from /proc/self/pagemap.
    private func isResident(_ address: UnsafeRawPointer) throws -> Bool {
        let pagemap = open("/proc/self/pagemap", O_RDONLY)
        try #require(pagemap >= 0)
        defer { close(pagemap) }
        var entry: UInt64 = 0
        let offset = off_t(UInt(bitPattern: address) / UInt(pageSize) * 8)
        try #require(pread(pagemap, &entry, 8, offset) == 8)
        return entry & (1 << 63) != 0
    }

    /// Runs `body` with a private, writable mapping of a fresh three-page file.
    private func withMappedThreePageFile(_ body: (UnsafeMutableRawPointer, Int) throws -> Void) throws {
        let (descriptor, path) = try threePageFile()
        defer { close(descriptor); unlink(path) }
        let length = 3 * pageSize
        let mapping = try #require(mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, 0))
        try #require(mapping != MAP_FAILED)
        defer { munmap(mapping, length) }
        try body(mapping, length)
    }

    private func bytes(_ page: UnsafeRawPointer) -> Set<UInt8> {
        Set(UnsafeRawBufferPointer(start: page, count: pageSize))
    }

    @Test func aReadOnlyPageLeavesAndComesBackWithTheFileBytesAndAWrittenPageKeepsItsWrite() throws {
        // Mapped as the loader maps RELRO: written, then made read-only.
        try withMappedThreePageFile { mapping, length in
            let first = UnsafeRawPointer(mapping)
            let second = mapping + pageSize
            let third = UnsafeRawPointer(mapping + 2 * pageSize)
            #expect(bytes(first) == [UInt8(ascii: "A")])
            second.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "w"), count: pageSize)
            #expect(bytes(third) == [UInt8(ascii: "C")])
            try #require(mprotect(mapping, length, PROT_READ) == 0)
            try #require(try isResident(first) && isResident(second) && isResident(third))

            let released = m365_release_code_pages()

            #expect(released >= 2, "at least the two file pages of the test's own mapping")
            #expect(try !isResident(first))
            #expect(try !isResident(third))
            #expect(try isResident(second), "the written page stays")
            #expect(bytes(second) == [UInt8(ascii: "w")])
            #expect(bytes(first) == [UInt8(ascii: "A")])
            #expect(bytes(third) == [UInt8(ascii: "C")])
        }
    }

    @Test func aWritableMappingIsLeftAlone() throws {
        try withMappedThreePageFile { mapping, _ in
            // Read, not written: still the file's page, but another thread
            // could write it at any moment, so it is not the releaser's to drop.
            #expect(bytes(mapping) == [UInt8(ascii: "A")])
            try #require(try isResident(mapping))

            _ = m365_release_code_pages()

            #expect(try isResident(mapping))
        }
    }
}
#endif
