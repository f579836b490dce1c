import Logging
import Synchronization

/// Keeps every log line a logger writes, for tests that assert what the
/// exporter logged (and what it never logs).
public final class LogCapture: Sendable {
    /// One log line: its level, message and metadata as rendered text.
    public struct Line: Sendable, CustomStringConvertible {
        public let level: Logger.Level
        public let message: String
        public let metadata: [String: String]

        public var description: String {
            let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return (["level=\(level)", "msg=\(message)"] + fields).joined(separator: " ")
        }
    }

    private let stored = Mutex<[Line]>([])

    public init() {}

    /// A logger that writes here, at `level` and above.
    public func logger(level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: "captured") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    public var lines: [Line] { stored.withLock { $0 } }

    fileprivate func append(_ line: Line) { stored.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged: [String: String] = [:]
            for (key, value) in metadata { merged[key] = "\(value)" }
            for (key, value) in event.metadata ?? [:] { merged[key] = "\(value)" }
            capture.append(Line(level: event.level, message: "\(event.message)", metadata: merged))
        }
    }
}
