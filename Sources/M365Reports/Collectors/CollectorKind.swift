/// A source of series beyond the usage reports, switched per tenant as
/// node_exporter switches its collectors (`--collector.NAME`,
/// `--no-collector.NAME`, `collectors:` in the configuration file). Each
/// needs an application permission of its own, so the selectable ones are
/// off by default.
public enum CollectorKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Licences bought, assigned and their state, per product (`subscribedSkus`).
    case licenses
    /// Microsoft's service health: status per service and open issues.
    case serviceHealth = "service-health"
    /// Expiry of the app's client secrets and certificates, from its own
    /// application object.
    case credentials
    /// Expiry of the certificate the exporter signs its token requests
    /// with, read from the certificate itself: no Graph request and no
    /// permission, so always on for a tenant with a certificate credential.
    case certificateFile = "certificate-file"

    /// The collectors a user switches: every one but the certificate file.
    public static let selectable: [CollectorKind] = [.licenses, .serviceHealth, .credentials]

    /// The collector a name of `--collector.NAME` or `collectors:` gives.
    public init?(selectableName name: String) {
        guard let kind = CollectorKind(rawValue: name), Self.selectable.contains(kind) else { return nil }
        self = kind
    }

    /// The `collector` label of its health series.
    public var name: String { rawValue }

    /// The key of its state among the reports' (`collector:NAME`, which no
    /// Graph report function is called).
    public var statusName: String { "collector:\(rawValue)" }

    /// How often it refreshes by default, in seconds: licences change with
    /// purchases and assignments, hourly is plenty; service health changes
    /// within minutes and Microsoft's service communications API is meant
    /// to be polled at that pace; credentials change with rotations.
    public var defaultIntervalSeconds: Int64 {
        switch self {
        case .licenses: 3600
        case .serviceHealth: 300
        case .credentials, .certificateFile: 3600
        }
    }

    /// The least privileged application permission Microsoft's permission
    /// reference gives for its Graph requests; `nil` where it makes none.
    public var permission: String? {
        switch self {
        case .licenses: "Organization.Read.All"
        case .serviceHealth: "ServiceHealth.Read.All"
        case .credentials: "Application.Read.All"
        case .certificateFile: nil
        }
    }

    /// Whether it has its own `up`, age and request series: every collector
    /// that asks Graph.
    public var hasHealthSeries: Bool { self != .certificateFile }

    /// The value families it feeds.
    public var metrics: [MetricDescriptor] {
        switch self {
        case .licenses: LicenseSeries.metrics
        case .serviceHealth: ServiceHealthSeries.metrics
        case .credentials, .certificateFile: [CredentialExpirySeries.expiry]
        }
    }

    public static func < (lhs: CollectorKind, rhs: CollectorKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
