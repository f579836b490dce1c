import Crypto
import _CryptoExtras
import FoundationEssentials
import SwiftASN1
import X509

/// The certificate credential of an app registration: an RSA private key and
/// the certificate uploaded to the app, read from one PEM file (as the Azure
/// SDKs read `AZURE_CLIENT_CERTIFICATE_PATH`). The key signs the client
/// assertions; the certificate gives their thumbprint header.
///
/// The file holds an unencrypted PKCS#8 (`PRIVATE KEY`) or PKCS#1
/// (`RSA PRIVATE KEY`) key and the certificate, in either order, optionally
/// followed by intermediate certificates. The key never prints itself.
public struct ClientCertificate: Sendable, CustomStringConvertible, CustomReflectable {
    let privateKey: _RSA.Signing.PrivateKey
    /// The certificate whose public key belongs to the private key.
    public let certificate: Certificate
    /// DER of that certificate, then of the other certificates of the file.
    let chainDER: [[UInt8]]
    /// Whether assertions carry the chain in `x5c` (`AZURE_CLIENT_SEND_CERTIFICATE_CHAIN`),
    /// as subject-name/issuer authentication needs.
    public let sendCertificateChain: Bool
    /// Where the key and certificate were read from.
    public let source: String

    /// SHA-1 of the certificate's DER: the `x5t` header and the thumbprint Entra ID shows.
    public var sha1Thumbprint: [UInt8] { Array(Insecure.SHA1.hash(data: chainDER[0])) }
    /// SHA-256 of the certificate's DER: the `x5t#S256` header.
    public var sha256Thumbprint: [UInt8] { Array(SHA256.hash(data: chainDER[0])) }

    /// Reads the key and certificate from a PEM file.
    public init(pemFile path: String, sendCertificateChain: Bool = false) throws(CredentialError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CredentialError(source: path, reason: "cannot read the certificate file: \(FederatedTokenFile.reason(error))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CredentialError(source: path, reason: "the certificate file is not PEM text")
        }
        try self.init(pem: text, source: path, sendCertificateChain: sendCertificateChain)
    }

    /// Reads the key and certificate from PEM text; `source` names it in errors.
    public init(pem: String, source: String, sendCertificateChain: Bool = false) throws(CredentialError) {
        func fail(_ reason: String) -> CredentialError { CredentialError(source: source, reason: reason) }
        // OpenSSL's legacy encryption of a PKCS#1 key marks the block with headers.
        if pem.contains("Proc-Type: 4,ENCRYPTED") {
            throw fail("the private key is encrypted; give an unencrypted PKCS#8 or PKCS#1 key (openssl pkcs8 -nocrypt)")
        }
        let documents = (try? PEMDocument.parseMultiple(pemString: pem)) ?? []
        guard !documents.isEmpty else {
            throw fail("not a PEM file with a private key and a certificate (no readable BEGIN/END block)")
        }
        var keys: [_RSA.Signing.PrivateKey] = []
        var certificates: [(certificate: Certificate, der: [UInt8])] = []
        for document in documents {
            switch document.discriminator {
            case "PRIVATE KEY", "RSA PRIVATE KEY":
                do {
                    keys.append(try _RSA.Signing.PrivateKey(derRepresentation: document.derBytes))
                } catch {
                    throw fail("""
                        the \(document.discriminator) block is not an RSA key of at least 2048 bits \
                        (Entra ID takes RSA certificates only)
                        """)
                }
            case "ENCRYPTED PRIVATE KEY":
                throw fail("the private key is encrypted; give an unencrypted PKCS#8 or PKCS#1 key (openssl pkcs8 -nocrypt)")
            case "EC PRIVATE KEY":
                throw fail("the private key is an EC key; Entra ID takes RSA certificates only")
            case "CERTIFICATE":
                do {
                    certificates.append((try Certificate(derEncoded: document.derBytes), document.derBytes))
                } catch {
                    throw fail("a CERTIFICATE block is not an X.509 certificate")
                }
            default:
                continue
            }
        }
        guard keys.count == 1, let key = keys.first else {
            throw fail(keys.isEmpty
                ? "no private key (PRIVATE KEY or RSA PRIVATE KEY block) in the file"
                : "\(keys.count) private keys in the file; give exactly one")
        }
        guard !certificates.isEmpty else {
            throw fail("no certificate (CERTIFICATE block) in the file")
        }
        let publicKey = key.publicKey.derRepresentation
        guard let leaf = certificates.firstIndex(where: {
            _RSA.Signing.PublicKey($0.certificate.publicKey)?.derRepresentation == publicKey
        }) else {
            throw fail("no certificate in the file belongs to its private key")
        }
        privateKey = key
        certificate = certificates[leaf].certificate
        var chain = [certificates[leaf].der]
        for (index, entry) in certificates.enumerated() where index != leaf { chain.append(entry.der) }
        chainDER = chain
        self.sendCertificateChain = sendCertificateChain
        self.source = source
    }

    /// The thumbprint as Entra ID's portal shows it: SHA-1, upper-case hex.
    public var thumbprint: String {
        sha1Thumbprint.map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined()
    }

    public var description: String {
        "client certificate \(thumbprint) (\(certificate.subject)) from \(source)"
    }

    /// No key material in a dump.
    public var customMirror: Mirror { Mirror(self, children: []) }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
