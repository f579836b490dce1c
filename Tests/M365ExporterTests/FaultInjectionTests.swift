import Foundation
import Logging
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// Each scenario of a misbehaving Graph, against the exporter in this
/// process: it keeps serving, good reports keep their exact values, a bad
/// report keeps its last good values with `m365_report_up` 0, and no fetch
/// sends more requests than the retry policy promises. One at a time: each
/// runs an exporter refreshing every second, and their timing checks should
/// not compete with each other for two cores.
@Suite(.serialized) struct FaultInjectionTests {
    static let participant = "getSkypeForBusinessParticipantActivityCounts"
    static let organizer = "getSkypeForBusinessOrganizerActivityCounts"
    static let peerToPeer = "getSkypeForBusinessPeerToPeerActivityCounts"
    static let services = "getOffice365ServicesUserCounts"
    static let groups = "getOffice365GroupsActivityGroupCounts"

    /// Waits for the first served fault of `report`.
    private func firstFault(of report: String, in fake: FakeGraph) async throws -> ServedFault {
        var found: ServedFault?
        _ = try await eventually(timeout: .seconds(15)) {
            found = await fake.faultsServed.first { $0.function == report }
            return found != nil
        }
        return try #require(found, "the fake never answered \(report) with its fault")
    }

    @Test func throttledWithRetryAfterSecondsWaitsThemAndSendsNothingEarly() async throws {
        try await FaultHarness.run { h in
            await h.fake.enqueue(.throttle(retryAfter: 2), for: Self.groups)
            let fault = try await firstFault(of: Self.groups, in: h.fake)
            #expect(try await eventually(timeout: .seconds(10)) {
                await h.graphRequests(for: Self.groups).contains { $0.at > fault.at }
            })
            let next = try #require(await h.graphRequests(for: Self.groups).first { $0.at > fault.at })
            #expect(next.at - fault.at >= 2.0, "a request arrived \(next.at - fault.at)s after Retry-After: 2")
            #expect(next.clientRequestID == fault.clientRequestID)
            #expect(next.retryAttempt == 1)

