import Logging
import M365Graph
import M365Reports

/// A tenant's collectors from Microsoft Graph: one JSON client (sharing the
/// reports' token provider, limiter and throttle gate) and what the
/// credential collectors need to know about the credential in use.
struct GraphCollectorSource: CollectorSource {
    let client: GraphJSONClient
    /// The app's client id, to find its own application object.
    let clientID: String
    /// What identifies the credential the exporter signs in with.
    let inUse: CredentialExpirySeries.InUse
    /// Unix time the certificate credential expires, if the tenant has one.
    let certificateNotAfter: Double?
    let logger: Logger

    /// The Graph paths each collector reads (v1.0).
    static let subscribedSkusPath = "/v1.0/subscribedSkus"
    static let healthOverviewsPath = "/v1.0/admin/serviceAnnouncement/healthOverviews"
    static let issuesPath = "/v1.0/admin/serviceAnnouncement/issues"
    static func applicationPath(clientID: String) -> String {
        // Only the two properties read: the answer stays small, and holds no secret.
        "/v1.0/applications(appId='\(clientID)')?$select=passwordCredentials,keyCredentials"
    }

    func collect(
        _ kind: CollectorKind, tenant: String, record: @escaping @Sendable (GraphEvent) async -> Void
    ) async throws -> [Sample] {
        switch kind {
        case .licenses:
            let pages = try await client.pages(
                Self.subscribedSkusPath, resource: LicenseSeries.resource, logger: logger, record: record)
            return try CollectorMapping.licenses(pages: pages, tenant: tenant)
        case .serviceHealth:
            let overviews = try await client.pages(
                Self.healthOverviewsPath, resource: ServiceHealthSeries.overviewsResource, logger: logger, record: record)
            // Pages of 100 issues by default, of up to 1,000 on request (Microsoft's
            // reference of List issues): a tenant's issues come in one request as a rule.
            let issues = try await client.pages(
                Self.issuesPath, resource: ServiceHealthSeries.issuesResource, maxPageSize: 1000, logger: logger,
                record: record)
            return try CollectorMapping.serviceHealth(overviews: overviews, issues: issues, tenant: tenant)
        case .credentials:
            let body = try await client.object(
                Self.applicationPath(clientID: clientID), resource: CredentialExpirySeries.resource,
                logger: logger, record: record)
            return try CollectorMapping.credentials(application: body, inUse: inUse, tenant: tenant)
        case .certificateFile:
            guard let certificateNotAfter else { return [] }
            return CredentialExpirySeries.certificateFile(notAfter: certificateNotAfter, tenant: tenant)
        }
    }
}

/// Graph's JSON answers of each collector, mapped to series: shared by the
/// Graph and the demo sources, so that demo mode runs the same decoding.
enum CollectorMapping {
    static func licenses(pages: [[UInt8]], tenant: String) throws -> [Sample] {
        let skus = try GraphCollection.items(SubscribedSku.self, in: pages, resource: LicenseSeries.resource)
        return LicenseSeries.samples(of: skus, tenant: tenant)
    }

    static func serviceHealth(overviews: [[UInt8]], issues: [[UInt8]], tenant: String) throws -> [Sample] {
        ServiceHealthSeries.samples(
            overviews: try GraphCollection.items(
                ServiceHealthOverview.self, in: overviews, resource: ServiceHealthSeries.overviewsResource),
            issues: try GraphCollection.items(ServiceHealthIssue.self, in: issues, resource: ServiceHealthSeries.issuesResource),
            tenant: tenant)
    }

    static func credentials(application: [UInt8], inUse: CredentialExpirySeries.InUse, tenant: String) throws -> [Sample] {
        let credentials = try GraphCollection.object(
            ApplicationCredentials.self, in: application, resource: CredentialExpirySeries.resource)
        return CredentialExpirySeries.samples(of: credentials, inUse: inUse, tenant: tenant)
    }
}
