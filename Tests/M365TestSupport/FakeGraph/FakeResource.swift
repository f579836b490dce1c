import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// A JSON answer of the fake for a Graph resource other than a report
/// (`subscribedSkus`, service health, an application): a status and a body.
public struct FakeResource: Sendable {
    public let status: Int
    public let body: String
    /// `Retry-After` seconds of a `429`.
    public let retryAfter: Int?

    public init(status: Int = 200, body: String, retryAfter: Int? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
    }

    /// Graph's answer when the app lacks the permission a resource needs.
    public static let forbidden = FakeResource(
        status: 403,
        body: #"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"request-id":"00000000-0000-0000-0000-000000000000"}}}"#)
}

extension FakeGraph {
    /// Serves JSON resources besides the reports: `answer` gets the tenant id
    /// of the bearer token and the request's path with its query
    /// (`/v1.0/subscribedSkus?$skiptoken=2`, percent-decoded) and gives the
    /// answer, or `nil` for Graph's `404`. Next links in bodies are written by
    /// the test, usually with ``graphURL``.
    public func setResources(_ answer: @escaping @Sendable (_ tenantID: String, _ pathAndQuery: String) -> FakeResource?) async {
        await state.setResources(answer)
    }

    static func answerResource(_ request: Request, path: String, authorization: String?, state: FakeGraphState) async -> Response {
        guard let tenant = await state.tenant(ofBearer: authorization) else {
            return Self.jsonResponse(401, #"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}"#)
        }
        let query = request.uri.query.map { "?" + ($0.removingPercentEncoding ?? $0) } ?? ""
        guard let answer = await state.resources?(tenant, path + query) else {
            return Self.jsonResponse(404, #"{"error":{"code":"Request_ResourceNotFound","message":"Resource not found."}}"#)
        }
        var response = Self.jsonResponse(answer.status, answer.body)
        if let retryAfter = answer.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    static func jsonResponse(_ status: Int, _ body: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
