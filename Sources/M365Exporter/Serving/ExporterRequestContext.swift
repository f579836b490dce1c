import Hummingbird
import NIOCore

/// Hummingbird's basic request context plus the client's address, which
/// the limit on failed basic-auth attempts is kept by.
struct ExporterRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer of the connection the request came on.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
