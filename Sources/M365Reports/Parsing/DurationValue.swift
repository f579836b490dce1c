/// The strict reading of a duration cell, in seconds: ISO 8601 as Graph
/// writes it (`PT1H2M3.5S`, `P1DT2H`), `hh:mm:ss` (hours may exceed 24), or
/// a plain number of seconds (the `… In Seconds` columns). Anything else is
/// not a duration. Our own because Foundation's formatters read neither
/// form strictly.
enum DurationValue {
    static func parse(_ text: String) -> Double? {
        if let seconds = CountValue.parse(text) { return seconds }
        if text.first == "P" || text.first == "p" { return iso8601(text) }
        if text.contains(":") { return clock(text) }
        return nil
    }

    /// `PnDTnHnMnS` (weeks, years and months are not used by Graph and are
    /// refused: a month has no fixed length).
    private static func iso8601(_ text: String) -> Double? {
        var total = 0.0
        var number = ""
        var inTime = false
        var sawComponent = false
        var lastRank = 0
        for character in text.uppercased().dropFirst() {
            switch character {
            case "0"..."9", ".":
                number.append(character)
            case "T":
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
            case "D", "H", "M", "S":
                guard let value = CountValue.parse(number) else { return nil }
                let (rank, factor): (Int, Double) = switch (character, inTime) {
                case ("D", false): (1, 86_400)
                case ("H", true): (2, 3_600)
                case ("M", true): (3, 60)
                case ("S", true): (4, 1)
                default: (0, 0)
                }
                guard rank > lastRank else { return nil }
                lastRank = rank
                total += value * factor
                number = ""
                sawComponent = true
            default:
                return nil
            }
        }
        guard sawComponent, number.isEmpty, !(inTime && lastRank < 2) else { return nil }
        return total
    }

    /// `h:mm:ss` or `hh:mm:ss(.fff)`.
    private static func clock(_ text: String) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let hours = CountValue.parse(String(parts[0])), hours == hours.rounded(),
              parts[1].count == 2, let minutes = CountValue.parse(String(parts[1])), minutes < 60,
              parts[2].count >= 2, let seconds = CountValue.parse(String(parts[2])), seconds < 60
        else { return nil }
        return hours * 3_600 + minutes * 60 + seconds
    }
}
