/// Sizes as Prometheus' flags write them (`16MiB`, `512KB`, `1GiB`, or bytes):
/// every unit is a power of two, as in Prometheus' `units.Base2Bytes`.
public enum ByteSize {
    /// The smallest size accepted: a limit under a kilobyte would refuse every answer.
    public static let minimum = 1024

    /// The size in bytes, or `nil` for text that is not a size of at least ``minimum``.
    public static func parse(_ text: String) -> Int? {
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30),
            ("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("B", 1),
        ]
        var number = Substring(text)
        var multiplier = 1
        for (suffix, factor) in units where number.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            multiplier = factor
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(number) else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow, bytes >= minimum else { return nil }
        return bytes
    }

    /// `16MiB` rather than `16777216` where the size is a whole number of a unit.
    public static func format(_ bytes: Int) -> String {
        for (suffix, factor) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return "\(bytes)B"
    }
}
