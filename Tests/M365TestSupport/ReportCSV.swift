import Foundation

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

extension ReportCSV {
    /// A sample answer with its `Report Period` cells set to `days`, as
    /// Graph answers a request for that period. Rows whose field count is
    /// not the header's (quoted commas) are left as they are.
    public static func withReportPeriod(_ body: [UInt8], days: Int) -> [UInt8] {
        // Split on LF bytes: as Characters, CR LF is one and would not split.
        var lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard let headerLine = lines.first else { return body }
        let header = headerLine.replacingOccurrences(of: "\u{FEFF}", with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        guard let column = header.firstIndex(of: "Report Period") else { return body }
        for index in lines.indices.dropFirst() where !lines[index].isEmpty {
            let carriageReturn = lines[index].hasSuffix("\r")
            var fields = (carriageReturn ? String(lines[index].dropLast()) : lines[index])
                .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else { continue }
            fields[column] = String(days)
            lines[index] = fields.joined(separator: ",") + (carriageReturn ? "\r" : "")
        }
        return Array(lines.joined(separator: "\n").utf8)
    }
}
