import M365Reports
import Testing

@Suite struct CSVReaderTests {
    private func read(_ text: String, bom: Bool = false) throws -> CSVTable {
        try CSVReader.read((bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8))
    }

    @Test func removesTheByteOrderMarkFromTheFirstHeaderName() throws {
        let table = try read("Report Refresh Date,IM\r\n2026-11-19,4\r\n", bom: true)
        #expect(table.header == ["Report Refresh Date", "IM"])
        #expect(table.header[0].unicodeScalars.first == "R")
    }

    @Test(arguments: ["a,b\r\n1,2\r\n3,4\r\n", "a,b\n1,2\n3,4\n", "a,b\r1,2\r3,4", "a,b\n1,2\n3,4"])
    func acceptsEveryLineEnd(_ text: String) throws {
        let table = try read(text)
        #expect(table.header == ["a", "b"])
        #expect(table.records.map(\.fields) == [["1", "2"], ["3", "4"]])
    }

    @Test func readsQuotedFieldsWithDelimitersQuotesAndLineBreaks() throws {
        let table = try read("\"Report, Date\",\"Say \"\"hi\"\"\",\"two\r\nlines\"\r\n\"\",x,\"\"\r\n")
        #expect(table.header == ["Report, Date", "Say \"hi\"", "two\r\nlines"])
        #expect(table.records.map(\.fields) == [["", "x", ""]])
        #expect(table.records[0].line == 3)
    }

    @Test func skipsBlankLinesAndCountsLinesForErrors() throws {
        let table = try read("a,b\n\n1,2\n\n\n3,4\n")
        #expect(table.records.map(\.line) == [3, 6])
    }

    @Test func keepsATrailingEmptyField() throws {
        let table = try read("a,b\n1,")
        #expect(table.records.map(\.fields) == [["1", ""]])
    }

    @Test func refusesABodyCutOffInsideAQuotedField() {
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try read("a,b\n1,\"2\n3") }
    }

    @Test func refusesTextAfterAClosingQuote() {
        #expect(throws: CSVError.textAfterClosingQuote(line: 1)) { try read("\"a\"b,c\n") }
    }

    @Test func refusesAQuoteInsideAnUnquotedField() {
        #expect(throws: CSVError.quoteInUnquotedField(line: 2)) { try read("a\n1\"2\n") }
    }

    @Test func refusesBytesThatAreNotUTF8() {
        #expect(throws: CSVError.invalidUTF8(line: 2)) { try CSVReader.read(Array("a\n".utf8) + [0xFF, 0xFE]) }
    }

    @Test(arguments: ["", "\u{FEFF}", "\n\r\n"])
    func refusesAnEmptyBody(_ text: String) {
        #expect(throws: CSVError.empty) { try read(text) }
    }
}
