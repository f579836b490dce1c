import M365Reports
import M365TestSupport
import Testing

/// The collectors' JSON mapping: Graph's answers in the shapes of the
/// reference pages, to exactly the series written out in the fixtures.
@Suite struct CollectorSeriesTests {
    static func series(_ samples: [Sample]) -> [String: Double] {
        parseExposition(String(decoding: ExpositionRenderer.seriesLines(samples), as: UTF8.self))
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func licencesOfTwoPagesGiveEverySeriesOnce() throws {
        let pages = [Self.bytes(CollectorFixtures.subscribedSkusPage1(graphURL: "https://graph.example")),
                     Self.bytes(CollectorFixtures.subscribedSkusPage2)]
        let skus = try GraphCollection.items(SubscribedSku.self, in: pages, resource: "subscribedSkus")
        let samples = LicenseSeries.samples(of: skus, tenant: "contoso")
        #expect(Self.series(samples) == CollectorFixtures.licenseSeries(tenant: "contoso"))
        #expect(samples.count == CollectorFixtures.licenseSeries(tenant: "contoso").count)
        #expect(GraphCollection.nextLink(in: pages[0]) == "https://graph.example" + CollectorFixtures.subscribedSkusPage2Path)
        #expect(GraphCollection.nextLink(in: pages[1]) == nil)
    }

    @Test func aPartNumberTwiceIsAddedUpNotExposedTwice() {
        let units = SubscribedSku.PrepaidUnits(enabled: 10, suspended: 0, warning: 0, lockedOut: 0)
        let skus = [
            SubscribedSku(skuId: "a", skuPartNumber: "SPE_E3", capabilityStatus: "Enabled", consumedUnits: 4, prepaidUnits: units),
            SubscribedSku(skuId: "a", skuPartNumber: "SPE_E3", capabilityStatus: "Enabled", consumedUnits: 5, prepaidUnits: units),
        ]
        let series = Self.series(LicenseSeries.samples(of: skus, tenant: "t"))
        #expect(series["m365_license_consumed_units{tenant=\"t\",sku=\"SPE_E3\",product=\"Microsoft 365 E3\"}"] == 9)
        #expect(series["m365_license_prepaid_units{tenant=\"t\",sku=\"SPE_E3\",product=\"Microsoft 365 E3\",state=\"enabled\"}"] == 20)
    }

    @Test func serviceHealthCountsOpenIssuesOnlyByClassificationAndStatus() throws {
        let overviews = try GraphCollection.items(
            ServiceHealthOverview.self, in: [Self.bytes(CollectorFixtures.healthOverviews)], resource: "healthOverviews")
        let issues = try GraphCollection.items(
            ServiceHealthIssue.self,
            in: [Self.bytes(CollectorFixtures.issuesPage1(graphURL: "https://graph.example")), Self.bytes(CollectorFixtures.issuesPage2)],
            resource: "issues")
        #expect(issues.count == 5)
        let series = Self.series(ServiceHealthSeries.samples(overviews: overviews, issues: issues, tenant: "contoso"))
        #expect(series == CollectorFixtures.serviceHealthSeries(tenant: "contoso"))
        // Resolved issues (a restored incident, a restored advisory) are not open.
        #expect(!series.keys.contains { $0.contains("SharePoint Online") && $0.hasPrefix("m365_service_issues_open") })
        #expect(!series.keys.contains { $0.contains("OneDrive") })
    }

    @Test func anUndocumentedStatusGetsASeriesOfItsOwn() {
        let series = Self.series(ServiceHealthSeries.samples(
            overviews: [ServiceHealthOverview(service: "Exchange Online", status: "somethingNew")], issues: [], tenant: "t"))
        #expect(series["m365_service_health_status{tenant=\"t\",service=\"Exchange Online\",status=\"something_new\"}"] == 1)
        #expect(series["m365_service_health_status{tenant=\"t\",service=\"Exchange Online\",status=\"service_operational\"}"] == 0)
        #expect(series.count == ServiceHealthSeries.documentedStatuses.count + 1)
    }

    @Test func theSecretInUseIsFoundByItsHintElseTheLastToExpire() throws {
        let application = try GraphCollection.object(
            ApplicationCredentials.self, in: Self.bytes(CollectorFixtures.application), resource: "applications")
        // Secret "secret-1…" starts with the hint "sec": its expiry, not the later spare one.
        let inUse = Self.series(CredentialExpirySeries.samples(of: application, inUse: .secretPrefix("sec"), tenant: "t"))
        #expect(inUse == [
            "m365_credential_expiry_timestamp_seconds{tenant=\"t\",kind=\"app_secret\"}": 1_800_007_200,  // 2027-01-15T10:00:00Z
            "m365_credential_expiry_timestamp_seconds{tenant=\"t\",kind=\"app_certificate\"}": 1_803_904_200,  // 2027-03-01T12:30:00Z
        ])
        // A secret the app does not list (or workload identity): the one that expires last.
        let unknown = Self.series(CredentialExpirySeries.samples(of: application, inUse: .other, tenant: "t"))
        #expect(unknown["m365_credential_expiry_timestamp_seconds{tenant=\"t\",kind=\"app_secret\"}"] == 1_845_936_000)  // 2028-06-30
        // No credentials of a kind: no series of it.
        let none = CredentialExpirySeries.samples(
            of: ApplicationCredentials(passwordCredentials: [], keyCredentials: []), inUse: .other, tenant: "t")
        #expect(none.isEmpty)
    }

    @Test func aPageOfAnotherShapeIsAnErrorNamingResourceAndPage() {
        let good = Self.bytes(CollectorFixtures.subscribedSkusPage2)
        #expect(throws: CollectorDataError(
            resource: "subscribedSkus", problem: "page 2 is not a collection of the documented shape: value[0]: consumedUnits is missing"
        )) {
            try GraphCollection.items(
                SubscribedSku.self, in: [good, Self.bytes(#"{"value":[{"skuId":"x","skuPartNumber":"Y","capabilityStatus":"Enabled","prepaidUnits":{}}]}"#)],
                resource: "subscribedSkus")
        }
        #expect(throws: CollectorDataError.self) {
            try GraphCollection.items(SubscribedSku.self, in: [Self.bytes("<html>")], resource: "subscribedSkus")
        }
    }

    @Test(arguments: [
        ("2026-11-27T08:15:00Z", 1_795_767_300.0),
        ("2026-11-20T17:56:31.39Z", 1_795_197_391.39),
        ("2026-11-27T09:15:00+01:00", 1_795_767_300.0),
        ("1970-01-01T00:00:00Z", 0.0),
    ])
    func graphTimestamps(_ text: String, _ expected: Double) {
        #expect(abs((GraphTimestamp.unixTime(text) ?? -1) - expected) < 0.001)
    }

    @Test(arguments: ["", "2026-11-27", "2026-11-27T08:15:00", "2026-13-01T00:00:00Z", "2026-11-27T25:00:00Z", "2026-11-27T08:15:00.Z"])
    func notGraphTimestamps(_ text: String) {
        #expect(GraphTimestamp.unixTime(text) == nil)
    }

    @Test func graphEnumerationValuesInSnakeCase() {
        #expect(GraphNames.snakeCase("serviceOperational") == "service_operational")
        #expect(GraphNames.snakeCase("LockedOut") == "locked_out")
        #expect(GraphNames.snakeCase("RestoringService") == "restoring_service")
        #expect(GraphNames.snakeCase("incident") == "incident")
    }

    @Test func productNamesComeFromTheTableOrStayThePartNumber() {
        #expect(ProductNames.name(ofSKU: "ENTERPRISEPACK") == "Office 365 E3")
        #expect(ProductNames.name(ofSKU: "Microsoft_365_Copilot") == "Copilot for Microsoft 365")
        #expect(ProductNames.name(ofSKU: "NOT_A_PRODUCT") == "NOT_A_PRODUCT")
        #expect(ProductNames.count >= 25)
    }
}
