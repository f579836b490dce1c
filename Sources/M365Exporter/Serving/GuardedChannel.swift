import HummingbirdCore
import Logging
import NIOCore

/// A listener's connection with two guards in front of the HTTP channel
/// (plain or TLS): the connection limit, which closes a connection over
/// `--web.max-connections` at once, and the request deadline, which closes
/// a connection whose request, head and body, is not complete within
/// `--web.request-timeout` of its first byte.
///
/// Hummingbird's idle timeout restarts at every part it decodes, so a body
/// sent one byte a minute would hold a connection forever; the deadline
/// does not restart.
struct GuardedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let gate: ConnectionGate
    let requestTimeout: Duration
    /// Told of each connection refused for the limit.
    let onRejected: @Sendable () -> Void
    /// Told of each connection closed for the deadline.
    let onDeadline: @Sendable () -> Void

    /// Why a connection was closed before HTTP was set up on it.
    struct ConnectionLimitReached: Error {}

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard gate.enter() else {
            onRejected()
            channel.close(mode: .all, promise: nil)
            // NIO drops a connection whose setup failed; it is closed above.
            return channel.eventLoop.makeFailedFuture(ConnectionLimitReached())
        }
        let gate = self.gate
        channel.closeFuture.whenComplete { _ in gate.leave() }
        return channel.eventLoop.makeCompletedFuture {
            // First in the pipeline: it sees every byte, TLS handshakes too.
            try channel.pipeline.syncOperations.addHandler(
                RequestDeadlineHandler(timeout: TimeAmount(requestTimeout), onExpired: onDeadline))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1, over TLS when `tls` is given, behind the connection limit
    /// and the request deadline.
    static func guardedHTTP1(
        configuration: HTTP1Channel.Configuration, tls: WebConfigStore?, gate: ConnectionGate, requestTimeout: Duration,
        onRejected: @escaping @Sendable () -> Void, onDeadline: @escaping @Sendable () -> Void
    ) -> HTTPServerBuilder {
        .init { responder in
            let http = HTTP1Channel(responder: responder, configuration: configuration)
            guard let tls else {
                return GuardedChannel(
                    base: http, gate: gate, requestTimeout: requestTimeout, onRejected: onRejected, onDeadline: onDeadline)
            }
            return GuardedChannel(
                base: ReloadingTLSChannel(base: http, store: tls),
                gate: gate, requestTimeout: requestTimeout, onRejected: onRejected, onDeadline: onDeadline)
        }
    }
}
