@testable import M365Exporter
import M365Graph
import Testing

/// How soon a failed refresh is tried again: soon for a token blip, later
/// and within Graph's throttle budget for Graph's own failures, at the next
/// slot for what would fail again.
struct RefreshRetryTests {
    static let hour: Duration = .seconds(3600)

    @Test func aTransientTokenFailureIsTriedAgainInSecondsDoublingToTwoMinutes() {
        let failure = GraphError.token(.rejected(status: 503, error: "temporarily_unavailable", errorDescription: nil))
        // Between half and all of 5 s, 10 s, 20 s, 40 s, 80 s, then 120 s.
        let ceilings: [Double] = [5, 10, 20, 40, 80, 120, 120, 120]
        for (index, ceiling) in ceilings.enumerated() {
            for _ in 0..<50 {
                let delay = RefreshRetry.delay(after: failure, failures: index + 1, interval: Self.hour)!.seconds
                #expect(delay >= ceiling / 2 && delay <= ceiling, "failure \(index + 1): \(delay)")
            }
        }
        // Never longer than the interval.
        #expect(RefreshRetry.delay(after: failure, failures: 9, interval: .seconds(30))!.seconds <= 30)
    }

    @Test func whatWouldFailAgainWaitsForTheNextSlot() {
        let refusals: [any Error] = [
            GraphError.token(.rejected(status: 401, error: "invalid_client", errorDescription: "AADSTS7000215: Invalid client secret provided.")),
            GraphError.status(403, message: nil),
            GraphError.bodyTooLarge(limit: 16 << 20),
            GraphError.unsupported(cloud: "usgov", message: nil),
            CancellationError(),
        ]
        for error in refusals {
            #expect(RefreshRetry.delay(after: error, failures: 1, interval: Self.hour) == nil, "\(error)")
        }
    }

    /// Graph's budget: 14 CSV requests per 10 minutes per report, app and
    /// tenant. A refresh sends at most 4 requests per period to Graph; the
    /// shortest waits the back-off allows must keep any 10-minute window of
    /// failing refreshes within the budget.
    @Test func graphFailuresAreRetriedWithinTheThrottleBudget() {
        let failure = GraphError.status(503, message: nil)
        var tries: [Double] = [0]
        for failures in 1...8 {
            let shortest = (1...50).map { _ in
                RefreshRetry.delay(after: failure, failures: failures, interval: Self.hour)!.seconds
            }.min()!
            #expect(shortest >= 120 * Double(1 << (failures - 1)) || shortest >= 3600, "failure \(failures): \(shortest)")
            tries.append(tries.last! + shortest)
        }
        for start in tries {
            let inWindow = tries.filter { $0 >= start && $0 < start + 600 }.count
            #expect(inWindow * 4 <= 14, "\(inWindow) tries in the 10 minutes from \(start) s")
        }
    }
}
