/// Remembers, per report, the time before which Graph asked not to be
/// called again (`Retry-After`), so that no later request for that report
/// goes out early: not a retry within the refresh, not the next refresh,
/// not the next period of the same report. Graph counts its throttle budget
/// per app, tenant and report API, so one gate serves one tenant and holds
/// one time per report function.
public actor ThrottleGate {
    private var notBefore: [String: ContinuousClock.Instant] = [:]

    public init() {}

    /// The instant before which `report` must not be requested, if it is
    /// still in the future.
    public func closedUntil(_ report: String, now: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
        guard let until = notBefore[report] else { return nil }
        guard until > now else {
            notBefore[report] = nil
            return nil
        }
        return until
    }

    /// Closes the gate of `report` until `instant` (a later close wins).
    public func close(_ report: String, until instant: ContinuousClock.Instant) {
        if let current = notBefore[report], current >= instant { return }
        notBefore[report] = instant
    }
}
