/// The outcome of the last configuration load, at start or on reload, as
/// `m365_exporter_config_last_reload_successful` and
/// `m365_exporter_config_last_reload_success_timestamp_seconds` expose it.
public struct ConfigReloadStatus: Sendable, Equatable {
    /// Whether the last load succeeded (a failed reload keeps the running
    /// configuration, and this turns false until a load succeeds).
    public var successful: Bool
    /// Unix time of the last successful load.
    public var lastSuccess: Double

    public init(successful: Bool, lastSuccess: Double) {
        self.successful = successful
        self.lastSuccess = lastSuccess
    }
}
