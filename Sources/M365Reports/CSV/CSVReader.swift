/// An RFC 4180 reader for the CSV bodies of Graph's usage reports.
///
/// Our own rather than yaslab/CSV.swift or SwiftCSV: those accept a body cut
/// off inside a quoted field as if it were complete (CSV.swift 2.5 ends the
/// field at end of input; SwiftCSV does the same and keeps the byte order
/// mark), and a truncated download must fail the refresh, never yield a
/// shortened number. This reader works on UTF-8 bytes, removes the byte order
/// mark, accepts CRLF and LF, and reports the line of every problem.
public enum CSVReader {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Reads a whole document. Blank lines are skipped; the first non-blank
    /// record is the header.
    public static func read(_ bytes: [UInt8]) throws(CSVError) -> CSVTable {
        try bytes.withUnsafeBufferPointer { buffer throws(CSVError) in try read(buffer) }
    }

    private static func read(_ input: UnsafeBufferPointer<UInt8>) throws(CSVError) -> CSVTable {
        var index = 0
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { index = 3 }

        var line = 1
        var records: [CSVRecord] = []
        var fields: [String] = []
        var recordLine = 1

        func field(_ start: Int, _ end: Int, line: Int) throws(CSVError) -> String {
            let slice = UnsafeBufferPointer(rebasing: input[start..<end])
            guard let text = String(validating: slice, as: UTF8.self) else { throw .invalidUTF8(line: line) }
            return text
        }

        while index < input.count {
            if fields.isEmpty { recordLine = line }
            let byte = input[index]
            var endOfRecord = false
            if byte == quote {
                // Quoted field: "" is an escaped quote; CR and LF are content.
                let openedOn = line
                var text: [UInt8] = []
                index += 1
                var closed = false
                while index < input.count {
                    let c = input[index]
                    if c == quote {
                        if index + 1 < input.count, input[index + 1] == quote {
                            text.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if c == lf { line += 1 }
                    text.append(c)
                    index += 1
                }
                guard closed else { throw .unterminatedQuote(line: openedOn) }
                guard let value = String(validating: text, as: UTF8.self) else { throw .invalidUTF8(line: openedOn) }
                fields.append(value)
                if index < input.count {
                    switch input[index] {
                    case comma:
                        index += 1
                        if index == input.count { fields.append("") }
                    case cr, lf:
                        endOfRecord = true
                    default:
                        throw .textAfterClosingQuote(line: line)
                    }
                }
            } else {
                let start = index
                while index < input.count {
                    let c = input[index]
                    if c == comma || c == cr || c == lf { break }
                    if c == quote { throw .quoteInUnquotedField(line: line) }
                    index += 1
                }
                fields.append(try field(start, index, line: line))
                if index < input.count {
                    if input[index] == comma {
                        index += 1
                        if index == input.count { fields.append("") }
                    } else {
                        endOfRecord = true
                    }
                }
            }
            if endOfRecord {
                // CRLF, lone LF and lone CR all end a record.
                if input[index] == cr, index + 1 < input.count, input[index + 1] == lf { index += 1 }
                index += 1
                line += 1
                append(&fields, to: &records, line: recordLine)
            }
        }
        append(&fields, to: &records, line: recordLine)

        guard let header = records.first else { throw .empty }
        return CSVTable(header: header.fields, records: Array(records.dropFirst()))
    }

    /// Ends a record; a record that is one empty field is a blank line.
    private static func append(_ fields: inout [String], to records: inout [CSVRecord], line: Int) {
        defer { fields.removeAll(keepingCapacity: true) }
        if fields.isEmpty || (fields.count == 1 && fields[0].isEmpty) { return }
        records.append(CSVRecord(fields: fields, line: line))
    }
}
