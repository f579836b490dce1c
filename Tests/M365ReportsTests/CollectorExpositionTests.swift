import M365Reports
import M365TestSupport
import Testing

/// Collectors in the incremental exposition: their health series labelled
/// `collector`, their values beside the reports', and a collector removed
/// while another still feeds the same family.
@Suite struct CollectorExpositionTests {
    static func up(_ tenant: String, _ kind: CollectorKind, values: [Sample]) -> (ReportKey, ReportChange) {
        var status = ReportStatus(tenant: tenant, collector: kind)
        status.attempts = 1
        status.up = true
        status.lastSuccess = 1000
        status.graphAnswers = [200: 1]
        return (status.key, .updated(status, values: values))
    }

    static func expiry(_ tenant: String, _ kind: String, _ value: Double) -> Sample {
        Sample(metric: CredentialExpirySeries.expiry.name, labels: [Label("tenant", tenant), Label("kind", kind)], value: value)
    }

    static func render(
        _ builder: inout ExpositionBuilder, _ changes: [ReportKey: ReportChange], collectors: [CollectorKind]
    ) -> [String: Double] {
        let exposition = builder.render(changes, throttled: [], catalog: [], collectors: collectors, version: "1", reload: nil)
        return parseExposition(ExpositionBuilderTests.text(exposition, .prometheusText))
    }

    @Test func aRemovedCollectorLeavesNothingInAFamilyAnotherStillFeeds() {
        var builder = ExpositionBuilder()
        let credentials = Self.up("t", .credentials, values: [Self.expiry("t", "app_secret", 2000)])
        let certificate = Self.up("t", .certificateFile, values: [Self.expiry("t", "certificate_file", 3000)])
        let first = Self.render(
            &builder, [credentials.0: credentials.1, certificate.0: certificate.1], collectors: [.credentials, .certificateFile])
        #expect(first == [
            #"m365_credential_expiry_timestamp_seconds{tenant="t",kind="app_secret"}"#: 2000,
            #"m365_credential_expiry_timestamp_seconds{tenant="t",kind="certificate_file"}"#: 3000,
            #"m365_collector_up{tenant="t",collector="credentials"}"#: 1,
            #"m365_collector_last_success_timestamp_seconds{tenant="t",collector="credentials"}"#: 1000,
            #"m365_graph_requests_total{tenant="t",collector="credentials",code="200"}"#: 1,
            #"m365_exporter_build_info{version="1"}"#: 1,
        ])
        // The credentials collector is switched off; the certificate file stays.
        let second = Self.render(&builder, [credentials.0: .removed], collectors: [.certificateFile])
        #expect(second == [
            #"m365_credential_expiry_timestamp_seconds{tenant="t",kind="certificate_file"}"#: 3000,
            #"m365_exporter_build_info{version="1"}"#: 1,
        ])
    }
}
