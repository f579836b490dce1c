/// A web configuration file that cannot be used. The text names the file,
/// the line or key, and what is wrong; it never quotes a value, since the
/// file may hold an inline private key.
public struct WebConfigError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}
