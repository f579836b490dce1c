import M365Reports

/// Answers for the five seed reports as the fake serves them, with the
/// quirks of the real service (byte order mark, CRLF, quoted header, rows out
/// of date order, a column order other than the documentation's), and the
/// exact series the exporter must expose for them.
public enum SeedReports {
    /// The newest Report Date in the fixtures.
    public static let latestDay = ReportDay(year: 2026, month: 11, day: 18)!
    public static let refreshDay = ReportDay(year: 2026, month: 11, day: 19)!

    /// Daily rows, newest day first in `values`; the body lists them shuffled.
    struct Daily {
        let function: String
        let apiVersion: GraphAPIVersion
        let metric: String
        let columns: [(column: String, type: String)]
        /// values[day][column], day 0 the newest.
        let values: [[Int]]
    }

    static let participant = Daily(
        function: "getSkypeForBusinessParticipantActivityCounts", apiVersion: .v1, metric: "skype_participant_sessions",
        columns: [("IM", "im"), ("Audio/Video", "audio_video"), ("App Sharing", "app_sharing"), ("Web", "web"),
                  ("Dial-in/out 3rd Party", "dial_in_out_3rd_party")],
        values: [[11, 12, 13, 14, 15], [21, 22, 23, 24, 25], [31, 32, 33, 34, 35]])

    static let organizer = Daily(
        function: "getSkypeForBusinessOrganizerActivityCounts", apiVersion: .v1, metric: "skype_organizer_sessions",
        columns: [("IM", "im"), ("Audio/Video", "audio_video"), ("App Sharing", "app_sharing"), ("Web", "web"),
                  ("Dial-in/out 3rd Party", "dial_in_out_3rd_party"), ("Dial-in/out Microsoft", "dial_in_out_microsoft")],
        values: [[101, 102, 103, 104, 105, 106], [201, 202, 203, 204, 205, 206]])

    static let peerToPeer = Daily(
        function: "getSkypeForBusinessPeerToPeerActivityCounts", apiVersion: .v1, metric: "skype_peer_to_peer_sessions",
        columns: [("IM", "im"), ("Audio", "audio"), ("Video", "video"), ("App Sharing", "app_sharing"),
                  ("File Transfer", "file_transfer")],
        values: [[1001, 1002, 1003, 1004, 1005], [7, 7, 7, 7, 7], [9, 9, 9, 9, 9], [0, 0, 0, 0, 0]])

    static let services: [(column: String, label: String)] = [
        ("Exchange", "exchange"), ("OneDrive", "onedrive"), ("SharePoint", "sharepoint"),
        ("Skype For Business", "skype_for_business"), ("Yammer", "yammer"), ("Teams", "teams"), ("Office 365", "office_365"),
    ]

    /// Active users per service and period; inactive = 5000 - active.
    static func active(_ serviceIndex: Int, _ period: ReportPeriod) -> Int {
        1000 + serviceIndex * 100 + period.days
    }

    /// The bodies to serve, keyed by function.
    public static func bodies() -> [(function: String, apiVersion: GraphAPIVersion, bodies: [ReportPeriod: [UInt8]])] {
        var result: [(String, GraphAPIVersion, [ReportPeriod: [UInt8]])] = []
        for daily in [participant, organizer, peerToPeer] {
            result.append((daily.function, daily.apiVersion, everyPeriod(dailyBody(daily))))
        }
        // Groups: documented order RRD, Total, Active, RD, RP; header quoted.
        var groups = ReportCSV(
            header: ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"],
            rows: [
                [refreshDay.description, "480", "300", latestDay.adding(days: -1).description, "7"],
                [refreshDay.description, "481", "310", latestDay.description, "7"],
                [refreshDay.description, "479", "120", latestDay.adding(days: -2).description, "7"],
            ])
        groups.quoteEverything = true
        result.append(("getOffice365GroupsActivityGroupCounts", .v1, everyPeriod(groups.bytes)))

        var servicesBodies: [ReportPeriod: [UInt8]] = [:]
        for period in ReportPeriod.allCases {
            var header = ["Report Refresh Date"]
            var row = [refreshDay.description]
            for (index, service) in services.enumerated() {
                header += ["\(service.column) Active", "\(service.column) Inactive"]
                row += [String(active(index, period)), String(5000 - active(index, period))]
            }
            header.append("Report Period")
            row.append(String(period.days))
            servicesBodies[period] = ReportCSV(header: header, rows: [row]).bytes
        }
        result.append(("getOffice365ServicesUserCounts", .v1, servicesBodies))
        return result
    }

