import M365Reports
import Testing

/// The answer counts keep four codes in place and more in a dictionary:
/// either way they count, list and compare as a dictionary of codes would.
@Suite struct GraphAnswerCountsTests {
    @Test func countsEveryCodeAndListsThemByCodeWhereverTheyAreKept() {
        var counts = GraphAnswerCounts()
        #expect(counts.isEmpty)
        // Six kinds of answer: four in place, two beyond.
        for code in [302, 200, 302, 503, 429, 200, 401, 304, 302] {
            counts[code, default: 0] += 1
        }
        #expect(!counts.isEmpty)
        #expect(counts.map(\.code) == [200, 302, 304, 401, 429, 503])
        #expect(counts.map(\.count) == [2, 3, 1, 1, 1, 1])
        #expect(counts[302] == 3)
        #expect(counts[304] == 1)
        #expect(counts[404] == nil)
        #expect(counts[404, default: 7] == 7)
    }

    @Test func fourCodesInPlaceAreListedByCodeWhateverTheOrderTheyCameIn() {
        var counts = GraphAnswerCounts()
        for code in [503, 429, 429, 302, 302, 302, 200, 200, 200, 200] {
            counts[code, default: 0] += 1
        }
        #expect(counts.map(\.code) == [200, 302, 429, 503])
        #expect(counts.map(\.count) == [4, 3, 2, 1])
        #expect(Array(counts).map(\.code) == [200, 302, 429, 503])
    }

    @Test func aCodeOutsideTheInPlaceRangeIsCountedToo() {
        var counts: GraphAnswerCounts = [0: 1, 70_000: 2, -1: 3]
        counts[70_000, default: 0] += 1
        #expect(counts.map(\.code) == [-1, 0, 70_000])
        #expect(counts.map(\.count) == [3, 1, 3])
    }

    @Test func countsCompareByCodesAndCountsNotByWhereTheyAreKept() {
        var first = GraphAnswerCounts()
        var second = GraphAnswerCounts()
        for code in [200, 302, 304, 429, 503] { first[code, default: 0] += 1 }
        for code in [503, 429, 304, 302, 200] { second[code, default: 0] += 1 }
        #expect(first == second)
        #expect(first == [200: 1, 302: 1, 304: 1, 429: 1, 503: 1])
        second[200, default: 0] += 1
        #expect(first != second)
        #expect(GraphAnswerCounts() == [:])
        #expect(GraphAnswerCounts() != [200: 0])
    }
}
