import Foundation

/// Files of this repository, found from this source file's path, so that
/// the tests check the very files that are committed.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func path(_ path: String) -> String { url(path).path }

    static func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

    /// The regular files directly in `directory` whose names end in one of `extensions`, sorted.
    static func files(in directory: String, extensions: [String]) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: self.path(directory))
            .filter { name in extensions.contains { name.hasSuffix(".\($0)") } }
            .sorted()
            .map { "\(directory)/\($0)" }
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("m365-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
