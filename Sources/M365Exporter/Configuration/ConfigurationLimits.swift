/// The ranges every duration and count of the flags and the configuration
/// file must fall in. A value outside is refused with the range in the
/// message, at start (exit status 2) and on reload (the running
/// configuration stays): a typo such as `refresh_interval: 9999999h` must
/// not stop a healthy process or schedule nothing for centuries.
///
/// Kept apart from the YAML reading so that the checks hold whatever
/// library parses the file.
public enum ConfigurationLimits {
    /// `--refresh.interval`, `refresh_interval`: Graph updates the reports
    /// once a day, so a week is already far more than needed.
    public static let refreshInterval: ClosedRange<Duration> = .seconds(1) ... .seconds(7 * 86_400)
    /// `--graph.timeout`: one request to Graph or the token endpoint.
    public static let requestTimeout: ClosedRange<Duration> = .seconds(1) ... .seconds(3600)
    /// `--graph.max-concurrency`, `graph.max_concurrency`: Graph throttles
    /// far below this per app and tenant.
    public static let maxConcurrency: ClosedRange<Int> = 1 ... 1024
    /// `--web.max-connections`, `web.max_connections`.
    public static let maxConnections: ClosedRange<Int> = 1 ... 1_000_000
    /// `--web.request-timeout`, `web.request_timeout`: the whole of one
    /// request, head and body.
    public static let webRequestTimeout: ClosedRange<Duration> = .seconds(1) ... .seconds(3600)

    /// How a range reads in an error message: `1s to 168h`.
    public static func describe(_ range: ClosedRange<Duration>) -> String {
        "\(GoDuration.format(range.lowerBound)) to \(GoDuration.format(range.upperBound))"
    }

    /// How a range reads in an error message: `1 to 1024`.
    public static func describe(_ range: ClosedRange<Int>) -> String {
        "\(range.lowerBound) to \(range.upperBound)"
    }

    /// The duration `text` spells if it lies in `range`; otherwise why not.
    public static func duration(_ text: String, in range: ClosedRange<Duration>) -> Result<Duration, RangeError> {
        guard let duration = GoDuration.parse(text) else {
            return .failure(RangeError(message: "\"\(text)\" is not a duration from \(describe(range)) (30s, 5m, 1h)"))
        }
        guard range.contains(duration) else {
            return .failure(RangeError(message: "\"\(text)\" is outside \(describe(range))"))
        }
        return .success(duration)
    }

    /// The whole number `text` spells if it lies in `range`; otherwise why not.
    public static func count(_ text: String, in range: ClosedRange<Int>) -> Result<Int, RangeError> {
        guard let value = Int(text) else {
            return .failure(RangeError(message: "\"\(text)\" is not a whole number from \(describe(range))"))
        }
        guard range.contains(value) else {
            return .failure(RangeError(message: "\(value) is outside \(describe(range))"))
        }
        return .success(value)
    }

    /// Why a value was refused.
    public struct RangeError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
