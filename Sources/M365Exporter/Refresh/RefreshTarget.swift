import M365Reports

/// One report of one tenant, refreshed on its own schedule.
struct RefreshTarget: Sendable {
    let tenant: String
    let definition: ReportDefinition
    /// The periods to fetch: every configured one for reports that label the
    /// period, else one (the shortest, the smallest answer).
    let periods: [ReportPeriod]
    let source: any ReportSource

    var key: StatusKey { StatusKey(tenant: tenant, report: definition.function) }

    /// Whether `other` fetches the same thing, so that a reload keeps this
    /// target's values and schedule (its source, and with it the
    /// credentials, may still be new).
    func fetchesTheSame(as other: RefreshTarget) -> Bool {
        key == other.key && definition == other.definition && periods == other.periods
    }
}

/// Identifies the status of one report of one tenant.
typealias StatusKey = ReportKey
