#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and standard error, written with `write(2)` directly:
/// Foundation's `FileHandle` is not part of FoundationEssentials, and one
/// `write` call per log line keeps lines of concurrent writers whole.
public enum StandardStream: Sendable {
    case standardOutput
    case standardError

    private var descriptor: Int32 {
        switch self {
        case .standardOutput: STDOUT_FILENO
        case .standardError: STDERR_FILENO
        }
    }

    /// Writes the text's UTF-8 bytes.
    public static func write(_ text: String, to stream: StandardStream) {
        var text = text
        text.withUTF8 { write($0, to: stream) }
    }

    /// Writes the bytes, all of them unless the stream is closed or broken
    /// (then the rest is dropped: there is nowhere left to report it).
    public static func write(_ bytes: [UInt8], to stream: StandardStream) {
        bytes.withUnsafeBufferPointer { write($0, to: stream) }
    }

    private static func write(_ buffer: UnsafeBufferPointer<UInt8>, to stream: StandardStream) {
        guard var next = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let written = systemWrite(stream.descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            next += written
            remaining -= written
        }
    }
}

/// `write(2)`, out of the type whose own `write` methods would shadow it.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
