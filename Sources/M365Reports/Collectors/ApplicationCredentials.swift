/// The credentials of the exporter's own app registration, as `GET
/// /v1.0/applications(appId='…')?$select=passwordCredentials,keyCredentials`
/// returns them (the properties the exporter reads; never a secret: Graph
/// does not return secret values there).
public struct ApplicationCredentials: Sendable, Decodable, Equatable {
    public var passwordCredentials: [Credential]
    public var keyCredentials: [Credential]

    /// A client secret or a certificate registered on the app.
    public struct Credential: Sendable, Decodable, Equatable {
        public var keyId: String?
        /// The first three characters of a secret (client secrets only).
        public var hint: String?
        /// Base64 of the certificate's SHA-1 thumbprint (certificates only).
        public var customKeyIdentifier: String?
        public var endDateTime: String?

        public init(keyId: String?, hint: String? = nil, customKeyIdentifier: String? = nil, endDateTime: String?) {
            self.keyId = keyId
            self.hint = hint
            self.customKeyIdentifier = customKeyIdentifier
            self.endDateTime = endDateTime
        }
    }

    public init(passwordCredentials: [Credential], keyCredentials: [Credential]) {
        self.passwordCredentials = passwordCredentials
        self.keyCredentials = keyCredentials
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        passwordCredentials = try container.decodeIfPresent([Credential].self, forKey: .passwordCredentials) ?? []
        keyCredentials = try container.decodeIfPresent([Credential].self, forKey: .keyCredentials) ?? []
    }

    enum CodingKeys: String, CodingKey { case passwordCredentials, keyCredentials }
}
