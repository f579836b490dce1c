import FoundationEssentials
@testable import M365Exporter
import Testing

/// The demo data compiled into the binary is exactly the CSV and JSON files
/// of Sources/M365Exporter/DemoData: a file added or changed without running
/// scripts/embed-demo-data.py again fails here.
@Suite struct DemoDataFilesTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/M365Exporter/DemoData")

    @Test func holdsEveryCSVAndJSONFileOfTheFolderAndNoOther() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".json") }.sorted()
        #expect(onDisk.count >= 25)
        #expect(DemoDataFiles.names == onDisk)
    }

    @Test func holdsEachFileByteForByte() throws {
        for name in DemoDataFiles.names {
            let onDisk = try Data(contentsOf: Self.folder.appendingPathComponent(name))
            let compiled = try #require(DemoDataFiles.contents(of: name), "\(name)")
            #expect(Array(compiled.utf8) == Array(onDisk), "\(name) differs: run scripts/embed-demo-data.py")
        }
        #expect(DemoDataFiles.contents(of: "getNoSuchReport.csv") == nil)
    }
}
