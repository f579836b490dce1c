import Foundation

/// The landing page's HTML made the same at every run, for its picture in
/// docs/: the demo's report dates move with the calendar (the newest day is
/// always two days ago) and the data age and last refresh with the clock,
/// so those cells get fixed values. Everything else (markup, style, tenants,
/// reports, states, version) stays as the exporter served it, so a change to
/// any of it shows in the picture.
enum LandingPageSnapshot {
    /// The value each clock-dependent column of the report table shows in the picture.
    static let fixedCells = ["Report date": "2026-11-20", "Data age": "2d 12h", "Last refresh": "1m ago"]

    static func fixingTheClock(_ html: String) -> String {
        var columns: [Int: String] = [:]
        var lines: [String] = []
        for line in html.components(separatedBy: "\n") {
            let headers = line.matches(of: #/<th[^>]*>(.*?)</th>/#).map { String($0.1) }
            if !headers.isEmpty {
                for (index, header) in headers.enumerated() {
                    if let value = fixedCells[header] { columns[index] = value }
                }
                lines.append(line)
                continue
            }
            var fixed = line
            // From the last cell back, so that the earlier ranges stay valid.
            for (index, cell) in line.matches(of: #/<td[^>]*>(.*?)</td>/#).enumerated().reversed() {
                if let value = columns[index] { fixed.replaceSubrange(cell.1.startIndex..<cell.1.endIndex, with: value) }
            }
            lines.append(fixed)
        }
        return lines.joined(separator: "\n")
    }
}
