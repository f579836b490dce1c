import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// An HTTP answer read whole.
public struct HTTPAnswer: Sendable {
    public let status: Int
    public let headers: HTTPHeaders
    public let body: String

    /// The first value of a header.
    public func header(_ name: String) -> String? { headers.first(name: name) }
}

/// One request over a real socket, without `Accept-Encoding` unless given.
public func httpRequest(
    _ url: String, method: String = "GET", headers: [(String, String)] = [], body: String? = nil,
    timeout: Duration = .seconds(10)
) async throws -> HTTPAnswer {
    var request = HTTPClientRequest(url: url)
    request.method = HTTPMethod(rawValue: method)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(string: body)) }
    let response = try await rawClient.execute(request, timeout: .init(timeout))
    let bytes = try await response.body.collect(upTo: 64 << 20)
    return HTTPAnswer(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
}

/// Polls `condition` until it holds or the time is up.
public func eventually(
    timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    return try await condition()
}

/// An HTTP answer with its body as bytes, as sent (not decompressed).
public struct RawHTTPAnswer: Sendable {
    public let status: Int
    public let headers: HTTPHeaders
    public let body: [UInt8]

    public func header(_ name: String) -> String? { headers.first(name: name) }
}

/// A client that leaves compressed bodies as they are and sends no
/// `Accept-Encoding` of its own (`HTTPClient.shared` asks for gzip and
/// refuses answers that decompress to more than ten times their size).
private let rawClient = HTTPClient(
    eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(decompression: .disabled))

/// One GET over a real socket, keeping the body's bytes as they came.
public func rawRequest(_ url: String, headers: [(String, String)] = [], timeout: Duration = .seconds(10)) async throws -> RawHTTPAnswer {
    var request = HTTPClientRequest(url: url)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let response = try await rawClient.execute(request, timeout: .init(timeout))
    let bytes = try await response.body.collect(upTo: 64 << 20)
    return RawHTTPAnswer(status: Int(response.status.code), headers: response.headers, body: Array(buffer: bytes))
}
