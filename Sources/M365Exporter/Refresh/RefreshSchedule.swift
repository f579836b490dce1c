/// When each target refreshes: once at once when it appears, then in its own
/// slot of every interval. Slots are spread evenly over the interval, so
/// that a thousand tenants make a steady trickle of Graph requests rather
/// than a burst each interval, and stay even as targets come and go with
/// reloads: target number `n` gets the slot at fraction `n·φ mod 1` of the
/// interval (φ the golden ratio), the sequence that keeps any number of
/// consecutive points nearly evenly spaced.
struct RefreshSchedule: Sendable {
    /// The instant slots are counted from.
    let epoch: ContinuousClock.Instant

    /// The slot fraction of the `sequence`-th target, in `0..<1`.
    static func slot(_ sequence: Int) -> Double {
        let goldenRatioConjugate = 0.618_033_988_749_894_9
        let value = Double(sequence) * goldenRatioConjugate
        return value - value.rounded(.down)
    }

    /// The first slot of a target with slot fraction `slot` at or after
    /// `earliest`. The refresher asks for the first slot half an interval
    /// after a refresh started, so that two refreshes are never closer.
    func next(notBefore instant: ContinuousClock.Instant, slot: Double, interval: Duration) -> ContinuousClock.Instant {
        let seconds = interval.seconds
        let earliest = (instant - epoch).seconds
        let cycles = ((earliest / seconds) - slot).rounded(.up)
        let at = (cycles + slot) * seconds
        return epoch + .milliseconds(Int64((at * 1000).rounded(.up)))
    }
}
