/// A counting semaphore for async code: at most `limit` holders at once,
/// waiters served in arrival order. Bounds the Graph requests in flight
/// across all tenants (`--graph.max-concurrency`).
public actor RequestLimiter {
    public let limit: Int
    private var inUse = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    public init(limit: Int) {
        precondition(limit > 0, "a request limit must be positive")
        self.limit = limit
    }

    /// Runs `body` while holding one place.
    public func withPlace<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }

    /// Places taken right now.
    public var placesInUse: Int { inUse }

    private func acquire() async throws {
        if inUse < limit, waiters.isEmpty {
            inUse += 1
            return
        }
        nextID += 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func release() {
        if waiters.isEmpty {
            inUse -= 1
        } else {
            // The place passes straight to the next waiter.
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
