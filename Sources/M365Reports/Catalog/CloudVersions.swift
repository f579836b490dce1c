/// Which API version serves a report in each cloud, as Microsoft's
/// reference pages list it (the "national cloud support" line of each
/// function's page in `v1.0` and in `beta`); a cloud with none does not
/// serve the report at all.
public struct CloudVersions: Sendable, Hashable {
    private let versions: [GraphCloud: GraphAPIVersion]

    public init(_ versions: [GraphCloud: GraphAPIVersion]) {
        self.versions = versions
    }

    /// The version to ask in `cloud`, or `nil` where the cloud does not serve the report.
    public func version(in cloud: GraphCloud) -> GraphAPIVersion? { versions[cloud] }

    /// The same version in every cloud.
    public static func everywhere(_ version: GraphAPIVersion) -> CloudVersions {
        CloudVersions(Dictionary(uniqueKeysWithValues: GraphCloud.allCases.map { ($0, version) }))
    }

    /// The pattern of the usage reports: the `v1.0` page lists the global
    /// cloud only, the `beta` page every cloud; so `v1.0` in the global
    /// cloud and `beta` in the national ones.
    public static let v1GlobalBetaNational = CloudVersions([
        .global: .v1, .usgov: .beta, .usgovdod: .beta, .china: .beta,
    ])

    /// Served in the global cloud only (with `version`).
    public static func globalOnly(_ version: GraphAPIVersion) -> CloudVersions {
        CloudVersions([.global: version])
    }
}
