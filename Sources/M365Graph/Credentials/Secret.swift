/// A credential string that never prints itself: its description and debug
/// description are fixed, so a secret put into a log line, an error message
/// or a dump shows as `<redacted>`.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself, for the one place that sends it.
    public let exposedValue: String

    public init(_ value: String) {
        exposedValue = value
    }

    /// A secret read from a file: its trailing newline (which editors and
    /// `echo` add) is not part of the secret.
    public init(fileContents: String) {
        var scalars = fileContents.unicodeScalars
        while let last = scalars.last, last == "\n" || last == "\r" { scalars.removeLast() }
        exposedValue = String(scalars)
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
