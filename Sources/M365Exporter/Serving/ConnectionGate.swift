import Synchronization

/// Counts the listener's open connections against `--web.max-connections`.
/// A connection over the limit is refused at once rather than queued: a
/// flood of idle connections must not hold descriptors the process needs
/// for Graph requests, and closing is the cheapest answer there is.
final class ConnectionGate: Sendable {
    /// Connections held at most.
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place for a new connection; false when all are taken.
    func enter() -> Bool {
        if open.wrappingAdd(1, ordering: .relaxed).newValue > limit {
            open.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives back the place of a closed connection.
    func leave() {
        open.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Connections open now.
    var count: Int { open.load(ordering: .relaxed) }
}
