@testable import M365Exporter
import Testing

@Suite struct RefreshScheduleTests {
    /// However many targets there are, their slots leave no gap in the
    /// interval much larger than an even spread would.
    @Test(arguments: [5, 50, 1000, 5000])
    func slotsSpreadEvenlyOverTheInterval(_ count: Int) {
        let slots = (1...count).map(RefreshSchedule.slot).sorted()
        #expect(slots.allSatisfy { (0..<1).contains($0) })
        var gaps = zip(slots.dropFirst(), slots).map { $0 - $1 }
        gaps.append(1 - slots.last! + slots.first!)
        // The golden-ratio sequence's largest gap stays under twice an even spread's.
        #expect(gaps.max()! < 2 / Double(count), "largest gap \(gaps.max()!) for \(count)")
    }

    @Test func theNextRefreshIsTheTargetsOwnSlot() {
        let epoch = ContinuousClock.now
        let schedule = RefreshSchedule(epoch: epoch)
        let interval = Duration.seconds(100)
        // Slot 0.25: at 25 s, 125 s, 225 s…
        #expect(schedule.next(notBefore: epoch, slot: 0.25, interval: interval) == epoch + .seconds(25))
        #expect(schedule.next(notBefore: epoch + .seconds(26), slot: 0.25, interval: interval) == epoch + .seconds(125))
        #expect(schedule.next(notBefore: epoch + .seconds(125), slot: 0.25, interval: interval) == epoch + .seconds(125))
        #expect(schedule.next(notBefore: epoch + .seconds(1000), slot: 0.9, interval: interval) == epoch + .seconds(1090))
    }
}
