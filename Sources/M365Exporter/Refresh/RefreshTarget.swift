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
        case report(ReportAsked, source: any ReportSource)
        /// Runs a collector, every `interval` (its own, not the reports').
        case collector(CollectorKind, interval: Duration, source: any CollectorSource)
    }

    init(tenant: String, definition: ReportDefinition, periods: [ReportPeriod], source: any ReportSource) {
        self.init(tenant: tenant, asked: ReportAsked(definition: definition, periods: periods), source: source)
    }

    /// `asked` may be shared by every tenant's target of the same report.
    init(tenant: String, asked: ReportAsked, source: any ReportSource) {
        self.tenant = tenant
        work = .report(asked, source: source)
    }

    init(tenant: String, collector: CollectorKind, interval: Duration, source: any CollectorSource) {
        self.tenant = tenant
        work = .collector(collector, interval: interval, source: source)
    }

    var key: StatusKey { StatusKey(tenant: tenant, report: name) }

    /// The report function, or the collector's status name.
    var name: String {
        switch work {
        case .report(let asked, _): asked.definition.function
        case .collector(let kind, _, _): kind.statusName
        }
    }

    var definition: ReportDefinition? {
        if case .report(let asked, _) = work { return asked.definition }
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
        case .report(let asked, _): ReportStatus(tenant: tenant, report: asked.definition.function)
        case .collector(let kind, _, _): ReportStatus(tenant: tenant, collector: kind)
        }
    }

    /// Whether `other` fetches the same thing, so that a reload keeps this
    /// target's values and schedule (its source, and with it the
    /// credentials, may still be new).
    func fetchesTheSame(as other: RefreshTarget) -> Bool {
        guard key == other.key, identity == other.identity else { return false }
        switch (work, other.work) {
        case (.report(let asked, _), .report(let other, _)):
            return asked.definition == other.definition && asked.periods == other.periods
        case (.collector(let kind, let interval, _), .collector(let otherKind, let otherInterval, _)):
            return kind == otherKind && interval == otherInterval
        default:
            return false
        }
    }
}

/// Identifies the status of one report of one tenant.
typealias StatusKey = ReportKey

/// A report and the periods asked for it: the same for every tenant that
/// asks for it, so kept once and shared by their targets (136 bytes of
/// definition that every one of a thousand tenants' entries held a copy of).
final class ReportAsked: Sendable {
    let definition: ReportDefinition
    let periods: [ReportPeriod]

    init(definition: ReportDefinition, periods: [ReportPeriod]) {
        self.definition = definition
        self.periods = periods
    }
}
