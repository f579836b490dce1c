/// Builds report bodies the way Graph writes them: a UTF-8 byte order mark,
/// CRLF line ends, fields quoted where needed (or always, to test quoting).
public struct ReportCSV: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public var byteOrderMark = true
    public var lineEnd = "\r\n"
    public var quoteEverything = false

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    public var bytes: [UInt8] {
        var text = ""
        for record in [header] + rows {
            text += record.map(field).joined(separator: ",") + lineEnd
        }
        return (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    private func field(_ value: String) -> String {
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        let needsQuotes = quoteEverything || value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
