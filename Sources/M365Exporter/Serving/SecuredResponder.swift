import HTTPTypes
import Hummingbird
import NIOCore

/// Puts the web configuration's rules in front of another responder: basic
/// authentication on every path but `/-/healthy` (which orchestrators probe
/// without credentials), and the configured headers on every answer. Reads
/// the configuration in force per request, so a reload applies at once.
struct SecuredResponder<Wrapped: HTTPResponder>: HTTPResponder where Wrapped.Context: RemoteAddressRequestContext {
    typealias Context = Wrapped.Context

    let wrapped: Wrapped
    let webConfig: WebConfigStore
    let authenticator: BasicAuthenticator
    /// Told of every refused request, for `m365_exporter_http_auth_failures_total`.
    let onAuthFailure: @Sendable () -> Void
    /// Told of every request refused unchecked (rate limit, full bcrypt
    /// queue), for `m365_exporter_http_auth_throttled_total`.
    let onAuthThrottled: @Sendable () -> Void

    static var unauthenticatedPaths: Set<String> { ["/-/healthy"] }

    func respond(to request: Request, context: Context) async throws -> Response {
        let config = webConfig.config.config
        var response: Response
        let verdict: BasicAuthenticator.Verdict
        if config.basicAuthUsers.isEmpty || Self.unauthenticatedPaths.contains(request.uri.path) {
            verdict = .allowed
        } else {
            verdict = await authenticator.check(
                request.headers[.authorization], users: config.basicAuthUsers, client: context.remoteAddress?.ipAddress)
        }
        switch verdict {
        case .allowed:
            response = try await wrapped.respond(to: request, context: context)
        case .denied:
            onAuthFailure()
            response = Self.unauthorized(head: request.method == .head)
        case .throttled:
            onAuthFailure()
            onAuthThrottled()
            response = Self.tooManyRequests(head: request.method == .head)
        }
        for header in config.headers {
            if let name = HTTPField.Name(header.name) { response.headers[name] = header.value }
        }
        return response
    }

    /// 401 with the challenge; the body never repeats what the client sent.
    static func unauthorized(head: Bool) -> Response {
        let text = "401 Unauthorized\n"
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = #"Basic realm="m365-exporter", charset="UTF-8""#
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentLength] = String(text.utf8.count)
        return Response(
            status: .unauthorized, headers: headers,
            body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 429 for credentials refused unchecked; a fixed text too.
    static func tooManyRequests(head: Bool) -> Response {
        let text = "429 too many failed attempts; try again later\n"
        var headers = HTTPFields()
        headers[.retryAfter] = "10"
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentLength] = String(text.utf8.count)
        return Response(
            status: .tooManyRequests, headers: headers,
            body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
