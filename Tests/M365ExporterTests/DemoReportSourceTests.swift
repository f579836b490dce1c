@testable import M365Exporter
import Synchronization
import M365Reports
import Testing

@Suite struct DemoReportSourceTests {
    let today = ReportDay(year: 2027, month: 3, day: 10)!

    @Test func everyCatalogReportHasDemoDataInGraphsFormat() throws {
        for definition in ReportCatalog.all {
            for period in ReportPeriod.allCases {
                let body = try DemoReportSource.csv(for: definition, period: period)
                if case .json = definition.request.answer {
                    #expect(body.first == UInt8(ascii: "{"), "\(definition.function)")
                } else {
                    #expect(Array(body.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(definition.function)")
                    #expect(String(decoding: body, as: UTF8.self).contains("\r\n"))
                }
                let parsed = try ReportParser.parse(answer: body, as: definition)
                #expect(parsed.missingColumns.isEmpty, "\(definition.function)")
                #expect(!parsed.rows.isEmpty)
            }
        }
    }

    @Test func movesTheDatesSoTheNewestDayIsTwoDaysAgo() async throws {
        let source = DemoReportSource(today: today)
        for definition in ReportCatalog.all {
            let report = try await source.report(definition, period: .d7) { _ in }
            #expect(report.rows.map(\.refreshDate).max() == today.adding(days: -2), "\(definition.function)")
            #expect(report.latestRow?.day == today.adding(days: -2))
        }
    }

    @Test func aDailyReportHoldsTheDaysOfItsPeriod() async throws {
        let source = DemoReportSource(today: today)
        let participant = ReportCatalog.definition(named: "getSkypeForBusinessParticipantActivityCounts")!
        for period in ReportPeriod.allCases {
            let report = try await source.report(participant, period: period) { _ in }
            #expect(report.rows.count == period.days)
            #expect(Set(report.rows.compactMap(\.reportDate)).count == period.days)
        }
    }

    @Test func servicesUserCountsDifferByPeriod() async throws {
        let source = DemoReportSource(today: today)
        let services = ReportCatalog.definition(named: "getOffice365ServicesUserCounts")!
        var teams: [Double] = []
        for period in ReportPeriod.allCases {
            let samples = ReportSampleMapper.latestSamples(
                of: try await source.report(services, period: period) { _ in },
                definition: services, tenant: "contoso", period: period)
            #expect(samples.count == 14)
            let value = samples.first { $0.metric == "o365_active_users" && $0.labels.contains(Label("service", "teams")) }?.value
            teams.append(try #require(value))
        }
        #expect(teams == teams.sorted())
        #expect(Set(teams).count == 4)
    }

    @Test func aLongRunningDemoFollowsTheCurrentDay() async throws {
        // A clock that moves one day forward at every refresh.
        let clock = AdvancingClock(start: today)
        let source = DemoReportSource(clock: { clock.next() })
        let groups = ReportCatalog.definition(named: "getOffice365GroupsActivityGroupCounts")!
        let first = try #require(try await source.report(groups, period: .d7) { _ in }.latestRow?.day)
        let second = try #require(try await source.report(groups, period: .d7) { _ in }.latestRow?.day)
        #expect(first == today.adding(days: -2))
        #expect(second == today.adding(days: -1))
    }
}

/// Gives a day one later than the last at each call.
private final class AdvancingClock: Sendable {
    private let start: ReportDay
    private let calls = Atomic<Int>(0)

    init(start: ReportDay) {
        self.start = start
    }

    func next() -> ReportDay {
        start.adding(days: calls.add(1, ordering: .relaxed).oldValue)
    }
}
