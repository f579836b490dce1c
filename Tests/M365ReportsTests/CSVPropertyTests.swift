import M365Reports
import M365TestSupport
import PropertyBased
import Testing

/// Properties of the CSV reader and the report parser over generated input:
/// no input crashes them, every well-formed table reads back exactly as
/// written, and a well-formed report parses to exactly the numbers in it,
/// whatever its column order, quoting and line ends.
@Suite struct CSVPropertyTests {
    /// Bytes that matter to a CSV reader, with UTF-8 lead and continuation
    /// bytes and the byte order mark's, so that short inputs hit every branch.
    static let csvBytes: [UInt8] = Array("\",\r\n ab1-0.9eE+\t".utf8) + [0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0x80, 0xFF, 0x00]

    @Test func noInputCrashesTheReaderOrTheParser() async {
        let bytes = Gen.element(of: Self.csvBytes).compactMap { $0 }.array(of: 0...300)
        await propertyCheck(count: 2000, input: bytes) { body in
            _ = try? CSVReader.read(body)
            for definition in ReportCatalog.seedReports {
                guard let parsed = try? ReportParser.parse(csv: body, as: definition) else { continue }
                for row in parsed.rows {
                    #expect(row.values.allSatisfy { $0.map { $0.isFinite && $0 >= 0 } ?? true })
                }
            }
        }
    }

    @Test func noReportBodyWithAValidHeaderCrashesTheParser() async {
        // A real header followed by noise reaches the row and cell checks.
        let header = Array("Report Refresh Date,Total,Active,Report Date,Report Period\r\n".utf8)
        let noise = Gen.element(of: Self.csvBytes + Array("2026-11-19".utf8)).compactMap { $0 }.array(of: 0...200)
        let groups = ReportCatalog.definition(named: "getOffice365GroupsActivityGroupCounts")!
        await propertyCheck(count: 2000, input: noise) { tail in
            _ = try? ReportParser.parse(csv: header + tail, as: groups)
        }
    }

    /// Field text with every character that needs quoting, and some that do not.
    static let fieldText = Gen.element(of: Array("ab Z09,\"\r\n;é日-'\t")).compactMap { $0 }.string(of: 0...8)

    @Test func everyWellFormedTableReadsBackAsWritten() async {
        // Two to five columns: a record of one empty field is a blank line.
        let table = zip(Gen.int(in: 2...5), Self.fieldText.array(of: 5), Self.fieldText.array(of: 5).array(of: 0...6))
            .map { table in (Array(table.1.prefix(table.0)), table.2.map { Array($0.prefix(table.0)) }) }
        let style = zip(Gen.bool, Gen.bool, Gen.bool)
        await propertyCheck(count: 500, input: table, style) { table, style in
            let (header, rows) = table
            var csv = ReportCSV(header: header, rows: rows)
            csv.byteOrderMark = style.0
            csv.lineEnd = style.1 ? "\r\n" : "\n"
            csv.quoteEverything = style.2
            let read = try? CSVReader.read(csv.bytes)
            #expect(read?.header == header)
            #expect(read?.records.map(\.fields) == rows)
        }
    }

    @Test func aWellFormedReportParsesToExactlyItsNumbers() async throws {
        let groups = try #require(ReportCatalog.definition(named: "getOffice365GroupsActivityGroupCounts"))
        // Rows: (days back from a fixed day, total, active); an extra unknown column; any column order.
        let rows = zip(Gen.int(in: 0...400), Gen.int(in: 0...2_000_000_000), Gen.int(in: 0...2_000_000_000)).array(of: 1...12)
        let order = Gen.shuffled(["Report Refresh Date", "Total", "Active", "Report Date", "Report Period", "Unknown Column"])
        await propertyCheck(count: 300, input: rows, order, Gen.bool) { rows, order, quoted in
            let refresh = ReportDay(year: 2026, month: 11, day: 20)!
            let cells: [[String: String]] = rows.map { back, total, active in
                [
                    "Report Refresh Date": refresh.description, "Total": String(total), "Active": String(active),
                    "Report Date": refresh.adding(days: -back - 1).description, "Report Period": "7",
                    "Unknown Column": "x,\"y\"",
                ]
            }
            var csv = ReportCSV(header: order, rows: cells.map { row in order.map { row[$0]! } })
            csv.quoteEverything = quoted
            let parsed: ParsedReport
            do {
                parsed = try ReportParser.parse(csv: csv.bytes, as: groups)
            } catch {
                Issue.record("a well-formed report was refused: \(error)")
                return
            }
            #expect(parsed.missingColumns.isEmpty)
            #expect(parsed.rows.map(\.values) == rows.map { [Double($0.1), Double($0.2)] })
            #expect(parsed.rows.map { $0.reportDate } == rows.map { refresh.adding(days: -$0.0 - 1) })
            // The exported row is the newest day; of equal days, the last in the body.
            let newest = rows.map(\.0).min()!
            let expected = rows.lastIndex { $0.0 == newest }!
            #expect(parsed.latestRow?.values == [Double(rows[expected].1), Double(rows[expected].2)])
        }
    }

    /// Cells that are not counts; none may ever become a number.
    static let notCounts = ["n/a", "-1", "+5", "1e400", "12abc", "NaN", "nan", "inf", "0x10", "1,5", "١٢", "½", "1 2", "--", ".", "e5"]

    @Test func aCellThatIsNotACountFailsTheReportAndNamesIt() async throws {
        let groups = try #require(ReportCatalog.definition(named: "getOffice365GroupsActivityGroupCounts"))
        let cells = Gen.element(of: Self.notCounts).compactMap { $0 }
        await propertyCheck(count: 300, input: cells, Gen.int(in: 0...4), Gen.bool) { cell, row, active in
            var rows: [[String]] = []
            for index in 0..<5 {
                let day: String = "2026-11-1" + String(index)
                rows.append(["2026-11-20", String(100 + index), String(50 + index), day, "7"])
            }
            rows[row][active ? 2 : 1] = cell
            let body = ReportCSV(header: ["Report Refresh Date", "Total", "Active", "Report Date", "Report Period"], rows: rows).bytes
            do {
                _ = try ReportParser.parse(csv: body, as: groups)
                Issue.record("\"\(cell)\" was read as a count")
            } catch let error as ReportParseError {
                #expect(error.line == row + 2)
                #expect(error.column == (active ? "Active" : "Total"))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
