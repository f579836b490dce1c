/// The workload a report belongs to, as users name them when choosing
/// reports (`--reports teams,copilot`).
public enum ReportGroup: String, Sendable, Hashable, CaseIterable {
    case teams
    case exchange
    case copilot
    case onedrive
    case sharepoint
    case yammer
    case skype
    /// Microsoft 365 as a whole: active users, apps, activations, groups,
    /// Forms and browsers.
    case office
}
