/// The demo has no sample data for a report.
struct DemoDataMissing: Error, CustomStringConvertible {
    let report: String
    let file: String
    var description: String { "no demo data for report \(report) (DemoData/\(file))" }
}
