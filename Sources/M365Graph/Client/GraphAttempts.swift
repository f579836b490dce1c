import FoundationEssentials
import Logging

/// What every attempt of a Graph request goes through before and after its
/// ``GraphExchange``, for the report client and the JSON client alike: the
/// throttle gate of its resource (a `Retry-After` kept across refreshes), a
/// bearer token, and the retry policy's back-off after a failure worth
/// another attempt.
struct GraphAttempts: Sendable {
    let tokens: TokenProvider
    let retry: RetryPolicy
    let gate: ThrottleGate

    /// Waits while `resource`'s gate is closed; a wait longer than the
    /// policy's longest delay ends the request as throttled instead.
    func waitForGate(_ resource: String, record: GraphReportClient.EventRecorder) async throws(GraphError) {
        guard let until = await gate.closedUntil(resource) else { return }
        let wait = until - .now
        guard wait <= retry.maxDelay else {
            throw .throttled(retryAfterSeconds: Int(wait.seconds.rounded(.up)))
        }
        let started = ContinuousClock.now
        do {
            try await Task.sleep(until: until, clock: .continuous)
        } catch {
            await record(.throttled(.now - started))
            throw .transport("cancelled")
        }
        await record(.throttled(.now - started))
    }

    /// A token for the next attempt, its failure as the request's.
    func token() async throws(GraphError) -> AccessToken {
        do {
            return try await tokens.token()
        } catch let error as TokenError {
            throw .token(error)
        } catch {
            throw .transport(String(describing: error))
        }
    }

    /// Counts a retryable failure and waits the policy's back-off before the
    /// next attempt, or ends the request with `failure` when the attempts are spent.
    func backOff(
        _ failures: inout Int, _ reason: RetryReason, _ failure: GraphError, logger: Logger,
        record: GraphReportClient.EventRecorder
    ) async throws(GraphError) {
        failures += 1
        guard failures < retry.maxAttempts else { throw failure }
        let delay = retry.backoff(afterAttempt: failures)
        await record(.retry(reason))
        logger.debug("retrying after failure", metadata: ["reason": "\(failure)", "delay": "\(delay)"])
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw .transport("cancelled")
        }
    }
}
