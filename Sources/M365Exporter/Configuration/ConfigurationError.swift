/// A mistake in the configuration file: where it is (file, line, the tenant
/// and the key) and what is wrong, so that one message is enough to fix it.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration file.
    public let file: String
    /// The line in the file, where the YAML parser knows it.
    public let line: Int?
    /// The tenant and key, e.g. `tenant "fabrikam": client_id`.
    public let location: String
    public let problem: String

    public init(file: String, line: Int?, location: String, problem: String) {
        self.file = file
        self.line = line
        self.location = location
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return location.isEmpty ? "\(place): \(problem)" : "\(place): \(location): \(problem)"
    }
}