            // The counter holds the time slept at the gate, which begins once
            // the 429 has been handled: a few milliseconds on a quiet
            // machine, more on a loaded one, so less than Retry-After.
            #expect(try await eventually { (try await h.scrape()[FaultHarness.throttledSeconds] ?? 0) >= 1.0 })
            let series = try await h.scrape()
            #expect(series[FaultHarness.retries(Self.groups, .throttled)] == 1)
            FaultHarness.expectServed(series)
            await h.expectBoundedFetches(of: Self.groups)
        }
    }

    @Test func throttledWithRetryAfterAsAnHTTPDateWaitsUntilThatTime() async throws {
        try await FaultHarness.run { h in
            await h.fake.enqueue(.throttleUntilDate(secondsAhead: 2), for: Self.services)
            let fault = try await firstFault(of: Self.services, in: h.fake)
            #expect(try await eventually(timeout: .seconds(10)) {
                await h.graphRequests(for: Self.services).contains { $0.at > fault.at }
            })
            let next = try #require(await h.graphRequests(for: Self.services).first { $0.at > fault.at })
            #expect(next.at - fault.at >= 2.0, "a request arrived \(next.at - fault.at)s after the Retry-After date")
            FaultHarness.expectServed(try await h.scrape())
        }
    }

    @Test func aRetryAfterLongerThanARefreshMayWaitHoldsTheReportAcrossRefreshes() async throws {
        try await FaultHarness.run { h in
            await h.fake.enqueue(.throttle(retryAfter: 600), for: Self.groups)
            let fault = try await firstFault(of: Self.groups, in: h.fake)
            #expect(try await eventually { try await h.scrape()[FaultHarness.up(Self.groups)] == 0 })
            let othersBefore = await h.graphRequests(for: Self.participant).count
            // Three refresh intervals: the other reports refresh, this one asks nothing.
            try await Task.sleep(for: .seconds(3))
            #expect(await h.graphRequests(for: Self.groups).filter { $0.at > fault.at }.isEmpty)
            #expect(await h.graphRequests(for: Self.participant).count > othersBefore)
            FaultHarness.expectServed(try await h.scrape(), down: [Self.groups])
            let failures = h.logs.lines.filter { $0.message == "report refresh failed" && $0.metadata["report"] == Self.groups }
            #expect(failures.contains { $0.level == .warning && ($0.metadata["err"] ?? "").contains("Retry-After") })
        }
    }

    @Test func flakyServerErrorsAreRetriedAndNoValueChanges() async throws {
        try await FaultHarness.run(prepare: { fake in
            await fake.setFlaky(Self.services, every: 2, status: 503)
            await fake.setFlaky(Self.participant, every: 3, status: 504)
        }) { h in
            #expect(try await eventually(timeout: .seconds(20)) {
                let series = try await h.scrape()
                return (series[FaultHarness.retries(Self.services, .serverError)] ?? 0) >= 3
                    && (series[FaultHarness.retries(Self.participant, .serverError)] ?? 0) >= 1
            })
            FaultHarness.expectServed(try await h.scrape())
            // Every second request fails, so no fetch needs more than two.
            await h.expectBoundedFetches(of: Self.services, graphRequests: 2)
            await h.expectBoundedFetches(of: Self.participant, graphRequests: 2)
        }
    }

    @Test func aReportThatNeverAnswersStallsNeitherTheOthersNorTheScrapes() async throws {
        try await FaultHarness.run(requestTimeout: .seconds(1)) { h in
            await h.fake.enqueue(.hang, for: Self.organizer, times: 40)
            let othersBefore = await h.graphRequests(for: Self.groups).count
            #expect(try await eventually(timeout: .seconds(20)) {
                try await h.scrape()[FaultHarness.up(Self.organizer)] == 0
            })
            let series = try await h.scrape()
            FaultHarness.expectServed(series, down: [Self.organizer])
            #expect((series[FaultHarness.retries(Self.organizer, .timeout)] ?? 0) >= 3)
            #expect(await h.graphRequests(for: Self.groups).count > othersBefore)
            await h.expectBoundedFetches(of: Self.organizer, graphRequests: 4)
        }
    }

    // The time limit turns a lost deadline into a failure instead of a hung run.
    @Test(.timeLimit(.minutes(1)))
    func aBodyThatTricklesForeverIsCutOffAtTheRequestTimeout() async throws {
        try await FaultHarness.run(requestTimeout: .seconds(1)) { h in
            await h.fake.enqueue(.trickle, for: Self.peerToPeer, times: 40)
            #expect(try await eventually(timeout: .seconds(20)) {
                try await h.scrape()[FaultHarness.up(Self.peerToPeer)] == 0
            })
            FaultHarness.expectServed(try await h.scrape(), down: [Self.peerToPeer])
            await h.expectBoundedFetches(of: Self.peerToPeer, graphRequests: 4)
        }
    }

    @Test func anExpiredDownloadURLIsAskedForAnewOnceAndOnlyOnce() async throws {
        try await FaultHarness.run { h in
            await h.fake.enqueue(.expiredDownload, for: Self.groups)
            #expect(try await eventually {
                try await h.scrape()[FaultHarness.retries(Self.groups, .expiredDownload)] == 1
            })
            FaultHarness.expectServed(try await h.scrape())

            // Expired twice in one fetch: the fetch fails, the values stay.
            // The refreshes after it hang, so that the failure stays on show
            // while the test looks (the next refresh is half a second away).
            await h.fake.enqueue(.expiredDownload, for: Self.groups)
            await h.fake.enqueue(.expiredDownload, for: Self.groups)
            await h.fake.enqueue(.hang, for: Self.groups, times: 3)
            #expect(try await eventually { try await h.scrape()[FaultHarness.up(Self.groups)] == 0 })
            FaultHarness.expectServed(try await h.scrape(), down: [Self.groups])
            let served = await h.fake.faultsServed.filter { $0.function == Self.groups && $0.fault == .expiredDownload }
            #expect(served.count == 3)
            // The failed fetch: two Graph requests, never a third.
            let failed = try #require(served.last?.clientRequestID)
            #expect(await h.graphRequests(for: Self.groups).filter { $0.clientRequestID == failed }.count == 2)
            await h.expectBoundedFetches(of: Self.groups)
        }
    }

    @Test func aTokenThatExpiresBetweenTheRedirectAndTheNextReportIsRenewedOnce() async throws {
        try await FaultHarness.run(maxConcurrency: 1) { h in
            let loginsBefore = await h.fake.requests.filter { $0.host == .login }.count
            await h.fake.enqueue(.revokeTokensAfterRedirect, for: Self.groups)
            _ = try await firstFault(of: Self.groups, in: h.fake)
            let seen = try await eventually {
                let series = try await h.scrape()
                return ReportCatalog.defaultReports.contains {
                    series[FaultHarness.retries($0.function, .unauthorized)] == 1
                }
            }
            let after = try await h.scrape().filter { $0.key.contains("retries") || $0.key.contains("code=\"401") }
            #expect(seen, "\(after)")
            // Give every report one more refresh: none of them may fail.
            try await Task.sleep(for: .seconds(1.5))
            FaultHarness.expectServed(try await h.scrape())
            #expect(await h.fake.requests.filter { $0.host == .login }.count == loginsBefore + 1)
            for report in ReportCatalog.defaultReports.map(\.function) {
                await h.expectBoundedFetches(of: report)
            }
        }
    }

    @Test func tokensThatDieBeforeTheirAdvertisedExpiryAreRenewedOnGraphsRefusal() async throws {
        try await FaultHarness.run(prepare: { fake in
            // The token service's clock runs 599 s ahead: a 600 s token works for one second.
            await fake.setTokenLifetime(seconds: 600)
            await fake.setTokenClockSkew(seconds: 599)
        }) { h in
            #expect(try await eventually(timeout: .seconds(15)) {
                let series = try await h.scrape()
                let renewals = ReportCatalog.defaultReports.compactMap { series[FaultHarness.retries($0.function, .unauthorized)] }
                return renewals.reduce(0, +) >= 2
            })
            FaultHarness.expectServed(try await h.scrape())
            for report in ReportCatalog.defaultReports.map(\.function) {
                await h.expectBoundedFetches(of: report)
            }
        }
    }

    @Test func aRefusedSecretIsLoggedOncePerRefreshAndMarksEveryReportDown() async throws {
        let newSecret = "Rotated~secret-9876"
        try await FaultHarness.run { h in
            await h.fake.rotateSecret(clientID: FaultHarness.app.clientID, to: newSecret)
            let rotatedAt = ContinuousClock.now
            let loginsBefore = await h.fake.requests.filter { $0.host == .login }.count
            #expect(try await eventually(timeout: .seconds(10)) {
                let series = try await h.scrape()
                return ReportCatalog.defaultReports.allSatisfy { series[FaultHarness.up($0.function)] == 0 }
            })
            try await Task.sleep(for: .seconds(3))
            let elapsed = (ContinuousClock.now - rotatedAt) / .seconds(1)
            FaultHarness.expectServed(try await h.scrape(), down: Set(ReportCatalog.defaultReports.map(\.function)))

            let lines = h.logs.lines
            let tokenLines = lines.filter { $0.message.hasPrefix("token request refused") }
            let reportFailures = lines.filter { $0.message == "report refresh failed" }
            #expect(!tokenLines.isEmpty)
            // One request per refresh (a refusal stands for 90 % of the interval), not one per report.
            #expect(Double(tokenLines.count) <= elapsed / 0.9 + 2, "\(tokenLines.count) lines in \(elapsed)s")
            #expect(tokenLines.count * 2 <= reportFailures.count, "\(tokenLines.count) token lines for \(reportFailures.count) failed refreshes")
            #expect(reportFailures.allSatisfy { $0.level == .debug })
            // Logged once at error, with the AADSTS code and what to do; the same refusal again at debug.
            let errors = tokenLines.filter { $0.level == .error }
            #expect(errors.count == 1, "\(errors.map(\.description))")
            #expect(tokenLines.allSatisfy { $0.level == .error || $0.level == .debug })
            for line in errors {
                #expect(line.metadata["tenant"] == FaultHarness.tenant)
                #expect(line.metadata["aadsts"] == "AADSTS7000215")
                #expect(line.metadata["action"]?.contains("client secret is wrong") == true)
                let text = line.description
                #expect(text.contains("Invalid client secret provided"))
                #expect(!text.contains("Trace ID"))
            }
            for line in lines {
                #expect(!line.description.contains(FaultHarness.app.clientSecret))
                #expect(!line.description.contains(newSecret))
            }
            // One token request per line: nothing retried a refusal.
            let logins = await h.fake.requests.filter { $0.host == .login }.count - loginsBefore
            #expect(logins == tokenLines.count)
        }
    }

    /// Answers that must never become numbers.
    enum GarbageBody: String, CaseIterable, CustomTestStringConvertible {
        case htmlWith200, notANumberCells, truncatedCSV, emptyBody, tenMegabytes

        var testDescription: String { rawValue }

        var body: [UInt8] {
            let header = ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"]
            switch self {
            case .htmlWith200:
                return Array("<!DOCTYPE html><html><head><title>Service unavailable</title></head><body>Sorry</body></html>".utf8)
            case .notANumberCells:
                return ReportCSV(header: header, rows: [["2026-11-20", "n/a", "n/a", "2026-11-19", "7"]]).bytes
            case .truncatedCSV:
                var csv = ReportCSV(header: header, rows: [
                    ["2026-11-20", "490", "320", "2026-11-18", "7"], ["2026-11-20", "493", "321", "2026-11-19", "7"],
                ])
                csv.quoteEverything = true
                let bytes = csv.bytes
                return Array(bytes.prefix(bytes.count - 9))
            case .emptyBody:
                return []
            case .tenMegabytes:
                // 10 MiB of printable noise with commas and line breaks.
                var generator = SystemRandomNumberGenerator()
                let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 ,-<>/\n".utf8)
                return (0..<(10 << 20)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            }
        }

        /// What the log line must say about the answer.
        var problem: String {
            switch self {
            case .htmlWith200, .tenMegabytes: "no \"Report Refresh Date\" column"
            case .notANumberCells: "\"n/a\" is not a count"
            case .truncatedCSV: "never closed"
            case .emptyBody: "empty body"
            }
        }
    }

    @Test(arguments: GarbageBody.allCases)
    func anAnswerThatDoesNotParseKeepsTheLastGoodValues(_ garbage: GarbageBody) async throws {
        try await FaultHarness.run { h in
            let good = SeedReports.bodies().first { $0.function == Self.groups }!
            await h.fake.setReport(Self.groups, apiVersion: .v1, body: garbage.body)
            #expect(try await eventually(timeout: .seconds(15)) { try await h.scrape()[FaultHarness.up(Self.groups)] == 0 })
            // A refresh more: still the values of the last good answer.
            try await Task.sleep(for: .seconds(1.2))
            FaultHarness.expectServed(try await h.scrape(), down: [Self.groups])

            let failures = h.logs.lines.filter { $0.message == "report refresh failed" && $0.metadata["report"] == Self.groups }
            let failure = try #require(failures.first)
            #expect(failure.level == .warning)
            let err = failure.metadata["err"] ?? ""
            #expect(err.contains("report \(Self.groups)"))
            #expect(err.contains(garbage.problem), "\(err)")
            #expect(err.count < 500, "the log line quotes the answer at length")
            // A body that does not parse is not asked for again within the refresh.
            await h.expectBoundedFetches(of: Self.groups, graphRequests: 1)

            // And it recovers once Graph answers well again.
            await h.fake.setReport(Self.groups, apiVersion: .v1, bodies: good.bodies)
            #expect(try await eventually(timeout: .seconds(15)) { try await h.scrape()[FaultHarness.up(Self.groups)] == 1 })
            FaultHarness.expectServed(try await h.scrape())
        }
    }

    @Test func anUnchangedReportAnswered304KeepsItsValuesWithoutADownload() async throws {
        try await FaultHarness.run(prepare: { await $0.setConditionalRequests(true) }) { h in
            let groups = "m365_graph_requests_total{tenant=\"\(FaultHarness.tenant)\",report=\"\(Self.groups)\",code=\"304\"}"
            #expect(try await eventually(timeout: .seconds(15)) { (try await h.scrape()[groups] ?? 0) >= 2 })
            let series = try await h.scrape()
            FaultHarness.expectServed(series)
            // Every refresh after the first sent the entity tag and got no body.
            let requests = await h.graphRequests(for: Self.groups)
            #expect(requests.first?.ifNoneMatch == nil)
            #expect(requests.dropFirst().allSatisfy { $0.ifNoneMatch != nil })
            let downloads = await h.fake.requests.filter { $0.host == .download && $0.path.hasSuffix("/\(Self.groups).csv") }
            #expect(downloads.count == 1)

            // A changed report is downloaded again and its new values shown.
            var changed = SeedReports.bodies().first { $0.function == Self.groups }!.bodies
            let header = ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"]
            let body = ReportCSV(header: header, rows: [["2026-11-21", "500", "333", "2026-11-20", "7"]]).bytes
            for period in changed.keys { changed[period] = body }
            await h.fake.setReport(Self.groups, apiVersion: .v1, bodies: changed)
            let total = "o365_groups{tenant=\"\(FaultHarness.tenant)\"}"
            #expect(try await eventually(timeout: .seconds(15)) { try await h.scrape()[total] == 500 })
            #expect(try await h.scrape()["o365_active_groups{tenant=\"\(FaultHarness.tenant)\"}"] == 333)
        }
    }

    @Test func aReportWhoseOnePeriodChangedShowsTheNewValuesBesideTheUnchangedPeriods() async throws {
        try await FaultHarness.run(prepare: { await $0.setConditionalRequests(true) }) { h in
            let notModified = "m365_graph_requests_total{tenant=\"\(FaultHarness.tenant)\",report=\"\(Self.services)\",code=\"304\"}"
            // Both periods answered 304 at least once: only tags are kept now.
            #expect(try await eventually(timeout: .seconds(15)) { (try await h.scrape()[notModified] ?? 0) >= 4 })

            // D30 changes (Exchange's active users 1030 → 4321), D7 does not.
            var bodies = SeedReports.bodies().first { $0.function == Self.services }!.bodies
            let d30 = String(decoding: bodies[.d30]!, as: UTF8.self)
            #expect(d30.contains(",1030,"))
            bodies[.d30] = Array(d30.replacingOccurrences(of: ",1030,", with: ",4321,").utf8)
            await h.fake.setReport(Self.services, apiVersion: .v1, bodies: bodies)

            func active(_ period: String) -> String {
                "o365_active_users{tenant=\"\(FaultHarness.tenant)\",period=\"\(period)\",service=\"exchange\"}"
            }
            #expect(try await eventually(timeout: .seconds(15)) { try await h.scrape()[active("D30")] == 4321 })
            let series = try await h.scrape()
            // The unchanged period's series are still there, with their values.
            #expect(series[active("D7")] == 1007)
            #expect(series["o365_active_users{tenant=\"\(FaultHarness.tenant)\",period=\"D7\",service=\"teams\"}"] == 1507)
            #expect(series[FaultHarness.up(Self.services)] == 1)
        }
    }

    @Test func anHTMLPageServedByGraphItselfWith200KeepsTheLastGoodValues() async throws {
        try await FaultHarness.run { h in
            // Every refresh gets the page until the test has looked: one bad
            // refresh lasts half a second at this interval, shorter than two
            // scrapes of a loaded machine may be apart.
            await h.fake.enqueue(
                .body(Array("<html><body>Service unavailable</body></html>".utf8)), for: Self.services, times: 60)
            #expect(try await eventually(timeout: .seconds(15)) { try await h.scrape()[FaultHarness.up(Self.services)] == 0 })
            FaultHarness.expectServed(try await h.scrape(), down: [Self.services])
            await h.fake.clearFaults(for: Self.services)
            #expect(try await eventually(timeout: .seconds(15)) { try await h.scrape()[FaultHarness.up(Self.services)] == 1 })
            FaultHarness.expectServed(try await h.scrape())
        }
    }
}
