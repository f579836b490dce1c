/// The log line formats of `--log.format`, as Prometheus spells them.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `ts=… level=info msg="…" key=value`
    case logfmt
    /// One JSON object per line.
    case json
}
