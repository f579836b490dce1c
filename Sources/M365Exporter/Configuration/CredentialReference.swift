import FoundationEssentials
import M365Graph

/// How a tenant of the configuration file proves its identity: the key that
/// names the kind of credential and the file it points at. The file is read
/// when the configuration is loaded, and again on every reload, so that a
/// rotated secret takes effect without a restart and the secret itself is
/// never part of the configuration text.
///
/// Every credential kind of the file is listed here and resolved in
/// ``credential()``: adding a kind to ``ClientCredential`` means one more
/// case in that switch.
public enum CredentialReference: Sendable, Hashable {
    /// `client_secret_file`: a file holding the client secret.
    case clientSecretFile(String)
    /// `client_certificate_file`: a PEM file with the certificate and its key.
    case clientCertificateFile(String)
    /// `federated_token_file`: a file holding a workload-identity token.
    case federatedTokenFile(String)

    /// The configuration keys, in the order the documentation lists them.
    public static let keys = ["client_secret_file", "client_certificate_file", "federated_token_file"]

    /// The reference a key and its path spell, if the key is a credential key.
    public init?(key: String, path: String) {
        switch key {
        case "client_secret_file": self = .clientSecretFile(path)
        case "client_certificate_file": self = .clientCertificateFile(path)
        case "federated_token_file": self = .federatedTokenFile(path)
        default: return nil
        }
    }

    /// The configuration key of this reference.
    public var key: String {
        switch self {
        case .clientSecretFile: "client_secret_file"
        case .clientCertificateFile: "client_certificate_file"
        case .federatedTokenFile: "federated_token_file"
        }
    }

    /// The file the reference points at.
    public var path: String {
        switch self {
        case .clientSecretFile(let path), .clientCertificateFile(let path), .federatedTokenFile(let path): path
        }
    }

    /// Reads the file and returns the credential (a certificate is checked
    /// here, its key against its certificate). The error says what is wrong
    /// with the file, never what it holds.
    public func credential() throws(CredentialReferenceError) -> ClientCredential {
        switch self {
        case .clientSecretFile(let path):
            let secret = Secret(fileContents: try Self.read(path))
            guard !secret.exposedValue.isEmpty else { throw CredentialReferenceError("\(path) is empty") }
            return .secret(secret)
        case .clientCertificateFile(let path):
            do {
                return .certificate(try ClientCertificate(pemFile: path))
            } catch {
                throw CredentialReferenceError(error.description)
            }
        case .federatedTokenFile(let path):
            let file = FederatedTokenFile(path: path)
            // Read once here so that a wrong path is refused with the file;
            // every token request reads it again, as the platform rotates it.
            do {
                _ = try file.read()
            } catch {
                throw CredentialReferenceError(error.description)
            }
            return .federatedToken(file)
        }
    }

    private static func read(_ path: String) throws(CredentialReferenceError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialReferenceError("cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CredentialReferenceError("\(path) is not UTF-8 text")
        }
        return text
    }
}

/// Why a credential file cannot be used; the message names the file, never
/// its contents.
public struct CredentialReferenceError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
