import M365Reports
import Testing

@Suite struct ReportPeriodTests {
    @Test func readsACommaSeparatedListInOrderWithoutRepeats() throws {
        #expect(try ReportPeriod.parseList("D30, d7,D30,D180") == [.d30, .d7, .d180])
    }

    @Test(arguments: ["D8", "", "D7,", "7"])
    func namesTheBadItem(_ text: String) {
        #expect(throws: ReportPeriodListError.self) { try ReportPeriod.parseList(text) }
        do {
            _ = try ReportPeriod.parseList(text)
        } catch {
            #expect(error.description.contains("D7, D30, D90, D180"))
        }
    }
}
