import Foundation
import HTTPTypes
import Hummingbird
import M365Reports
import NIOCore

/// Answers the exporter's HTTP surface: the metrics, the landing page and
/// the health endpoints. A plain responder rather than Hummingbird's router:
/// the surface is five fixed paths, and SPEC.md asks for 405 on a known path
/// with another method than GET or HEAD, and 404 on anything else.
struct ExporterResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let store: SnapshotStore
    let telemetryPath: String
    let landingPage: LandingPage

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        let route: Route
        switch path {
        case telemetryPath: route = .metrics
        case "/": route = .landing
        case "/-/healthy": route = .healthy
        case "/-/ready": route = .ready
        default: return Self.plain(.notFound, "404 page not found\n")
        }
        guard request.method == .get || request.method == .head else {
            var response = Self.plain(.methodNotAllowed, "405 method not allowed\n")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        let response = answer(route, request: request)
        guard request.method == .head else { return response }
        // HEAD: the headers of GET, Content-Length included, and no body.
        return Response(status: response.status, headers: response.headers, body: ResponseBody())
    }

    private enum Route {
        case metrics, landing, healthy, ready
    }

    private func answer(_ route: Route, request: Request) -> Response {
        switch route {
        case .metrics:
            let format = ExpositionFormat.negotiate(accept: request.headers[.accept])
            var headers = HTTPFields()
            headers[.contentType] = format.contentType
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: store.snapshot.body(for: format)))
        case .landing:
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            let html = landingPage.render(store.snapshot.statuses, now: Date().timeIntervalSince1970)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        case .healthy:
            return Self.plain(.ok, "Healthy.\n")
        case .ready:
            let statuses = store.snapshot.statuses
            let tried = statuses.filter { $0.attempts > 0 }.count
            guard tried == statuses.count else {
                return Self.plain(.serviceUnavailable, "Not ready: \(tried) of \(statuses.count) reports tried.\n")
            }
            return Self.plain(.ok, "Ready.\n")
        }
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
