import Foundation
import M365TestSupport
import Testing

/// The landing page `/` of the demo exporter as a person sees it: loaded by
/// headless Chromium (Debian's package), its rendered DOM checked against
/// the exporter's own health metrics, its links followed, and a screenshot
/// taken and compared with docs/landing-page.png, the picture in README, so
/// that a change to the page fails until the picture shows it.
/// `M365_UPDATE_SCREENSHOTS=1` writes the new screenshot there instead.
@Suite(.serialized) struct LandingPageBrowserTests {
    static let windowSize = (width: 1280, height: 800)

    /// Pixels that may differ between the committed picture and a new one
    /// (at `compare -fuzz 10%`), for rendering noise: none differed between
    /// runs on one machine, while small changes to the page differ in tens
    /// to hundreds (measured: one character in the version 78, one letter in
    /// one error cell 42, one state's colour 171, "up" made "ok" in every
    /// row 936).
    static let differingPixelsAllowed = 25

    @Test(.enabled(if: ExternalTool.isInstalled("chromium"),
                   "chromium is not installed (on Ubuntu it is a snap, which scripts/test cannot install): the page is not checked in a browser"))
    func chromiumShowsEveryTenantAndReportWithItsStateAndDataAge() async throws {
        let exporter = try await ExporterProcess.start(["--demo"])
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let series = parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)
        let dom = try Chromium.dumpDOM(exporter.baseURL + "/")
        let now = Date().timeIntervalSince1970

        let table = HTMLTable(dom)
        let columns = ["Tenant", "Report", "State", "Data age"].map { table.header.firstIndex(of: $0) }
        let (tenantColumn, reportColumn, stateColumn, ageColumn) = try (
            #require(columns[0]), #require(columns[1]), #require(columns[2]), #require(columns[3]))

        // Every report of every tenant the metrics know, and no other row.
        var expected: [String: (up: Double, date: Double?)] = [:]
        for (key, value) in series where key.hasPrefix("m365_report_up{") {
            let labels = labelValues(key)
            let tenant = try #require(labels["tenant"]), report = try #require(labels["report"])
            let date = series["m365_report_date_timestamp_seconds{tenant=\"\(tenant)\",report=\"\(report)\"}"]
            expected["\(tenant) \(report)"] = (value, date)
        }
        #expect(!expected.isEmpty)
        #expect(table.rows.count == expected.count, "\(table.rows)")
        for row in table.rows {
            let key = "\(row[tenantColumn]) \(row[reportColumn])"
            let want = try #require(expected[key], "the page shows \(key), which /metrics does not")
            #expect(row[stateColumn] == (want.up == 1 ? "up" : "down"), "\(key): state \(row[stateColumn])")
            let reportDate = try #require(want.date, "\(key) has no report date")
            let shown = try #require(ShownAge(row[ageColumn]), "\(key): data age \"\(row[ageColumn])\"")
            // The page rounds down to its unit; allow two minutes for the time between render and check.
            let actual = now - reportDate
            #expect(actual >= shown.seconds - 120 && actual < shown.seconds + shown.unit + 120,
                    "\(key): page says \(row[ageColumn]), the report date is \(Int(actual)) s old")
        }
        // Every tenant in the tenant list, with how many of its reports are up.
        let tenants = Set(expected.keys.map { String($0.split(separator: " ")[0]) })
        for tenant in tenants {
            let count = expected.filter { $0.key.hasPrefix("\(tenant) ") }.count
            let up = expected.filter { $0.key.hasPrefix("\(tenant) ") && $0.value.up == 1 }.count
            #expect(dom.contains(#"<span class="tenant">\#(tenant)</span>: <span class="up">\#(up) of \#(count) reports up</span>"#), "\(dom)")
        }

        // Every link answers 200.
        let links = dom.matches(of: #/href="([^"]+)"/#).map { String($0.1) }
        #expect(links.count >= 3, "\(links)")
        for link in links {
            let url = link.hasPrefix("/") ? exporter.baseURL + link : link
            #expect(url.hasPrefix(exporter.baseURL), "\(link) leaves the exporter")
            #expect(try await httpRequest(url).status == 200, "\(link)")
        }
        await exporter.stop()
    }

