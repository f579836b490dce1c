import M365Reports

/// One report, or one collector, of one tenant, refreshed on its own schedule.
struct RefreshTarget: Sendable {
    let tenant: String
    let work: Work
    /// Whom the values come from: the directory tenant, the app, the login
    /// host and the Graph URL (empty in demo mode). Values fetched under
    /// another identity are never served under this one.
    var identity: String = ""
    /// A digest of the credential itself (secret, certificate, token file):
    /// a changed credential is tried at once, without dropping the values
    /// the same identity fetched.
    var credentialDigest: String = ""

    /// What a refresh of the target does.
    enum Work: Sendable {
        /// Fetches a report for each of `periods`: every configured one for
        /// reports that label the period, else one (the shortest, the
        /// smallest answer).
        case report(ReportDefinition, periods: [ReportPeriod], source: any ReportSource)
        /// Runs a collector, every `interval` (its own, not the reports').
        case collector(CollectorKind, interval: Duration, source: any CollectorSource)
    }

    init(tenant: String, definition: ReportDefinition, periods: [ReportPeriod], source: any ReportSource) {
        self.tenant = tenant
        work = .report(definition, periods: periods, source: source)
    }

    init(tenant: String, collector: CollectorKind, interval: Duration, source: any CollectorSource) {
        self.tenant = tenant
        work = .collector(collector, interval: interval, source: source)
    }

    var key: StatusKey { StatusKey(tenant: tenant, report: name) }

    /// The report function, or the collector's status name.
    var name: String {
        switch work {
        case .report(let definition, _, _): definition.function
        case .collector(let kind, _, _): kind.statusName
        }
    }

    var definition: ReportDefinition? {
        if case .report(let definition, _, _) = work { return definition }
        return nil
    }

    var collector: CollectorKind? {
        if case .collector(let kind, _, _) = work { return kind }
        return nil
    }

    /// The collector's own interval; `nil` for a report, which follows `--refresh.interval`.
    var ownInterval: Duration? {
        if case .collector(_, let interval, _) = work { return interval }
        return nil
    }

    /// The state of a target not yet refreshed.
    func initialStatus() -> ReportStatus {
        switch work {
        case .report(let definition, _, _): ReportStatus(tenant: tenant, report: definition.function)
        case .collector(let kind, _, _): ReportStatus(tenant: tenant, collector: kind)
        }
    }

    /// Whether `other` fetches the same thing, so that a reload keeps this
    /// target's values and schedule (its source, and with it the
    /// credentials, may still be new).
    func fetchesTheSame(as other: RefreshTarget) -> Bool {
        guard key == other.key, identity == other.identity else { return false }
        switch (work, other.work) {
        case (.report(let definition, let periods, _), .report(let otherDefinition, let otherPeriods, _)):
            return definition == otherDefinition && periods == otherPeriods
        case (.collector(let kind, let interval, _), .collector(let otherKind, let otherInterval, _)):
            return kind == otherKind && interval == otherInterval
        default:
            return false
        }
    }
}

/// Identifies the status of one report of one tenant.
typealias StatusKey = ReportKey
