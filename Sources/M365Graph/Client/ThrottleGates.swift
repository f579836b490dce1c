import Synchronization

/// The ``ThrottleGate`` of each app registration in a tenant, for the life
/// of the process. A configuration reload builds new Graph clients, but a
/// `Retry-After` that Graph gave still stands: the new client of the same
/// app and tenant gets the same gate.
///
/// A `Mutex` rather than an actor: clients are built in synchronous code,
/// and the lock guards a dictionary lookup.
public final class ThrottleGates: Sendable {
    private let gates = Mutex<[String: ThrottleGate]>([:])

    public init() {}

    /// The gate of an app registration in a tenant: Graph's budget is per app and tenant.
    public func gate(tenantID: String, clientID: String) -> ThrottleGate {
        let key = "\(tenantID.lowercased())/\(clientID.lowercased())"
        return gates.withLock { gates in
            if let gate = gates[key] { return gate }
            let gate = ThrottleGate()
            gates[key] = gate
            return gate
        }
    }
}