    /// The page of the demo (tenant `contoso`, every report it serves, all up),
    /// with the cells that change with the clock fixed (``LandingPageSnapshot``),
    /// rendered by Chromium and compared with the committed picture.
    @Test(.enabled(if: ExternalTool.isInstalled("chromium") && ExternalTool.isInstalled("compare"),
                   "chromium or ImageMagick's compare is not installed (on Ubuntu Chromium is a snap, which scripts/test cannot install): docs/landing-page.png is not checked"))
    func theScreenshotOfThePageIsTheOneInDocs() async throws {
        let exporter = try await ExporterProcess.start(["--demo"])
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let page = try await httpRequest(exporter.baseURL + "/")
        await exporter.stop()
        #expect(page.status == 200)
        let directory = try Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = directory.appendingPathComponent("landing-page.html")
        try LandingPageSnapshot.fixingTheClock(page.body).write(to: html, atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("landing-page.png")
        try Chromium.screenshot(html.absoluteString, to: file, width: Self.windowSize.width, height: Self.windowSize.height)

        let png = try Data(contentsOf: file)
        #expect(PNGSize(png)?.width == Self.windowSize.width && PNGSize(png)?.height == Self.windowSize.height)
        // An empty white page of this size is under 10 KB; text and a table make it several times that.
        #expect(png.count > 30_000, "\(png.count) bytes: the page looks empty")
        let committed = Repository.url("docs/landing-page.png")
        if ProcessInfo.processInfo.environment["M365_UPDATE_SCREENSHOTS"] == "1" {
            try? FileManager.default.removeItem(at: committed)
            try FileManager.default.copyItem(at: file, to: committed)
            return
        }
        let differing = try ImageComparison.differingPixels(committed, file, fuzzPercent: 10)
        #expect(differing <= Self.differingPixelsAllowed, """
            docs/landing-page.png is stale: \(differing) pixels differ from the page as it renders now \
            (at most \(Self.differingPixelsAllowed) may). If the change is meant, write the new picture with \
            M365_UPDATE_SCREENSHOTS=1 swift test --skip-build --filter LandingPageBrowserTests
            """)
    }

    /// Only the clock's cells change: written out by hand from a page of the demo.
    @Test func thePictureFixesOnlyTheCellsThatMoveWithTheClock() {
        let served = """
            <p>Version 0.1.0, demo mode (built-in sample data).</p>
            <table>
            <tr><th>Tenant</th><th>Report</th><th>State</th><th>Report date</th><th>Data age</th><th>Last refresh</th><th>Last error</th></tr>
            <tr><td>contoso</td><td>getEmailActivityUserCounts</td><td class="up">up</td><td>2026-11-28</td><td>2d 3h</td><td>4s ago</td><td></td></tr>
            <tr><td>fabrikam</td><td>getOneDriveActivityUserCounts</td><td class="down">down</td><td>–</td><td>–</td><td>never</td><td>HTTP 403</td></tr>
            </table>
            """
        let fixed = """
            <p>Version 0.1.0, demo mode (built-in sample data).</p>
            <table>
            <tr><th>Tenant</th><th>Report</th><th>State</th><th>Report date</th><th>Data age</th><th>Last refresh</th><th>Last error</th></tr>
            <tr><td>contoso</td><td>getEmailActivityUserCounts</td><td class="up">up</td><td>2026-11-20</td><td>2d 12h</td><td>1m ago</td><td></td></tr>
            <tr><td>fabrikam</td><td>getOneDriveActivityUserCounts</td><td class="down">down</td><td>2026-11-20</td><td>2d 12h</td><td>1m ago</td><td>HTTP 403</td></tr>
            </table>
            """
        #expect(LandingPageSnapshot.fixingTheClock(served) == fixed)
    }

    @Test func theScreenshotInDocsIsOneThisTestMade() throws {
        let png = try Data(contentsOf: Repository.url("docs/landing-page.png"))
        #expect(PNGSize(png)?.width == Self.windowSize.width && PNGSize(png)?.height == Self.windowSize.height)
        #expect(try Repository.text("README.md").contains("docs/landing-page.png"))
    }

    private func labelValues(_ series: String) -> [String: String] {
        var labels: [String: String] = [:]
        for match in series.matches(of: #/([a-z_]+)="([^"]*)"/#) { labels[String(match.1)] = String(match.2) }
        return labels
    }
}

/// Headless Chromium from Debian's package. `--no-sandbox` because the
/// tests may run as root (CI, containers), where Chromium's sandbox refuses
/// to start; the page is our own, on loopback.
enum Chromium {
    static func dumpDOM(_ url: String) throws -> String {
        try run(["--dump-dom", url])
    }

    static func screenshot(_ url: String, to file: URL, width: Int, height: Int) throws {
        _ = try run(["--hide-scrollbars", "--window-size=\(width),\(height)", "--screenshot=\(file.path)", url])
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ToolFailed(tool: "chromium --screenshot", output: "wrote no file")
        }
    }

    /// Chromium's standard output; its standard error (D-Bus complaints on a
    /// machine without a session bus) only in the error when it fails.
    private static func run(_ arguments: [String]) throws -> String {
        let profile = try Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: profile) }
        let errors = profile.appendingPathComponent("stderr.log").path
        let chromium = try ExternalTool.path(of: "chromium")
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--user-data-dir=\(profile.appendingPathComponent("profile").path)"]
        let result = try ExternalTool.run(
            "bash", ["-c", #"exec "$0" "$@" 2>"$ERRORS""#.replacingOccurrences(of: "$ERRORS", with: errors), chromium] + flags + arguments,
            timeout: .seconds(120))
        guard result.status == 0 else {
            throw ToolFailed(tool: "chromium", output: result.output + ((try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""))
        }
        return result.output
    }
}

/// The first table of an HTML page: its header cells and its data rows,
/// cell texts with tags removed and entities of the page's escaping undone.
struct HTMLTable {
    var header: [String] = []
    var rows: [[String]] = []

    init(_ html: String) {
        guard let start = html.range(of: "<table"), let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else {
            return
        }
        for row in html[start.upperBound..<end.lowerBound].matches(of: #/<tr[^>]*>(.*?)</tr>/#.dotMatchesNewlines()) {
            let headers = row.1.matches(of: #/<th[^>]*>(.*?)</th>/#).map { Self.text(String($0.1)) }
            let cells = row.1.matches(of: #/<td[^>]*>(.*?)</td>/#).map { Self.text(String($0.1)) }
            if !headers.isEmpty { header = headers } else if !cells.isEmpty { rows.append(cells) }
        }
    }

    private static func text(_ html: String) -> String {
        html.replacing(#/<[^>]+>/#, with: "")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A data age as the landing page prints it (`2d 15h`, `3h 2m`, `5m`,
/// `40s`): the seconds it stands for, rounded down to `unit`.
struct ShownAge {
    let seconds: Double
    let unit: Double

    init?(_ text: String) {
        if let m = text.wholeMatch(of: #/(\d+)d (\d+)h/#), let d = Double(m.1), let h = Double(m.2) {
            (seconds, unit) = (d * 86_400 + h * 3600, 3600)
        } else if let m = text.wholeMatch(of: #/(\d+)h (\d+)m/#), let h = Double(m.1), let mi = Double(m.2) {
            (seconds, unit) = (h * 3600 + mi * 60, 60)
        } else if let m = text.wholeMatch(of: #/(\d+)m/#), let mi = Double(m.1) {
            (seconds, unit) = (mi * 60, 60)
        } else if let m = text.wholeMatch(of: #/(\d+)s/#), let s = Double(m.1) {
            (seconds, unit) = (s, 1)
        } else {
            return nil
        }
    }
}

/// Width and height from a PNG's IHDR chunk; nil when the bytes are not a PNG.
func PNGSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data.prefix(24))
    guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else {
        return nil
    }
    func int(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (int(16), int(20))
}
