/// `m365_credential_expiry_timestamp_seconds{tenant,kind}`: when the
/// credentials the exporter depends on expire.
///
/// - `certificate_file`: the certificate the exporter signs its token
///   requests with, read from the certificate itself (no Graph request).
/// - `app_secret`, `app_certificate` (collector `credentials`): from the
///   app's own application object. The one the exporter uses where it can
///   tell (a secret by the first three characters Graph gives as `hint`, a
///   certificate by its thumbprint); otherwise the one that expires last,
///   when the app has none of that kind left.
public enum CredentialExpirySeries {
    public static let expiry = MetricDescriptor(
        name: "m365_credential_expiry_timestamp_seconds",
        help: "Unix time the credential expires: certificate_file from the certificate itself, app_secret and app_certificate from the app's application object.")

    public static let resource = "applications"

    /// What identifies the credential the exporter signs in with.
    public enum InUse: Sendable {
        /// A client secret: its first three characters, as Graph's `hint`.
        case secretPrefix(String)
        /// A certificate: its SHA-1 thumbprint, as Graph's `customKeyIdentifier` (base64).
        case certificateThumbprint(base64: String)
        case other
    }

    /// The series of the certificate file's expiry.
    public static func certificateFile(notAfter: Double, tenant: String) -> [Sample] {
        [Sample(metric: expiry.name, labels: [Label("tenant", tenant), Label("kind", "certificate_file")], value: notAfter)]
    }

    /// The series of the application object's credentials; a kind the app
    /// has none of has no series.
    public static func samples(of application: ApplicationCredentials, inUse: InUse, tenant: String) -> [Sample] {
        func pick(_ credentials: [ApplicationCredentials.Credential], matching: (ApplicationCredentials.Credential) -> Bool) -> Double? {
            let dated = credentials.compactMap { credential in
                credential.endDateTime.flatMap(GraphTimestamp.unixTime).map { (credential, $0) }
            }
            let used = dated.filter { matching($0.0) }.map(\.1)
            // Several secrets can share a three-character hint: the soonest is the safe answer.
            if let soonest = used.min() { return soonest }
            return dated.map(\.1).max()
        }
        var samples: [Sample] = []
        let secret = pick(application.passwordCredentials) { credential in
            if case .secretPrefix(let prefix) = inUse { return credential.hint == prefix }
            return false
        }
        let certificate = pick(application.keyCredentials) { credential in
            if case .certificateThumbprint(let thumbprint) = inUse { return credential.customKeyIdentifier == thumbprint }
            return false
        }
        if let secret {
            samples.append(Sample(metric: expiry.name, labels: [Label("tenant", tenant), Label("kind", "app_secret")], value: secret))
        }
        if let certificate {
            samples.append(Sample(
                metric: expiry.name, labels: [Label("tenant", tenant), Label("kind", "app_certificate")], value: certificate))
        }
        return samples
    }
}
