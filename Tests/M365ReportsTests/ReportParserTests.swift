import M365Reports
import M365TestSupport
import Testing

@Suite struct ReportParserTests {
    let participant = ReportCatalog.definition(named: "getSkypeForBusinessParticipantActivityCounts")!
    let services = ReportCatalog.definition(named: "getOffice365ServicesUserCounts")!
    let groups = ReportCatalog.definition(named: "getOffice365GroupsActivityGroupCounts")!
    let peerToPeer = ReportCatalog.definition(named: "getSkypeForBusinessPeerToPeerActivityCounts")!

    /// A groups report body with the documented header and the given rows.
    private func groupsBody(_ rows: [[String]]) -> [UInt8] {
        ReportCSV(header: ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"], rows: rows).bytes
    }

    private func values(_ samples: [Sample]) -> [String: Double] {
        var result: [String: Double] = [:]
        for sample in samples {
            let labels = sample.labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            result["\(sample.metric){\(labels)}"] = sample.value
        }
        return result
    }

    @Test func readsAGraphAnswerWithBOMCRLFAndQuotedHeaderAndExportsTheNewestDay() throws {
        let report = try ReportParser.parse(csv: try fixture("skype-participant-quoted-header.csv"), as: participant)
        #expect(report.rows.count == 4)
        #expect(report.missingColumns.isEmpty)
        let latest = try #require(report.latestRow)
        // The newest day is the second row of the body: rows are not in date order.
        #expect(latest.reportDate?.description == "2026-11-18")
        #expect(latest.refreshDate.description == "2026-11-19")
        #expect(latest.line == 3)
        let samples = ReportSampleMapper.latestSamples(of: report, definition: participant, tenant: "t", period: .d7)
        #expect(values(samples) == [
            "skype_participant_sessions{tenant=t,type=im}": 50,
            "skype_participant_sessions{tenant=t,type=audio_video}": 40,
            "skype_participant_sessions{tenant=t,type=app_sharing}": 30,
            "skype_participant_sessions{tenant=t,type=web}": 20,
            "skype_participant_sessions{tenant=t,type=dial_in_out_3rd_party}": 10,
        ])
    }

    @Test func matchesColumnsByNameIgnoresUnknownOnesAndLabelsThePeriod() throws {
        let report = try ReportParser.parse(csv: try fixture("services-user-counts-reordered.csv"), as: services)
        let samples = values(ReportSampleMapper.latestSamples(of: report, definition: services, tenant: "t", period: .d30))
        #expect(samples.count == 14)
        #expect(samples["o365_active_users{tenant=t,period=D30,service=teams}"] == 880)
        #expect(samples["o365_inactive_users{tenant=t,period=D30,service=teams}"] == 120)
        #expect(samples["o365_active_users{tenant=t,period=D30,service=exchange}"] == 950)
        #expect(samples["o365_inactive_users{tenant=t,period=D30,service=office_365}"] == 10)
        #expect(samples["o365_active_users{tenant=t,period=D30,service=skype_for_business}"] == 0)
        #expect(report.latestRow?.reportDate == nil)
        #expect(report.latestRow?.day.description == "2026-11-19")
        #expect(report.latestRow?.periodDays == 7)
    }

    @Test func aHeaderOnlyAnswerIsValidAndHasNoSeries() throws {
        let report = try ReportParser.parse(csv: try fixture("skype-peer-to-peer-header-only.csv"), as: peerToPeer)
        #expect(report.rows.isEmpty)
        #expect(report.latestRow == nil)
        #expect(ReportSampleMapper.latestSamples(of: report, definition: peerToPeer, tenant: "t", period: .d7).isEmpty)
    }

    @Test func aMissingColumnDropsOnlyItsSeries() throws {
        let body = ReportCSV(
            header: ["Report Refresh Date", "Total", "Report Date", "Report Period"],
            rows: [["2026-11-19", "42", "2026-11-18", "7"]]).bytes
        let report = try ReportParser.parse(csv: body, as: groups)
        #expect(report.missingColumns == ["Active"])
        #expect(values(ReportSampleMapper.latestSamples(of: report, definition: groups, tenant: "t", period: .d7))
            == ["o365_groups{tenant=t}": 42])
    }

    @Test func anEmptyCellGivesNoSampleRatherThanZero() throws {
        let body = groupsBody([["2026-11-19", "42", "", "2026-11-18", "7"]])
        let report = try ReportParser.parse(csv: body, as: groups)
        #expect(values(ReportSampleMapper.latestSamples(of: report, definition: groups, tenant: "t", period: .d7))
            == ["o365_groups{tenant=t}": 42])
    }

    @Test func headerNamesMatchWhateverTheirCaseAndSpacing() throws {
        let body = ReportCSV(
            header: ["report refresh date", " TOTAL ", "Active", "Report  Date", "Report Period"],
            rows: [["2026-11-19", "42", "7", "2026-11-18", "7"]]).bytes
        let report = try ReportParser.parse(csv: body, as: groups)
        #expect(report.missingColumns.isEmpty)
        #expect(report.latestRow?.values == [42, 7])
    }

    @Test func aNonNumericCellIsAnErrorNamingReportLineAndColumn() throws {
        let error = #expect(throws: ReportParseError.self) {
            try ReportParser.parse(csv: try fixture("groups-not-a-number.csv"), as: groups)
        }
        #expect(error?.report == "getOffice365GroupsActivityGroupCounts")
        #expect(error?.line == 3)
        #expect(error?.column == "Active")
        #expect(error?.description == #"report getOffice365GroupsActivityGroupCounts, line 3, column "Active": "n/a" is not a count (for o365_active_groups)"#)
    }

    @Test(arguments: ["nan", "inf", "-5", "0x10", "1,5", "12abc", "+3", "1e", "."])
    func refusesCellsThatAreNotCounts(_ cell: String) {
        let body = groupsBody([["2026-11-19", "42", cell, "2026-11-18", "7"]])
        #expect(throws: ReportParseError.self) { try ReportParser.parse(csv: body, as: groups) }
    }

    @Test(arguments: [("0", 0.0), ("1234567", 1_234_567.0), ("12.5", 12.5), ("1e3", 1000.0), (" 7 ", 7.0)])
    func readsCounts(_ cell: String, _ value: Double) throws {
        let body = groupsBody([["2026-11-19", "42", cell, "2026-11-18", "7"]])
        #expect(try ReportParser.parse(csv: body, as: groups).latestRow?.values == [42, value])
    }

    @Test func anHTMLPageIsRefusedAsNotAReport() throws {
        let error = #expect(throws: ReportParseError.self) {
            try ReportParser.parse(csv: try fixture("html-error-page.csv"), as: groups)
        }
        #expect(error?.description.contains("no \"Report Refresh Date\" column") == true)
        #expect(error?.line == 1)
    }

    @Test func aDailyReportWithoutReportDateIsRefused() {
        let body = ReportCSV(header: ["Report Refresh Date", "Total", "Active"], rows: [["2026-11-19", "1", "1"]]).bytes
        let error = #expect(throws: ReportParseError.self) { try ReportParser.parse(csv: body, as: groups) }
        #expect(error?.description.contains("no \"Report Date\" column") == true)
    }

    @Test func aBadDateNamesItsLineAndColumn() {
        let body = groupsBody([["2026-11-19", "1", "1", "2026-11-18", "7"], ["2026-11-19", "1", "1", "18/11/2026", "7"]])
        let error = #expect(throws: ReportParseError.self) { try ReportParser.parse(csv: body, as: groups) }
        #expect(error?.line == 3)
        #expect(error?.column == "Report Date")
    }

    @Test func aRowWithTooFewFieldsIsRefused() {
        var body = groupsBody([["2026-11-19", "1", "1", "2026-11-18", "7"]])
        body += Array("2026-11-19,5,5\r\n".utf8)
        let error = #expect(throws: ReportParseError.self) { try ReportParser.parse(csv: body, as: groups) }
        #expect(error?.line == 3)
        #expect(error?.description.contains("3 fields where the header has 5") == true)
    }

    @Test func aTruncatedBodyIsRefused() {
        var csv = ReportCSV(
            header: ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"],
            rows: [["2026-11-19", "100", "50", "2026-11-18", "7"]])
        csv.quoteEverything = true
        let cut = Array(csv.bytes.dropLast(8))  // inside the last quoted field
        #expect(throws: ReportParseError.self) { try ReportParser.parse(csv: cut, as: groups) }
    }

    @Test func ofRowsWithTheSameDayTheLastInTheBodyWins() throws {
        let body = groupsBody([
            ["2026-11-19", "1", "1", "2026-11-18", "7"], ["2026-11-19", "2", "2", "2026-11-18", "7"],
            ["2026-11-19", "3", "3", "2026-11-10", "7"],
        ])
        #expect(try ReportParser.parse(csv: body, as: groups).latestRow?.values == [2, 2])
    }
}
