import Foundation
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// Every catalog entry fetched from the fake Graph serving it in the shape
/// the entry says Graph serves it, and read back into the series of its
/// hand-written expected file.
@Suite struct CatalogRequestTests {

    /// A JSON sample cut into two pages: the rows of its innermost array
    /// split between them, each page with the same outer fields.
    private func twoPages(of sample: [UInt8], path: [String]) throws -> [[UInt8]] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(sample)) as? [String: Any])
        let outer = try #require((document[path[0]] as? [[String: Any]])?.first)
        let rows = try #require(outer[path[1]] as? [Any])
        #expect(rows.count >= 2, "the sample needs two rows to split")
        func page(_ part: ArraySlice<Any>) throws -> [UInt8] {
            var item = outer
            item[path[1]] = Array(part)
            return Array(try JSONSerialization.data(withJSONObject: [path[0]: [item]]))
        }
        return [try page(rows.prefix(1)), try page(rows.dropFirst())]
    }

    @Test func everyEntryIsFetchedInItsRealShapeAndGivesItsExpectedSeries() async throws {
        try await GraphTestContext.with { context in
            for definition in ReportCatalog.all {
                let function = definition.function
                let sample = try ReportSamples.body(for: function)
                var pages = [sample]
                if case .json(let path) = definition.request.answer { pages = try twoPages(of: sample, path: path) }
                await context.fake.setReport(definition, pages: pages)
                let answers = AnswerLog()
                let body = try await context.client.fetchCSV(
                    definition, period: .d7, version: definition.request.versionsToTry[0],
                    logger: context.logs.logger(), record: { await answers.record($0) })
                let report = try ReportParser.parse(answer: body, as: definition)
                #expect(report.missingColumns.isEmpty, "\(function): \(report.missingColumns)")
                let samples = ReportSampleMapper.latestSamples(of: report, definition: definition, tenant: "t", period: .d7)
                #expect(seriesByKey(samples) == (try ReportSamples.expectedSeries(for: function, tenant: "t")), "\(function)")
                let codes = await answers.codes
                switch definition.request.answer {
                case .redirectToCSV: #expect(codes == [302, 200], "\(function)")
                case .csv: #expect(codes == [200], "\(function)")
                case .json: #expect(codes == [200, 200], "\(function): the second page was not followed")
                }
            }
            // One Graph request per entry, and one more for each JSON entry's second page.
            let graphRequests = await context.fake.requests.filter { $0.host == .graph }
            let jsonEntries = ReportCatalog.all.filter { if case .json = $0.request.answer { true } else { false } }
            #expect(graphRequests.count == ReportCatalog.all.count + jsonEntries.count)
        }
    }

    @Test func requestsGoWhereMicrosoftsPagesSay() throws {
        // Written out from the HTTP request sections of the reference pages.
        let expected = [
            "getOffice365ServicesUserCounts": "/v1.0/reports/getOffice365ServicesUserCounts(period='D7')",
            "getOffice365ActivationsUserCounts": "/v1.0/reports/getOffice365ActivationsUserCounts",
            "getMicrosoft365CopilotUserCountSummary":
                "/v1.0/copilot/reports/getMicrosoft365CopilotUserCountSummary(period='ALL',version='v2')",
            "getMicrosoft365CopilotUserCountTrend":
                "/v1.0/copilot/reports/getMicrosoft365CopilotUserCountTrend(period='D7',version='v2')",
            "getFormsUserActivityCounts": "/beta/reports/getFormsUserActivityCounts(period='D7')?$format=application/json",
        ]
        for (function, path) in expected {
            let definition = try #require(ReportCatalog.definition(named: function))
            let built = "/\(definition.apiVersion.rawValue)"
                + definition.request.path(function: function, period: .d7, version: definition.request.versionsToTry[0])
            #expect(built == path)
        }
        let trend = try #require(ReportCatalog.definition(named: "getMicrosoft365CopilotUserCountTrend"))
        #expect(trend.request.path(function: trend.function, period: .d30, version: nil)
            == "/copilot/reports/getMicrosoft365CopilotUserCountTrend(period='D30')")
    }

    @Test func aNextLinkToAnotherHostIsNotFollowed() async throws {
        try await GraphTestContext.with { context in
            let forms = try #require(ReportCatalog.definition(named: "getFormsUserActivityUserCounts"))
            let page = #"{"@odata.nextLink":"https://attacker.example/steal","value":[]}"#
            await context.fake.setReport(forms, pages: [Array(page.utf8)])
            await #expect(throws: GraphError.self) {
                _ = try await context.client.fetchCSV(forms, period: .d7, logger: context.logs.logger(), record: { _ in })
            }
            let hosts = await context.fake.requests.map(\.host)
            #expect(hosts.filter { $0 == .graph }.count == 1)
        }
    }
}
