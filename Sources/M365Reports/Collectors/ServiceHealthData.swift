/// A service's health as `GET /v1.0/admin/serviceAnnouncement/healthOverviews`
/// returns it (the properties the exporter reads).
public struct ServiceHealthOverview: Sendable, Decodable, Equatable {
    /// The service's name (`Exchange Online`), the `service` label.
    public var service: String
    /// A `serviceHealthStatus` value (`serviceOperational`, `serviceDegradation`…).
    public var status: String

    public init(service: String, status: String) {
        self.service = service
        self.status = status
    }
}

/// An incident or advisory of a service, as `GET
/// /v1.0/admin/serviceAnnouncement/issues` returns it (the properties the
/// exporter reads).
public struct ServiceHealthIssue: Sendable, Decodable, Equatable {
    public var id: String
    public var service: String
    /// `incident` or `advisory` (Graph has written both in either case).
    public var classification: String
    /// A `serviceHealthStatus` value.
    public var status: String
    public var isResolved: Bool
    public var startDateTime: String?

    public init(id: String, service: String, classification: String, status: String, isResolved: Bool, startDateTime: String?) {
        self.id = id
        self.service = service
        self.classification = classification
        self.status = status
        self.isResolved = isResolved
        self.startDateTime = startDateTime
    }
}
