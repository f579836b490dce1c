/// A Graph answer of a collector that cannot be read: what was wrong and in
/// which resource.
public struct CollectorDataError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The Graph resource (`subscribedSkus`, `healthOverviews`…).
    public let resource: String
    public let problem: String

    public init(resource: String, problem: String) {
        self.resource = resource
        self.problem = problem
    }

    public var description: String { "\(resource): \(problem)" }
}
