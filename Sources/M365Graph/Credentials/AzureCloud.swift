/// A Microsoft cloud: the Graph host and the Entra ID (Azure AD) login host
/// that belong together. Tokens do not cross clouds.
public struct AzureCloud: Sendable, Hashable {
    public let name: String
    public let graphURL: String
    public let authorityHost: String

    public static let global = AzureCloud(
        name: "global", graphURL: "https://graph.microsoft.com", authorityHost: "https://login.microsoftonline.com")
    /// US Government L4 (GCC High).
    public static let usGov = AzureCloud(
        name: "usgov", graphURL: "https://graph.microsoft.us", authorityHost: "https://login.microsoftonline.us")
    /// US Government L5 (DoD).
    public static let usGovDoD = AzureCloud(
        name: "usgovdod", graphURL: "https://dod-graph.microsoft.us", authorityHost: "https://login.microsoftonline.us")
    /// Microsoft Azure operated by 21Vianet.
    public static let china = AzureCloud(
        name: "china", graphURL: "https://microsoftgraph.chinacloudapi.cn", authorityHost: "https://login.chinacloudapi.cn")

    public static let all: [AzureCloud] = [.global, .usGov, .usGovDoD, .china]

    public init(name: String, graphURL: String, authorityHost: String) {
        self.name = name
        self.graphURL = graphURL
        self.authorityHost = authorityHost
    }

    /// The preset of a `--azure.cloud` value.
    public init?(named name: String) {
        guard let cloud = Self.all.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = cloud
    }

    /// An authority host as `AZURE_AUTHORITY_HOST` may give it, with or
    /// without scheme and trailing slash, as a base URL.
    public static func normalizedHost(_ host: String) -> String {
        var value = host
        while value.hasSuffix("/") { value.removeLast() }
        if !value.contains("://") { value = "https://" + value }
        return value
    }
}
