import NIOCore
import NIOSSL

/// A web configuration ready to serve: the parsed file and, with TLS, the
/// TLS context built from its certificate, key and client CA. Immutable:
/// a reload builds a new one and swaps it in whole.
public struct LoadedWebConfig: Sendable {
    public let config: WebConfig
    /// The context of new TLS connections; `nil` for plain HTTP.
    let tlsContext: NIOSSLContext?
    /// Accepts any client certificate for the client auth types that ask
    /// for one without checking it (`RequestClientCert`, `RequireAnyClientCert`).
    let acceptsAnyClientCertificate: Bool
    /// SHA-256 over the file and every file it names.
    let digest: [UInt8]

    /// A configuration without TLS or authentication: what the listener
    /// does without `--web.config.file`.
    public static let open = LoadedWebConfig(config: WebConfig(), tlsContext: nil, acceptsAnyClientCertificate: false, digest: [])

    private init(config: WebConfig, tlsContext: NIOSSLContext?, acceptsAnyClientCertificate: Bool, digest: [UInt8]) {
        self.config = config
        self.tlsContext = tlsContext
        self.acceptsAnyClientCertificate = acceptsAnyClientCertificate
        self.digest = digest
    }

    init(config: WebConfig, material: TLSMaterial?, digest: [UInt8], file: String) throws(WebConfigError) {
        self.config = config
        self.digest = digest
        guard let tls = config.tls, let material else {
            tlsContext = nil
            acceptsAnyClientCertificate = false
            return
        }
        func fail(_ reason: String) -> WebConfigError { WebConfigError(file: file, reason: reason) }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(material.certificate.utf8))
        } catch {
            throw fail("tls_server_config: the certificate (\(Self.name(tls.certificate, "cert"))) is not PEM certificates")
        }
        guard !chain.isEmpty else {
            throw fail("tls_server_config: no certificate in \(Self.name(tls.certificate, "cert"))")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: Array(material.key.utf8), format: .pem)
        } catch {
            throw fail("tls_server_config: the key (\(Self.name(tls.key, "key"))) is not an unencrypted PEM private key")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = tls.minVersion
        configuration.maximumTLSVersion = tls.maxVersion
        var caCertificates: [NIOSSLCertificate] = []
        if let ca = material.clientCA, let source = tls.clientCA {
            do {
                caCertificates = try NIOSSLCertificate.fromPEMBytes(Array(ca.utf8))
            } catch {
                throw fail("tls_server_config: the client CA (\(Self.name(source, "client_ca"))) is not PEM certificates")
            }
            guard !caCertificates.isEmpty else {
                throw fail("tls_server_config: no certificate in the client CA (\(Self.name(source, "client_ca")))")
            }
        }
        switch tls.clientAuth {
        case .noClientCert:
            configuration.certificateVerification = .none
        case .requestClientCert, .verifyClientCertIfGiven:
            configuration.certificateVerification = .optionalVerification
        case .requireAnyClientCert, .requireAndVerifyClientCert:
            configuration.certificateVerification = .noHostnameVerification
        }
        configuration.trustRoots = .certificates(caCertificates)
        configuration.sendCANameList = tls.clientAuth.verifies
        acceptsAnyClientCertificate = tls.clientAuth == .requestClientCert || tls.clientAuth == .requireAnyClientCert
        do {
            tlsContext = try NIOSSLContext(configuration: configuration)
        } catch {
            throw fail("tls_server_config: the certificate and key cannot be used together (\(error))")
        }
    }

    private static func name(_ source: TLSServerConfig.PEMSource, _ key: String) -> String {
        switch source {
        case .file(let path): "\(key)_file \(path)"
        case .inline: "inline \(key)"
        }
    }

    /// A handler for a new connection: TLS with the current context.
    func makeTLSHandler() -> NIOSSLServerHandler? {
        guard let tlsContext else { return nil }
        if acceptsAnyClientCertificate {
            return NIOSSLServerHandler(context: tlsContext, customVerificationCallback: { _, promise in
                promise.succeed(.certificateVerified)
            })
        }
        return NIOSSLServerHandler(context: tlsContext)
    }
}
