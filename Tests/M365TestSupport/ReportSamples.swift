import Foundation
import M365Reports

/// A sample answer in Graph's format (byte order mark, CRLF, quoted fields
/// where real answers have them, rows out of date order) for every entry of
/// the built-in catalog, in `ReportSamples/<function>.csv` (`.json` where
/// the entry asks Graph for JSON), and the series
/// its newest day must give, in `ReportSamples/<function>.expected`
/// (`metric{labels} value` lines without the tenant label).
public enum ReportSamples {
    /// The Report Refresh Date of every sample, and its newest Report Date.
    public static let refreshDay = ReportDay(year: 2026, month: 11, day: 19)!
    public static let latestDay = ReportDay(year: 2026, month: 11, day: 18)!

    /// The sample answer: `<function>.csv`, or `<function>.json` for
    /// reports that Graph is asked for as JSON.
    public static func body(for function: String) throws -> [UInt8] {
        if let json = Bundle.module.url(forResource: function, withExtension: "json", subdirectory: "ReportSamples") {
            return Array(try Data(contentsOf: json))
        }
        return Array(try Data(contentsOf: try url(function, "csv")))
    }

    /// The expected series as `metric{tenant="…",labels}` → value, the
    /// tenant label first as the exporter writes it.
    public static func expectedSeries(for function: String, tenant: String) throws -> [String: Double] {
        let text = try String(contentsOf: try url(function, "expected"), encoding: .utf8)
        var series: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw SampleMissing(file: "\(function).expected: bad line \(line)")
            }
            let name = line[..<space]
            let tenantLabel = "tenant=\"\(tenant)\""
            if let brace = name.firstIndex(of: "{") {
                series["\(name[..<brace]){\(tenantLabel),\(name[name.index(after: brace)...])"] = value
            } else {
                series["\(name){\(tenantLabel)}"] = value
            }
        }
        return series
    }

    private static func url(_ function: String, _ ext: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: function, withExtension: ext, subdirectory: "ReportSamples") else {
            throw SampleMissing(file: "\(function).\(ext)")
        }
        return url
    }

    public struct SampleMissing: Error, CustomStringConvertible {
        public let file: String
        public var description: String { "no report sample Tests/M365TestSupport/ReportSamples/\(file)" }
    }
}
