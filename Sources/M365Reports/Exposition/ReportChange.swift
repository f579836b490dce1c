/// What changed about one report of one tenant since the last render.
public enum ReportChange: Sendable {
    /// Its state changed; `values` are its new value series, or `nil` if
    /// they stay as they were (a failed refresh keeps the last good ones).
    case updated(ReportStatus, values: [Sample]?)
    /// The report is no longer exported: every series of it goes.
    case removed
}
