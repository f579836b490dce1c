import M365Reports

/// Reads Graph's `Retry-After` header (RFC 9110 §10.2.3): a number of
/// seconds, or an HTTP date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`).
///
/// Our own rather than Foundation's `DateFormatter`: the format is fixed,
/// and a formatter depends on locale data and is not cheap to build per answer.
public enum RetryAfter {
    /// Longest wait read: more digits than that mean "not for a long time".
    public static let longest: Double = 315_360_000

    /// The seconds to wait from `now` (Unix time), between zero and
    /// ``longest``; `nil` when the value is neither a number of seconds nor
    /// an HTTP date.
    public static func seconds(_ value: String, now: Double) -> Double? {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let text = String(value.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return Double(text).map { min($0, longest) }
        }
        guard let date = unixTime(ofHTTPDate: text) else { return nil }
        return min(max(0, (date - now).rounded(.up)), longest)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Unix time of an IMF-fixdate; the day name is checked for form only.
    public static func unixTime(ofHTTPDate text: String) -> Double? {
        // "Sun, 06 Nov 1994 08:49:37 GMT"
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","),
              weekdays.contains(String(parts[0].dropLast())), parts[5] == "GMT",
              parts[1].count == 2, let day = digits(parts[1]),
              let monthIndex = months.firstIndex(of: String(parts[2])),
              parts[3].count == 4, let year = digits(parts[3]) else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = digits(clock[0]), let minute = digits(clock[1]), let second = digits(clock[2]),
              hour < 24, minute < 60, second < 61,
              let date = ReportDay(year: year, month: monthIndex + 1, day: day) else { return nil }
        return date.unixTime + Double(hour * 3600 + minute * 60 + second)
    }

    /// The IMF-fixdate of a Unix time (whole seconds), as servers send it.
    public static func httpDate(unixTime: Double) -> String {
        let seconds = Int(unixTime.rounded(.down))
        let day = ReportDay(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
        let secondOfDay = seconds - day.daysSinceEpoch * 86_400
        let (year, month, dayOfMonth) = day.components
        // 1970-01-01 was a Thursday.
        let weekday = weekdays[((day.daysSinceEpoch % 7 + 7) % 7 + 3) % 7]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(weekday), \(two(dayOfMonth)) \(months[month - 1]) \(yearText) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }

    private static func digits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(text)
    }
}
