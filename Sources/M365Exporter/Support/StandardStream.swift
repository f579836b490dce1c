#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

import Synchronization

/// Standard output and standard error, written with `write(2)` directly:
/// Foundation's `FileHandle` is not part of FoundationEssentials (and its
/// `write` traps when the write fails), and one `write` call per log line
/// keeps lines of concurrent writers whole.
///
/// A write that fails (a pipe whose reader has gone: EPIPE, with SIGPIPE
/// ignored by ``ignoreBrokenPipes()`` or systemd's `IgnoreSIGPIPE=yes`; a
/// full non-blocking pipe: EAGAIN) drops the rest of the text and never
/// blocks or traps; on standard error it is counted
/// (`m365_exporter_log_lines_dropped_total`).
public enum StandardStream: Sendable {
    case standardOutput
    case standardError

    private var descriptor: Int32 {
        switch self {
        case .standardOutput: STDOUT_FILENO
        case .standardError: STDERR_FILENO
        }
    }

    private static let droppedOnStandardError = Atomic<Int>(0)

    /// Texts written to standard error that it could not take, so far.
    public static var droppedLogLines: Int { droppedOnStandardError.load(ordering: .relaxed) }

    /// Writes the text's UTF-8 bytes; false if they could not all be written.
    @discardableResult
    public static func write(_ text: String, to stream: StandardStream) -> Bool {
        var text = text
        return text.withUTF8 { write($0, to: stream) }
    }

    /// Writes the bytes, all of them unless the stream is closed, broken or
    /// full (then the rest is dropped: there is nowhere left to report it).
    @discardableResult
    public static func write(_ bytes: [UInt8], to stream: StandardStream) -> Bool {
        bytes.withUnsafeBufferPointer { write($0, to: stream) }
    }

    private static func write(_ buffer: UnsafeBufferPointer<UInt8>, to stream: StandardStream) -> Bool {
        guard var next = buffer.baseAddress else { return true }
        var remaining = buffer.count
        while remaining > 0 {
            let written = systemWrite(stream.descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                // EPIPE, EAGAIN, EBADF, ENOSPC…: nothing to do but go on.
                if stream == .standardError { droppedOnStandardError.add(1, ordering: .relaxed) }
                return false
            }
            next += written
            remaining -= written
        }
        return true
    }

    /// Makes a write to a closed pipe fail with EPIPE rather than kill the
    /// process with SIGPIPE, as it would under a service manager that does
    /// not ignore the signal for us. Sockets already use `MSG_NOSIGNAL`;
    /// this covers standard output and error.
    public static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }
}

/// `write(2)`, out of the type whose own `write` methods would shadow it.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
