/// Turns the CSV body of a report answer into a ``ParsedReport``, matching
/// the header by name (never by position: real answers have reordered and
/// renamed columns). Anything that cannot be read for certain is an error, so
/// that a wrong number is never published.
public enum ReportParser {
    static let refreshDateColumn = "Report Refresh Date"
    static let reportDateColumn = "Report Date"
    static let reportPeriodColumn = "Report Period"

    /// Parses an answer in the shape the entry's request says Graph gives
    /// (CSV, or JSON with the rows at its array path).
    public static func parse(answer body: [UInt8], as definition: ReportDefinition) throws(ReportParseError) -> ParsedReport {
        guard case .json(let path) = definition.request.answer else { return try parse(csv: body, as: definition) }
        let table: CSVTable
        do {
            table = try JSONReportTable.read(body, path: path)
        } catch {
            throw ReportParseError(report: definition.function, problem: error.problem)
        }
        // A JSON answer without rows has no header either: no data, as a
        // CSV header without rows.
        if table.records.isEmpty {
            return ParsedReport(function: definition.function, rows: [], missingColumns: [])
        }
        return try parse(table: table, as: definition)
    }

    /// Parses a CSV body. A header without rows is a valid answer with no data.
    public static func parse(csv body: [UInt8], as definition: ReportDefinition) throws(ReportParseError) -> ParsedReport {
        let table: CSVTable
        do {
            table = try CSVReader.read(body)
        } catch {
            throw ReportParseError(report: definition.function, problem: "not a readable CSV: \(error)")
        }
        return try parse(table: table, as: definition)
    }

    /// Reads the records of a table against the entry, by header name.
    static func parse(table: CSVTable, as definition: ReportDefinition) throws(ReportParseError) -> ParsedReport {
        let report = definition.function
        let header = HeaderIndex(table.header)
        guard let refreshIndex = header.index(of: [refreshDateColumn]) else {
            throw ReportParseError(
                report: report, line: 1,
                problem: "no \"\(refreshDateColumn)\" column; header starts \(preview(table.header))")
        }
        var reportDateIndex: Int?
        if definition.dayColumn == .reportDate {
            guard let index = header.index(of: [reportDateColumn]) else {
                throw ReportParseError(
                    report: report, line: 1,
                    problem: "no \"\(reportDateColumn)\" column; header starts \(preview(table.header))")
            }
            reportDateIndex = index
        }
        let periodIndex = header.index(of: [reportPeriodColumn])
        if definition.labelsAnsweredPeriod, periodIndex == nil {
            throw ReportParseError(
                report: report, line: 1,
                problem: "no \"\(reportPeriodColumn)\" column; header starts \(preview(table.header))")
        }
        var labelIndexes: [Int] = []
        for labelColumn in definition.labelColumns {
            // Without its label column a report's rows of one day could not be
            // told apart: refuse the answer rather than mix them up.
            guard let index = header.index(of: labelColumn.names) else {
                throw ReportParseError(
                    report: report, line: 1,
                    problem: "no \"\(labelColumn.column)\" column; header starts \(preview(table.header))")
            }
            labelIndexes.append(index)
        }
        let valueIndexes = definition.columns.map { header.index(of: $0.names) }
        let missing = zip(definition.columns, valueIndexes).compactMap { $1 == nil && !$0.optional ? $0.column : nil }

        var rows: [ReportRow] = []
        rows.reserveCapacity(table.records.count)
        for record in table.records {
            guard record.fields.count == table.header.count else {
                throw ReportParseError(
                    report: report, line: record.line,
                    problem: "\(record.fields.count) fields where the header has \(table.header.count)")
            }
            func date(_ index: Int, _ column: String) throws(ReportParseError) -> ReportDay {
                let cell = record.fields[index]
                guard let day = ReportDay(parsing: cell.trimmingASCIIWhitespace()) else {
                    throw ReportParseError(
                        report: report, line: record.line, column: column,
                        problem: "\"\(clip(cell))\" is not a date (YYYY-MM-DD)")
                }
                return day
            }
            let refreshDate = try date(refreshIndex, refreshDateColumn)
            let reportDate = try reportDateIndex.map { (index) throws(ReportParseError) in try date(index, reportDateColumn) }
            var periodDays: Int?
            if let periodIndex {
                let cell = record.fields[periodIndex].trimmingASCIIWhitespace()
                let digits = cell.hasPrefix("D") || cell.hasPrefix("d") ? String(cell.dropFirst()) : cell
                guard let days = Int(digits), days > 0 else {
                    throw ReportParseError(
                        report: report, line: record.line, column: reportPeriodColumn,
                        problem: "\"\(clip(cell))\" is not a report period")
                }
                periodDays = days
            }
            var labels: [Label] = []
            // Rows of one answer that differ by period are told apart by it.
            if definition.labelsAnsweredPeriod, let periodDays { labels.append(Label("period", "D\(periodDays)")) }
            for (labelColumn, index) in zip(definition.labelColumns, labelIndexes) {
                let cell = record.fields[index].trimmingASCIIWhitespace()
                guard let value = LabelColumn.labelValue(of: cell) else {
                    throw ReportParseError(
                        report: report, line: record.line, column: labelColumn.column,
                        problem: "\"\(clip(cell))\" is not a \(labelColumn.column)")
                }
                labels.append(Label(labelColumn.label, value))
            }
            var values: [Double?] = []
            values.reserveCapacity(valueIndexes.count)
            for (mapping, index) in zip(definition.columns, valueIndexes) {
                guard let index else {
                    values.append(nil)
                    continue
                }
                let cell = record.fields[index].trimmingASCIIWhitespace()
                if cell.isEmpty {
                    values.append(nil)
                    continue
                }
                guard let value = Self.value(of: cell, unit: mapping.unit) else {
                    throw ReportParseError(
                        report: report, line: record.line, column: table.header[index].trimmingASCIIWhitespace(),
                        problem: "\"\(clip(cell))\" is not \(Self.expected(mapping.unit)) (for \(mapping.metric))")
                }
                values.append(value)
            }
            rows.append(ReportRow(
                refreshDate: refreshDate, reportDate: reportDate, periodDays: periodDays,
                labels: labels, values: values, line: record.line))
        }
        return ParsedReport(function: report, rows: rows, missingColumns: missing)
    }

    /// A cell read in a column's unit.
    static func value(of cell: String, unit: ValueUnit) -> Double? {
        switch unit {
        case .count, .bytes: CountValue.parse(cell)
        case .seconds: DurationValue.parse(cell)
        case .minutes: CountValue.parse(cell).map { $0 * 60 }
        }
    }

    private static func expected(_ unit: ValueUnit) -> String {
        switch unit {
        case .count: "a count"
        case .bytes: "a number of bytes"
        case .seconds: "a duration (PT1H2M3S, hh:mm:ss or seconds)"
        case .minutes: "a number of minutes"
        }
    }

    private static func preview(_ header: [String]) -> String {
        let joined = header.prefix(3).joined(separator: ",")
        return "\"\(clip(joined))\""
    }

    /// Keeps error messages short when Graph sends a page of HTML.
    private static func clip(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
