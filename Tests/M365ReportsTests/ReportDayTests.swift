import M365Reports
import Testing

@Suite struct ReportDayTests {
    @Test(arguments: [
        ("1970-01-01", 0), ("2026-11-20", 20_777), ("2000-02-29", 11_016), ("1969-12-31", -1),
    ])
    func readsAndWritesDays(_ text: String, _ days: Int) throws {
        let day = try #require(ReportDay(parsing: text))
        #expect(day.daysSinceEpoch == days)
        #expect(day.description == text)
        #expect(day.unixTime == Double(days) * 86_400)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-11-31", "2026-11-2", "26-11-20", "2026/11/20", "", "2026-11-20T00:00:00"])
    func refusesWhatIsNotACalendarDay(_ text: String) {
        #expect(ReportDay(parsing: text) == nil)
    }

    @Test func roundTripsEveryDayOfFourHundredYears() {
        let start = ReportDay(year: 1900, month: 1, day: 1)!.daysSinceEpoch
        var mismatches: [Int] = []
        for days in stride(from: start, to: start + 146_097, by: 1) {
            let day = ReportDay(daysSinceEpoch: days)
            let (year, month, dayOfMonth) = day.components
            if ReportDay(year: year, month: month, day: dayOfMonth) != day { mismatches.append(days) }
        }
        #expect(mismatches.isEmpty)
    }

    @Test func takesTheUTCDayOfAUnixTime() {
        #expect(ReportDay(unixTime: 1_795_132_800 + 86_399).description == "2026-11-20")
        #expect(ReportDay(unixTime: -1).description == "1969-12-31")
    }
}
