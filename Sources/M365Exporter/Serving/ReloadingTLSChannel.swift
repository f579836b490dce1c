import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// HTTP over TLS whose certificate, key, client CA and versions come from
/// the web configuration in force when each connection arrives, so that a
/// reloaded `--web.config.file` (a rotated certificate, a new CA) applies
/// to the next connection without a restart, as exporter-toolkit's
/// per-handshake reading does.
///
/// HummingbirdTLS's `TLSChannel` builds its context once at start, which
/// would need a restart for a new certificate; this is the same channel
/// with the context taken per connection.
struct ReloadingTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let store: WebConfigStore

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            guard let handler = store.config.makeTLSHandler() else {
                // The watcher never swaps TLS off under a TLS listener; refuse
                // rather than answer in plain text if that ever changed.
                throw NIOSSLError.noCertificateToValidate
            }
            try channel.pipeline.syncOperations.addHandler(handler)
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
