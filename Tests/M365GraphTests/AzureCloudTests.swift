import M365Graph
import Testing

/// The `--azure.cloud` presets: Graph and login host of each national cloud.
@Suite struct AzureCloudTests {
    @Test(arguments: [
        ("global", "https://graph.microsoft.com", "https://login.microsoftonline.com"),
        ("usgov", "https://graph.microsoft.us", "https://login.microsoftonline.us"),
        ("usgovdod", "https://dod-graph.microsoft.us", "https://login.microsoftonline.us"),
        ("china", "https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn"),
        ("USGov", "https://graph.microsoft.us", "https://login.microsoftonline.us"),
    ])
    func eachPresetSetsBothHosts(_ name: String, _ graph: String, _ login: String) throws {
        let cloud = try #require(AzureCloud(named: name))
        #expect(cloud.graphURL == graph)
        #expect(cloud.authorityHost == login)
        // The preset's login host is the default of the environment credential.
        let credentials = try EnvironmentCredential.credentials(
            from: ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s"],
            defaultAuthorityHost: cloud.authorityHost)
        #expect(credentials.tokenURL == "\(login)/t/oauth2/v2.0/token")
    }

    @Test func anUnknownCloudIsNotAPreset() {
        #expect(AzureCloud(named: "mars") == nil)
        #expect(AzureCloud(named: "") == nil)
    }
}
