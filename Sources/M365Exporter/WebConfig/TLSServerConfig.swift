import NIOSSL

/// `tls_server_config` of a web configuration file: the server's certificate
/// and key, whom to ask for client certificates, and the TLS versions.
public struct TLSServerConfig: Sendable {
    public var certificate: PEMSource
    public var key: PEMSource
    public var clientAuth: ClientAuthType
    public var clientCA: PEMSource?
    public var minVersion: TLSVersion
    public var maxVersion: TLSVersion

    /// PEM text from a file (`cert_file`, relative paths from the web
    /// configuration file's folder) or inline in the YAML (`cert`).
    public enum PEMSource: Sendable, Equatable {
        case file(String)
        case inline(String)
    }

    /// Go's spelling of the TLS versions.
    static let versions: [String: TLSVersion] = [
        "TLS10": .tlsv1, "TLS11": .tlsv11, "TLS12": .tlsv12, "TLS13": .tlsv13,
    ]

    static func order(_ version: TLSVersion) -> Int {
        switch version {
        case .tlsv1: 0
        case .tlsv11: 1
        case .tlsv12: 2
        case .tlsv13: 3
        }
    }
}
