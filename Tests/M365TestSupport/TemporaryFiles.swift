import Foundation

/// A directory of files a test writes (configuration files, secret files),
/// removed when the object goes away.
public final class TemporaryFiles: Sendable {
    public let directory: String

    public init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("m365-exporter-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` in the directory (replacing it atomically) and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let path = "\(directory)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
