/// How a report cell is read into a sample value, and the unit the metric's
/// name states. Prometheus wants base units, so every conversion ends in one.
public enum ValueUnit: String, Sendable, Hashable {
    /// A plain count (`42`).
    case count
    /// A number of bytes (`Storage Used (Byte)`); the metric name ends in `_bytes`.
    case bytes
    /// A duration written as ISO 8601 (`PT1H2M3S`), as `hh:mm:ss` (`01:02:03`)
    /// or as a number of seconds, exported in seconds; the metric name ends
    /// in `_seconds`.
    case seconds
    /// A number of minutes (the Skype for Business minute counts), exported
    /// in seconds; the metric name ends in `_seconds`.
    case minutes
}
