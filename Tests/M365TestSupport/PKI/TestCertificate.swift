import Crypto
import _CryptoExtras
import Foundation
import SwiftASN1
import X509

/// An RSA key and a certificate for it, made in the test: a CA, a server
/// certificate for 127.0.0.1 signed by it, a client certificate, or the
/// self-signed certificate of an app registration.
public struct TestCertificate: Sendable {
    public let key: _RSA.Signing.PrivateKey
    public let certificate: Certificate

    /// The certificate as DER, as Entra ID stores an uploaded certificate.
    public var der: [UInt8] {
        var serializer = DER.Serializer()
        try! serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    public var certificatePEM: String { try! certificate.serializeAsPEM().pemString }
    /// The key as PKCS#8 (`BEGIN PRIVATE KEY`).
    public var keyPEM: String { PEMDocument(type: "PRIVATE KEY", derBytes: Array(key.pkcs8DERRepresentation)).pemString }
    /// The key as PKCS#1 (`BEGIN RSA PRIVATE KEY`), as `openssl genrsa -traditional` writes it.
    public var pkcs1KeyPEM: String { key.pemRepresentation }

    /// A self-signed CA.
    public static func authority(name: String = "m365-exporter test CA") throws -> TestCertificate {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let subject = try DistinguishedName { CommonName(name) }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: Date() - 3600, notValidAfter: Date() + 86_400,
            issuer: subject, subject: subject, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(key))
        return TestCertificate(key: key, certificate: certificate)
    }

    /// A server certificate for 127.0.0.1 and localhost, signed by `self`.
    public func issueServer() throws -> TestCertificate {
        try issue(name: "127.0.0.1", usage: .serverAuth, names: [
            .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
        ])
    }

    /// A client certificate, signed by `self`.
    public func issueClient(name: String = "prometheus") throws -> TestCertificate {
        try issue(name: name, usage: .clientAuth, names: [.dnsName(name)])
    }

    private func issue(name: String, usage: ExtendedKeyUsage.Usage, names: [GeneralName]) throws -> TestCertificate {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: Date() - 3600, notValidAfter: Date() + 86_400,
            issuer: self.certificate.subject, subject: try DistinguishedName { CommonName(name) },
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([usage])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: .init(self.key))
        return TestCertificate(key: key, certificate: certificate)
    }

    /// A self-signed certificate as `New-SelfSignedCertificate` or
    /// `openssl req -x509` makes one for an app registration.
    public static func appCredential(name: String = "m365-exporter") throws -> TestCertificate {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let subject = try DistinguishedName { CommonName(name) }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: Date() - 3600, notValidAfter: Date() + 86_400 * 365,
            issuer: subject, subject: subject, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions(), issuerPrivateKey: .init(key))
        return TestCertificate(key: key, certificate: certificate)
    }
}

/// A folder of files for one test, removed with it.
public final class TestDirectory: Sendable {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("m365-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` in the folder (atomically, as a deploy tool
    /// would replace a file) and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let file = "\(path)/\(name)"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
