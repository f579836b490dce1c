import M365Reports
import M365TestSupport
import Testing

@Suite struct HistoryDocumentTests {
    let groups = ReportCatalog.definition(named: "getOffice365GroupsActivityGroupCounts")!
    let services = ReportCatalog.definition(named: "getOffice365ServicesUserCounts")!

    @Test func writesEveryDayOnceFamilyByFamilyInTimeOrderWithSecondTimestamps() throws {
        // Rows out of date order, one day twice (the last row of a day wins, as on /metrics).
        let body = ReportCSV(
            header: ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"],
            rows: [["2026-11-19", "12", "2", "2026-11-18", "7"], ["2026-11-19", "10", "1", "2026-11-16", "7"],
                   ["2026-11-19", "11", "5", "2026-11-17", "7"], ["2026-11-19", "13", "3", "2026-11-18", "7"]]).bytes
        let report = try ReportParser.parse(csv: body, as: groups)
        var document = HistoryDocument()
        document.add(report, definition: groups, tenant: "b", period: .d7)
        document.add(report, definition: groups, tenant: "a", period: .d7, extraLabels: [Label("job", "m365")])
        let aggregate = try ReportParser.parse(csv: try ReportSamples.body(for: services.function), as: services)
        document.add(aggregate, definition: services, tenant: "a", period: .d30)

        let day16 = ReportDay(year: 2026, month: 11, day: 16)!.unixTime
        let text = String(decoding: document.render(), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "# TYPE o365_groups gauge" }.count == 1)
        let groupsLines = lines.filter { $0.hasPrefix("o365_groups{") }
        #expect(groupsLines == [
            "o365_groups{tenant=\"a\",job=\"m365\"} 10 \(Int(day16))",
            "o365_groups{tenant=\"a\",job=\"m365\"} 11 \(Int(day16) + 86_400)",
            "o365_groups{tenant=\"a\",job=\"m365\"} 13 \(Int(day16) + 2 * 86_400)",
            "o365_groups{tenant=\"b\"} 10 \(Int(day16))",
            "o365_groups{tenant=\"b\"} 11 \(Int(day16) + 86_400)",
            "o365_groups{tenant=\"b\"} 13 \(Int(day16) + 2 * 86_400)",
        ])
        // The period aggregate: once, at its Report Refresh Date, with its period.
        let refresh = Int(ReportSamples.refreshDay.unixTime)
        #expect(lines.contains("o365_active_users{tenant=\"a\",period=\"D30\",service=\"teams\"} 1960 \(refresh)"))
        #expect(lines.last == "# EOF")
        #expect(document.rows == 9)
        #expect(document.sampleCount == 12 + 14)
        #expect(document.firstDay?.description == "2026-11-16")
        #expect(document.lastDay?.description == "2026-11-19")
    }

    @Test func anEmptyHistoryIsAValidDocument() {
        #expect(String(decoding: HistoryDocument().render(), as: UTF8.self) == "# EOF\n")
    }
}
