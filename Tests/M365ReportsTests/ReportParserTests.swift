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

/// Units and label columns of catalog entries, on a made-up report.
@Suite struct ReportValueTests {
    let sessions = ReportDefinition(
        function: "getMadeUpSessionCounts", apiVersion: .v1, dayColumn: .reportDate,
        metrics: [MetricDescriptor(name: "made_up_session_duration_seconds", help: "h"),
                  MetricDescriptor(name: "made_up_storage_bytes", help: "h")],
        labelColumns: [LabelColumn(column: "Site Type", aliases: ["Type Of Site"], label: "site_type")],
        columns: [ColumnMapping(column: "Duration", aliases: ["Duration In Seconds"], metric: "made_up_session_duration_seconds", unit: .seconds),
                  ColumnMapping(column: "Storage Used (Byte)", metric: "made_up_storage_bytes", unit: .bytes)])

    private func body(_ rows: [[String]], header: [String]? = nil) -> [UInt8] {
        ReportCSV(header: header ?? ["Report Refresh Date", "Site Type", "Duration", "Storage Used (Byte)", "Report Date", "Report Period"],
                  rows: rows).bytes
    }

    @Test(arguments: [("PT1H2M3S", 3723.0), ("PT0S", 0), ("P1DT1H", 90_000), ("PT2.5S", 2.5), ("pt90m", 5400),
                      ("01:02:03", 3723), ("123:00:01", 442_801), ("00:00:00.5", 0.5), ("3723", 3723)])
    func readsDurationsAsSeconds(_ cell: String, _ seconds: Double) throws {
        let report = try ReportParser.parse(csv: body([["2026-11-19", "All", cell, "1", "2026-11-18", "7"]]), as: sessions)
        #expect(report.latestRow?.values.first == seconds)
    }

    @Test(arguments: ["PT", "P1M", "PT1H2X", "1:2:3", "01:60:00", "PT1S2M", "P1DT", "-PT1S", "1 hour"])
    func refusesCellsThatAreNotDurations(_ cell: String) {
        let error = #expect(throws: ReportParseError.self) {
            try ReportParser.parse(csv: body([["2026-11-19", "All", cell, "1", "2026-11-18", "7"]]), as: sessions)
        }
        #expect(error?.column == "Duration")
        #expect(error?.description.contains("is not a duration") == true)
    }

    @Test func aSiteTypeColumnLabelsOneSeriesPerTypeOfTheLatestDay() throws {
        let report = try ReportParser.parse(csv: body([
            ["2026-11-19", "Team Site", "10", "100", "2026-11-18", "7"],
            ["2026-11-19", "OneDrive", "20", "200", "2026-11-17", "7"],
            ["2026-11-19", "All", "30", "300", "2026-11-18", "7"],
            ["2026-11-19", "Team Site", "11", "101", "2026-11-18", "7"],
        ]), as: sessions)
        let samples = ReportSampleMapper.latestSamples(of: report, definition: sessions, tenant: "t", period: .d7)
        #expect(samples == [
            Sample(metric: "made_up_session_duration_seconds", labels: [Label("tenant", "t"), Label("site_type", "team_site")], value: 11),
            Sample(metric: "made_up_storage_bytes", labels: [Label("tenant", "t"), Label("site_type", "team_site")], value: 101),
            Sample(metric: "made_up_session_duration_seconds", labels: [Label("tenant", "t"), Label("site_type", "all")], value: 30),
            Sample(metric: "made_up_storage_bytes", labels: [Label("tenant", "t"), Label("site_type", "all")], value: 300),
        ])
        // The history keeps every day, each with its own site types.
        #expect(report.rowsByDay.map { $0.day.description } == ["2026-11-17", "2026-11-18"])
        #expect(report.rowsByDay.map { $0.rows.count } == [1, 2])
    }

    @Test func aMissingOrEmptySiteTypeIsRefusedRatherThanMixingRows() {
        let missing = #expect(throws: ReportParseError.self) {
            try ReportParser.parse(
                csv: body([["2026-11-19", "1", "1", "2026-11-18", "7"]],
                          header: ["Report Refresh Date", "Duration", "Storage Used (Byte)", "Report Date", "Report Period"]),
                as: sessions)
        }
        #expect(missing?.description.contains("no \"Site Type\" column") == true)
        let empty = #expect(throws: ReportParseError.self) {
            try ReportParser.parse(csv: body([["2026-11-19", " ", "1", "1", "2026-11-18", "7"]]), as: sessions)
        }
        #expect(empty?.line == 2)
        #expect(empty?.column == "Site Type")
    }

    @Test func aliasesMatchRenamedColumns() throws {
        let report = try ReportParser.parse(
            csv: body([["2026-11-19", "OneDrive", "42", "7", "2026-11-18", "7"]],
                      header: ["Report Refresh Date", "Type Of Site", "Duration In Seconds", "Storage Used (Byte)", "Report Date", "Report Period"]),
            as: sessions)
        #expect(report.missingColumns.isEmpty)
        #expect(report.latestRow?.values == [42, 7])
        #expect(report.latestRow?.labels == [Label("site_type", "onedrive")])
    }
}
