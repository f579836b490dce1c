import M365Graph
import M365TestSupport
import Testing

/// Choosing a credential from the environment as the Azure SDKs do.
@Suite struct EnvironmentCredentialTests {
    static let ids = ["AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "client-1"]

    private func credentials(_ variables: [String: String]) throws(EnvironmentCredentialError) -> TenantCredentials {
        try EnvironmentCredential.credentials(
            from: Self.ids.merging(variables) { $1 }, defaultAuthorityHost: AzureCloud.usGov.authorityHost)
    }

    @Test func aSecretComesFirstThenACertificateThenAFederatedToken() throws {
        let directory = try TestDirectory()
        let app = try TestCertificate.appCredential()
        let pem = try directory.write("app.pem", app.keyPEM + app.certificatePEM)
        let all = ["AZURE_CLIENT_SECRET": "s", "AZURE_CLIENT_CERTIFICATE_PATH": pem, "AZURE_FEDERATED_TOKEN_FILE": "/token"]
        #expect(try credentials(all).credential.kind == "client_secret")
        var withoutSecret = all
        withoutSecret["AZURE_CLIENT_SECRET"] = ""
        #expect(try credentials(withoutSecret).credential.kind == "client_certificate")
        #expect(try credentials(["AZURE_FEDERATED_TOKEN_FILE": "/token"]).credential.kind == "workload_identity")
    }

    @Test func theAuthorityHostComesFromTheEnvironmentOrTheCloud() throws {
        #expect(try credentials(["AZURE_CLIENT_SECRET": "s"]).tokenURL
            == "https://login.microsoftonline.us/tenant-1/oauth2/v2.0/token")
        // Without scheme, as AKS sets it, and with a trailing slash.
        #expect(try credentials(["AZURE_CLIENT_SECRET": "s", "AZURE_AUTHORITY_HOST": "login.chinacloudapi.cn/"]).tokenURL
            == "https://login.chinacloudapi.cn/tenant-1/oauth2/v2.0/token")
    }

    @Test func namesWhatIsMissing() {
        let error = #expect(throws: EnvironmentCredentialError.self) {
            try EnvironmentCredential.credentials(from: ["AZURE_CLIENT_ID": "c"], defaultAuthorityHost: "https://x")
        }
        let text = error?.description ?? ""
        #expect(text.contains("missing: AZURE_TENANT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE"), "\(text)")
    }

    @Test func aCertificateThatCannotBeReadNamesTheVariableAndTheFile() {
        let error = #expect(throws: EnvironmentCredentialError.self) {
            try credentials(["AZURE_CLIENT_CERTIFICATE_PATH": "/nonexistent/app.pem"])
        }
        #expect(error?.description.hasPrefix("AZURE_CLIENT_CERTIFICATE_PATH: /nonexistent/app.pem: cannot read") == true)
    }

    @Test func aPasswordProtectedCertificateIsRefusedWithoutPrintingThePassword() {
        let error = #expect(throws: EnvironmentCredentialError.self) {
            try credentials(["AZURE_CLIENT_CERTIFICATE_PATH": "/app.pfx", "AZURE_CLIENT_CERTIFICATE_PASSWORD": "pfx-passw0rd"])
        }
        let text = error?.description ?? ""
        #expect(text.contains("AZURE_CLIENT_CERTIFICATE_PASSWORD"))
        #expect(!text.contains("pfx-passw0rd"))
    }

    @Test func sendCertificateChainIsReadAsTheSDKsReadIt() throws {
        let directory = try TestDirectory()
        let app = try TestCertificate.appCredential()
        let pem = try directory.write("app.pem", app.certificatePEM + app.keyPEM)
        for (value, expected) in [("true", true), ("1", true), ("TRUE", true), ("false", false), ("", false)] {
            guard case .certificate(let certificate) = try credentials([
                "AZURE_CLIENT_CERTIFICATE_PATH": pem, "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN": value,
            ]).credential else {
                Issue.record("not a certificate credential")
                continue
            }
            #expect(certificate.sendCertificateChain == expected, "\(value)")
        }
    }
}
