import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// One request over TLS with a client of its own that trusts only `authority`
/// (and checks the server's name), optionally presenting a client certificate.
public func httpsRequest(
    _ url: String, trusting authority: TestCertificate, clientCertificate: TestCertificate? = nil,
    headers: [(String, String)] = [], timeout: Duration = .seconds(10)
) async throws -> HTTPAnswer {
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(authority.certificatePEM.utf8), format: .pem)])
    tls.certificateVerification = .fullVerification
    if let clientCertificate {
        tls.certificateChain = [.certificate(try NIOSSLCertificate(bytes: Array(clientCertificate.certificatePEM.utf8), format: .pem))]
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(clientCertificate.keyPEM.utf8), format: .pem))
    }
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
    do {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .init(timeout))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        try await client.shutdown()
        return HTTPAnswer(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    } catch {
        try? await client.shutdown()
        throw error
    }
}