    /// Every series the exporter must expose for a tenant label, the
    /// periods it fetches and the reports it fetches (by default the
    /// catalog's default set), as `metric{labels}` → value in exposition
    /// order: the seed reports from these fixtures, the others from
    /// ``ReportSamples``.
    public static func expectedSeries(
        tenant: String, periods: [ReportPeriod], reports: [ReportDefinition] = ReportCatalog.defaultReports
    ) -> [String: Double] {
        var series = seedSeries(tenant: tenant, periods: periods)
        let seeds = Set(ReportCatalog.seedReports.map(\.function))
        for report in reports where !seeds.contains(report.function) {
            // A missing sample leaves its series out, so the comparison fails.
            series.merge((try? ReportSamples.expectedSeries(for: report.function, tenant: tenant)) ?? [:]) { $1 }
        }
        return series
    }

    /// The series of the five seed reports.
    static func seedSeries(tenant: String, periods: [ReportPeriod]) -> [String: Double] {
        var series: [String: Double] = [:]
        for daily in [participant, organizer, peerToPeer] {
            for (index, column) in daily.columns.enumerated() {
                series["\(daily.metric){tenant=\"\(tenant)\",type=\"\(column.type)\"}"] = Double(daily.values[0][index])
            }
        }
        series["o365_groups{tenant=\"\(tenant)\"}"] = 481
        series["o365_active_groups{tenant=\"\(tenant)\"}"] = 310
        for period in periods {
            for (index, service) in services.enumerated() {
                let labels = "{tenant=\"\(tenant)\",period=\"\(period.rawValue)\",service=\"\(service.label)\"}"
                series["o365_active_users\(labels)"] = Double(active(index, period))
                series["o365_inactive_users\(labels)"] = Double(5000 - active(index, period))
            }
        }
        return series
    }

    /// A daily report with its rows shuffled (not in date order) and its
    /// count columns before the date columns.
    static func dailyBody(_ daily: Daily) -> [UInt8] {
        let header = daily.columns.map(\.column).reversed() + ["Report Refresh Date", "Report Date", "Report Period"]
        var rows: [[String]] = []
        for (back, values) in daily.values.enumerated() {
            let day = latestDay.adding(days: -back)
            rows.append(values.reversed().map(String.init) + [refreshDay.description, day.description, "7"])
        }
        // Middle, newest, oldest…: never sorted.
        if rows.count > 1 { rows.swapAt(0, 1) }
        return ReportCSV(header: Array(header), rows: rows).bytes
    }

    private static func everyPeriod(_ body: [UInt8]) -> [ReportPeriod: [UInt8]] {
        Dictionary(uniqueKeysWithValues: ReportPeriod.allCases.map { ($0, body) })
    }
}

extension FakeGraph {
    /// Serves every report of the built-in catalog: the seed reports from
    /// `SeedReports`, every other one from its sample in ``ReportSamples``,
    /// in the shape its entry says Graph answers it; each on its own API
    /// version, or all on `version` (a national cloud, where the reports are
    /// served on `beta` only).
    public func serveSeedReports(onVersion version: GraphAPIVersion? = nil) async {
        for entry in SeedReports.bodies() {
            await setReport(entry.function, apiVersion: version ?? entry.apiVersion, bodies: entry.bodies)
        }
        let seeds = Set(ReportCatalog.seedReports.map(\.function))
        for report in ReportCatalog.all where !seeds.contains(report.function) {
            // Every catalog entry has a sample; a missing one fails the test that maps it.
            guard let body = try? ReportSamples.body(for: report.function) else { continue }
            let json = if case .json = report.request.answer { true } else { false }
            if report.request.parameter == .period, !json {
                // Each period's answer says which period it is, as Graph's do.
                let bodies = Dictionary(uniqueKeysWithValues: ReportPeriod.allCases.map {
                    ($0, ReportCSV.withReportPeriod(body, days: $0.days))
                })
                await setReport(report, bodies: bodies, apiVersion: version)
            } else {
                // JSON pages, and functions asked for every period at once or without one.
                await setReport(report, pages: [body], apiVersion: version)
            }
        }
    }
}
