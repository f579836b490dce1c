/// Durations spelled as Prometheus and Go spell them: `30s`, `5m`, `1h`,
/// `1h30m`, `500ms`, and `d`/`w` as Prometheus adds them.
public enum GoDuration {
    /// Longest duration `parse` returns: Go's own bound (an `int64` of
    /// nanoseconds, about 292 years). Anything longer is a typo, and
    /// refusing it here keeps a reloaded file from trapping in an
    /// integer conversion.
    public static let maximum: Duration = .seconds(Int64.max / 1_000_000_000)

    /// The duration of `text`, or `nil` when it is not a duration or is
    /// longer than ``maximum``.
    public static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Double)] = [
            ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800),
        ]
        var rest = Substring(text)
        guard !rest.isEmpty, text.utf8.count <= 64 else { return nil }
        var total = 0.0
        let limit = Double(maximum.components.seconds)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number), value.isFinite else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.sorted(by: { $0.suffix.count > $1.suffix.count })
                .first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            total += value * unit.seconds
            // Checked before every conversion: Int64(_: Double) traps past its range.
            guard total.isFinite, total <= limit else { return nil }
        }
        return .milliseconds(Int64((total * 1000).rounded()))
    }

    /// The shortest spelling of a whole number of seconds, e.g. `1h30m`.
    public static func format(_ duration: Duration) -> String {
        var seconds = duration.components.seconds
        if seconds == 0 { return "0s" }
        var text = ""
        for (unit, size) in [("h", Int64(3600)), ("m", 60), ("s", 1)] where seconds >= size {
            text += "\(seconds / size)\(unit)"
            seconds %= size
        }
        return text
    }
}
