import FoundationEssentials
import HTTPTypes
import Hummingbird
import M365Reports
import NIOCore

/// Answers the exporter's HTTP surface: the metrics, one tenant's series for
/// the multi-target pattern, the landing page, the health endpoints and
/// reload. A plain responder rather than Hummingbird's router: the surface
/// is a few fixed paths, and SPEC.md asks for 405 on a known path with
/// another method than it takes, and 404 on anything else.
struct ExporterResponder: HTTPResponder {
    typealias Context = ExporterRequestContext

    let store: SnapshotStore
    let telemetryPath: String
    let landingPage: LandingPage
    /// Reads the configuration again (`POST /-/reload`).
    let reloader: ConfigurationReloader
    /// Every report's state, asked for when the landing page is: the served
    /// snapshot does not carry thousands of states that scrapes never read.
    let statuses: @Sendable () async -> [ReportStatus]

    /// Largest request body announced that is accepted. No endpoint reads a
    /// body; the limit keeps a client from holding the listener busy with one.
    static let maxRequestBodyBytes = 64 * 1024

    func respond(to request: Request, context: Context) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maxRequestBodyBytes {
            var response = Self.plain(.contentTooLarge, "413 request body larger than \(Self.maxRequestBodyBytes) bytes\n")
            response.headers[.connection] = "close"
            return response
        }
        let path = request.uri.path
        let route: Route
        switch path {
        case telemetryPath: route = .metrics
        case "/probe": route = .probe
        case "/": route = .landing
        case "/-/healthy": route = .healthy
        case "/-/ready": route = .ready
        case "/-/reload": route = .reload
        default: return Self.plain(.notFound, "404 page not found\n")
        }
        if route == .reload {
            guard request.method == .post || request.method == .put else {
                var response = Self.plain(.methodNotAllowed, "405 method not allowed: use POST\n")
                response.headers[.allow] = "POST, PUT"
                return response
            }
            return await reload()
        }
        guard request.method == .get || request.method == .head else {
            var response = Self.plain(.methodNotAllowed, "405 method not allowed\n")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        let response = await answer(route, request: request)
        guard request.method == .head else { return response }
        // HEAD: the headers of GET, Content-Length included, and no body.
        return Response(status: response.status, headers: response.headers, body: ResponseBody())
    }

    private enum Route {
        case metrics, probe, landing, healthy, ready, reload
    }

    private func answer(_ route: Route, request: Request) async -> Response {
        switch route {
        case .metrics:
            let format = ExpositionFormat.negotiate(accept: request.headers[.accept])
            let snapshot = store.snapshot
            var headers = HTTPFields()
            headers[.contentType] = format.contentType
            headers[.vary] = "Accept, Accept-Encoding"
            if Self.acceptsGzip(request.headers[.acceptEncoding]), let gzipped = await snapshot.gzippedBody(for: format) {
                headers[.contentEncoding] = "gzip"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: gzipped))
            }
            return Response(status: .ok, headers: headers, body: ResponseBody(contentsOf: snapshot.body(for: format)))
        case .probe:
            guard let tenant = request.uri.queryParameters["tenant"].map(String.init), !tenant.isEmpty else {
                return Self.plain(.badRequest, "400 bad request: give the tenant as /probe?tenant=NAME\n")
            }
            let format = ExpositionFormat.negotiate(accept: request.headers[.accept])
            guard let body = store.snapshot.probe(tenant: tenant, format: format) else {
                // A fixed text: the answer repeats nothing the request held.
                return Self.plain(.notFound, "404 unknown tenant\n")
            }
            var headers = HTTPFields()
            headers[.contentType] = format.contentType
            return Response(status: .ok, headers: headers, body: ResponseBody(contentsOf: body))
        case .landing:
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            let html = landingPage.render(await statuses(), now: Date().timeIntervalSince1970)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        case .healthy:
            return Self.plain(.ok, "Healthy.\n")
        case .ready:
            let readiness = store.snapshot.readiness
            guard readiness.tried == readiness.reports else {
                return Self.plain(.serviceUnavailable, "Not ready: \(readiness.tried) of \(readiness.reports) reports tried.\n")
            }
            return Self.plain(.ok, "Ready.\n")
        case .reload:
            return Self.plain(.methodNotAllowed, "405 method not allowed: use POST\n")
        }
    }

    private func reload() async -> Response {
        switch await reloader.reload() {
        case .success:
            return Self.plain(.ok, "Reloaded.\n")
        case .failure(let error):
            return Self.plain(.internalServerError, "failed to reload config: \(error.message)\n")
        }
    }

    /// Whether an `Accept-Encoding` header lists gzip with a non-zero quality.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for coding in header.split(separator: ",") {
            let parameters = coding.split(separator: ";").map { $0.trimmingASCIIWhitespace().lowercased() }
            guard parameters.first == "gzip" || parameters.first == "x-gzip" else { continue }
            let refused = parameters.dropFirst().contains { $0.hasPrefix("q=") && Double($0.dropFirst(2)) == 0 }
            if !refused { return true }
        }
        return false
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
