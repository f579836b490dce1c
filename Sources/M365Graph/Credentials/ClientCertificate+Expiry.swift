import FoundationEssentials
import X509

extension ClientCertificate {
    /// Unix time the certificate stops being valid (its `notAfter`): after
    /// it, Entra ID refuses the assertions it signs.
    public var expiryUnixTime: Double { certificate.notValidAfter.timeIntervalSince1970 }

    /// The SHA-1 thumbprint in base64, as Graph gives a certificate
    /// credential's `customKeyIdentifier`.
    public var thumbprintBase64: String { Data(sha1Thumbprint).base64EncodedString() }
}
