/// A credential that cannot be used: a file that cannot be read, a PEM file
/// without a usable key or certificate, a signature that failed. The text
/// names the file and what is wrong with it, never its contents.
public struct CredentialError: Error, Sendable, CustomStringConvertible {
    /// Where the credential came from: a path, or a description of the source.
    public let source: String
    public let reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "\(source): \(reason)" }
}
