import Crypto
import Foundation
import M365Graph
import M365TestSupport
import Testing

/// Reading the certificate credential's PEM file as the Azure SDKs accept it.
@Suite struct ClientCertificateTests {
    static let app = try! TestCertificate.appCredential()

    @Test func readsAPKCS8KeyFollowedByItsCertificate() throws {
        let credential = try ClientCertificate(pem: Self.app.keyPEM + Self.app.certificatePEM, source: "test.pem")
        #expect(credential.sha1Thumbprint == Array(Insecure.SHA1.hash(data: Self.app.der)))
        #expect(credential.sha256Thumbprint == Array(SHA256.hash(data: Self.app.der)))
        #expect(credential.thumbprint.count == 40)
        #expect(credential.thumbprint == credential.thumbprint.uppercased())
    }

    @Test func readsAPKCS1KeyAfterTheCertificate() throws {
        #expect(Self.app.pkcs1KeyPEM.contains("BEGIN RSA PRIVATE KEY"))
        let credential = try ClientCertificate(pem: Self.app.certificatePEM + "\n" + Self.app.pkcs1KeyPEM, source: "test.pem")
        #expect(credential.sha1Thumbprint == Array(Insecure.SHA1.hash(data: Self.app.der)))
    }

    @Test func picksTheCertificateOfTheKeyAmongAChain() throws {
        let authority = try TestCertificate.authority()
        let leaf = try authority.issueClient(name: "m365-exporter")
        // The CA first: the leaf is found by its key, not by its position.
        let credential = try ClientCertificate(
            pem: authority.certificatePEM + leaf.certificatePEM + leaf.keyPEM, source: "chain.pem")
        #expect(credential.sha1Thumbprint == Array(Insecure.SHA1.hash(data: leaf.der)))
    }

    @Test func aKeyWithoutItsCertificateIsRefused() throws {
        let other = try TestCertificate.appCredential(name: "other")
        let error = #expect(throws: CredentialError.self) {
            try ClientCertificate(pem: Self.app.keyPEM + other.certificatePEM, source: "/run/secrets/app.pem")
        }
        #expect(error?.description == "/run/secrets/app.pem: no certificate in the file belongs to its private key")
    }

    @Test(arguments: [
        ("certificate only", "no private key"),
        ("key only", "no certificate"),
        ("encrypted", "encrypted"),
        ("legacy encrypted", "encrypted"),
        ("EC", "EC key"),
        ("garbage", "not a PEM file"),
    ])
    func aFileThatCannotBeUsedSaysWhy(_ kind: String, _ expected: String) throws {
        let pem: String
        switch kind {
        case "certificate only": pem = Self.app.certificatePEM
        case "key only": pem = Self.app.keyPEM
        case "encrypted": pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBADAbBgkqhkiG9w0BBQMwDgQI\n-----END ENCRYPTED PRIVATE KEY-----\n" + Self.app.certificatePEM
        case "legacy encrypted":
            pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nMIIBADAbBgkqhkiG9w0BBQMwDgQI\n-----END RSA PRIVATE KEY-----\n" + Self.app.certificatePEM
        case "EC": pem = P256.Signing.PrivateKey().pemRepresentation.replacingOccurrences(of: "PRIVATE KEY", with: "EC PRIVATE KEY") + Self.app.certificatePEM
        default: pem = "not a certificate"
        }
        let error = #expect(throws: CredentialError.self) { try ClientCertificate(pem: pem, source: "app.pem") }
        let text = try #require(error?.description)
        #expect(text.hasPrefix("app.pem: "))
        #expect(text.contains(expected), "\(text)")
        #expect(!text.contains("MII"), "no key material in: \(text)")
    }

    @Test func aMissingFileIsNamed() {
        let error = #expect(throws: CredentialError.self) { try ClientCertificate(pemFile: "/nonexistent/app.pem") }
        #expect(error?.description.hasPrefix("/nonexistent/app.pem: cannot read the certificate file") == true)
    }

    @Test func neverPrintsItsKey() throws {
        let credential = try ClientCertificate(pem: Self.app.keyPEM + Self.app.certificatePEM, source: "app.pem")
        var dumped = ""
        dump(ClientCredential.certificate(credential), to: &dumped)
        for text in [dumped, "\(credential)", String(reflecting: credential), "\(ClientCredential.certificate(credential))"] {
            #expect(!text.contains("PRIVATE KEY"))
            #expect(!text.contains(String(Self.app.keyPEM.split(separator: "\n")[1])))
        }
        #expect("\(credential)".contains(credential.thumbprint))
    }
}
