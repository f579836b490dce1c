import CompressNIO
import M365Reports
import NIOCore
import Synchronization

/// A snapshot as the listener serves it: the exposition, how many reports
/// were tried (for readiness), and the listener's own counter. A scrape answers with the exposition's buffers as they are: no
/// rendering and no copy per scrape. The gzip-compressed form of each
/// format is made at the first scrape that asks for it and kept with the
/// snapshot, so that it is compressed once per snapshot at most, and not at
/// all while nobody asks for it.
public struct ServedSnapshot: Sendable {
    public let exposition: Exposition
    public let readiness: Readiness
    /// The buffers a scrape writes, in each format: the exposition's, then
    /// the listener's counters (and OpenMetrics' end marker).
    private let text: [ByteBuffer]
    private let openMetrics: [ByteBuffer]
    private let gzippedText = CompressedOnce()
    private let gzippedOpenMetrics = CompressedOnce()

    init(exposition: Exposition, readiness: Readiness, counters: ListenerCounters) {
        self.exposition = exposition
        self.readiness = readiness
        let counter = counters.families
        text = exposition.buffers(.prometheusText)
            + [ByteBuffer(bytes: ExpositionRenderer.render(counter, format: .prometheusText))]
        // OpenMetrics ends with `# EOF`: the family goes before it.
        let eof = ExpositionFormat.openMetrics.terminator
        openMetrics = exposition.buffers(.openMetrics)
            + [ByteBuffer(bytes: ExpositionRenderer.render(counter, format: .openMetrics).dropLast(eof.count)),
               ByteBuffer(bytes: eof)]
    }

    /// The exposition in `format`, as the buffers to write in order.
    public func body(for format: ExpositionFormat) -> [ByteBuffer] {
        format == .openMetrics ? openMetrics : text
    }

    /// The exposition in `format`, gzip-compressed; compressed by the first
    /// caller, whom the others wait for. `nil` if compression failed.
    public func gzippedBody(for format: ExpositionFormat) async -> ByteBuffer? {
        let once = format == .openMetrics ? gzippedOpenMetrics : gzippedText
        return await once.value { Self.gzip(body(for: format)) }
    }

    /// The value and health series of one tenant, slices of the same
    /// buffers; `nil` for a tenant the snapshot does not hold (every report
    /// has an `m365_report_up` series, so every tenant held has series).
    public func probe(tenant: String, format: ExpositionFormat) -> [ByteBuffer]? {
        let buffers = exposition.buffers(ofTenant: tenant, format: format)
        guard !buffers.isEmpty else { return nil }
        return buffers + [ByteBuffer(bytes: format.terminator)]
    }

    /// Compresses the buffers as one gzip stream, without joining them first.
    public static func gzip(_ buffers: [ByteBuffer]) -> ByteBuffer? {
        let compressor = CompressionAlgorithm.gzip().compressor
        do {
            try compressor.startStream()
            defer { try? compressor.finishStream() }
            // Room for the worst case: only the pages written become resident.
            var output = ByteBuffer()
            output.reserveCapacity(buffers.reduce(64) { $0 + compressor.maxSize(from: $1) })
            for (index, buffer) in buffers.enumerated() {
                var input = buffer
                try compressor.streamDeflate(from: &input, to: &output, flush: index == buffers.count - 1 ? .finish : .no)
                guard input.readableBytes == 0 else { return nil }
            }
            if buffers.isEmpty {
                var input = ByteBuffer()
                try compressor.streamDeflate(from: &input, to: &output, flush: .finish)
            }
            // Kept at its own size, not the worst case's.
            var compact = ByteBuffer()
            compact.reserveCapacity(output.readableBytes)
            compact.writeImmutableBuffer(output)
            return compact
        } catch {
            return nil
        }
    }
}

/// A value computed by the first caller that needs it; callers that come
/// meanwhile wait for it instead of computing it again.
final class CompressedOnce: Sendable {
    private enum State {
        case idle
        case computing([CheckedContinuation<ByteBuffer?, Never>])
        case done(ByteBuffer?)
    }

    private let state = Mutex<State>(.idle)

    func value(_ compute: () -> ByteBuffer?) async -> ByteBuffer? {
        enum Role { case compute, wait, ready(ByteBuffer?) }
        let role: Role = state.withLock { state in
            switch state {
            case .idle:
                state = .computing([])
                return .compute
            case .computing: return .wait
            case .done(let value): return .ready(value)
            }
        }
        switch role {
        case .ready(let value):
            return value
        case .wait:
            return await withCheckedContinuation { continuation in
                let ready: ByteBuffer?? = state.withLock { state in
                    switch state {
                    case .computing(var waiting):
                        waiting.append(continuation)
                        state = .computing(waiting)
                        return nil
                    case .done(let value): return .some(value)
                    case .idle: return .some(nil)
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        case .compute:
            let value = compute()
            let waiting: [CheckedContinuation<ByteBuffer?, Never>] = state.withLock { state in
                defer { state = .done(value) }
                if case .computing(let waiting) = state { return waiting }
                return []
            }
            for continuation in waiting { continuation.resume(returning: value) }
            return value
        }
    }
}
