import FoundationEssentials
import NIOHTTP1

/// An HTTP answer of Graph or of a download host, its body read whole (see
/// ``GraphExchange``), with what the clients read of its headers and body.
struct GraphAnswer: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]
    /// The proxy the request went through, if any.
    let proxy: ProxyServer?

    /// Graph's answer to a function it does not have.
    var isUnknownSegment: Bool { graphMessage?.contains("Resource not found for the segment") == true }

    /// For an error answer that is not Graph's: who may have sent it.
    var proxyNote: String? { proxy.map { "answered through proxy \($0)" } }

    var location: String? { headers.first(name: "Location") }
    var etag: String? { headers.first(name: "ETag") }

    /// `Retry-After` in seconds, given as a number or an HTTP date.
    var retryAfterSeconds: Double? {
        headers.first(name: "Retry-After").flatMap { RetryAfter.seconds($0, now: Date().timeIntervalSince1970) }
    }

    /// The `error.message` of a Graph JSON error body, clipped.
    var graphMessage: String? { GraphErrorBody.message(in: body) }
}
