import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Gets and caches the app-only token of one tenant (OAuth 2.0 client
/// credentials). The token is reused until shortly before it expires;
/// concurrent callers share one request; a token Graph refused is dropped.
public actor TokenProvider {
    private let http: HTTPClient
    private let credentials: TenantCredentials
    private let scope: String
    private let requestTimeout: Duration
    private var cached: AccessToken?
    private var pending: Task<AccessToken, any Error>?

    /// - Parameter graphURL: the Graph base URL; the scope is `{graphURL}/.default`.
    public init(http: HTTPClient, credentials: TenantCredentials, graphURL: String, requestTimeout: Duration = .seconds(30)) {
        self.http = http
        self.credentials = credentials
        var base = graphURL
        while base.hasSuffix("/") { base.removeLast() }
        scope = "\(base)/.default"
        self.requestTimeout = requestTimeout
    }

    /// A token valid for a while yet.
    public func token() async throws -> AccessToken {
        if let cached, ContinuousClock.now < cached.renewAt { return cached }
        if let pending { return try await pending.value }
        let task = Task { try await self.requestToken() }
        pending = task
        defer { pending = nil }
        let token = try await task.value
        cached = token
        return token
    }

    /// Forgets a token that Graph refused (401), so the next call asks anew.
    public func invalidate(_ token: AccessToken) {
        if cached?.value == token.value { cached = nil }
    }

    private func requestToken() async throws -> AccessToken {
        var fields = [
            ("client_id", credentials.clientID),
            ("scope", scope),
            ("grant_type", "client_credentials"),
        ]
        do {
            fields += try credentials.credential.tokenRequestFields(tokenURL: credentials.tokenURL, clientID: credentials.clientID)
        } catch {
            throw TokenError.credential(error)
        }
        var request = HTTPClientRequest(url: credentials.tokenURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(fields)))

        let requestedAt = ContinuousClock.now
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .init(requestTimeout))
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw TokenError.transport(String(describing: error))
        }
        let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(body.readableBytesView))
        guard response.status == .ok else {
            throw TokenError.rejected(
                status: Int(response.status.code), error: answer?.error,
                errorDescription: answer?.error_description.map(Self.firstLine))
        }
        guard let value = answer?.access_token, !value.isEmpty else {
            throw TokenError.malformedAnswer(status: Int(response.status.code))
        }
        let lifetime = Double(answer?.expires_in?.value ?? 3600)
        // Renew five minutes early, or halfway through a short lifetime.
        let margin = min(300, lifetime / 2)
        return AccessToken(value: Secret(value), renewAt: requestedAt + .seconds(lifetime - margin))
    }

    /// Entra ID's descriptions carry trace and correlation ids on later lines.
    private static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "")
    }

    private struct TokenAnswer: Decodable {
        var access_token: String?
        var expires_in: FlexibleInt?
        var error: String?
        var error_description: String?
    }
}

/// Entra ID has sent `expires_in` both as a number and as a string.
struct FlexibleInt: Decodable {
    let value: Int
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Int(text) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expires_in is not a number")
        }
    }
}
