import Foundation

/// Decompresses gzip data with the system's `gzip -dc`, a decoder
/// independent of the exporter's own compression library.
public func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("gunzip-\(UUID().uuidString).gz")
    try Data(bytes).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try ExternalTool.path(of: "gzip"))
    process.arguments = ["-dc", input.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw GunzipFailed(status: process.terminationStatus) }
    return Array(data)
}

struct GunzipFailed: Error {
    let status: Int32
}
