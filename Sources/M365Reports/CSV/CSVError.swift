/// Why a CSV document could not be read.
public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body has no bytes, or only a byte order mark and blank lines.
    case empty
    /// A quoted field is still open at the end of the body: the answer was cut off.
    case unterminatedQuote(line: Int)
    /// Something other than a delimiter or line end follows a closing quote.
    case textAfterClosingQuote(line: Int)
    /// A double quote inside an unquoted field.
    case quoteInUnquotedField(line: Int)
    /// The bytes of a field are not UTF-8.
    case invalidUTF8(line: Int)

    public var description: String {
        switch self {
        case .empty: "empty body"
        case .unterminatedQuote(let line): "quoted field opened on line \(line) is never closed (truncated answer?)"
        case .textAfterClosingQuote(let line): "text after a closing quote on line \(line)"
        case .quoteInUnquotedField(let line): "double quote inside an unquoted field on line \(line)"
        case .invalidUTF8(let line): "invalid UTF-8 on line \(line)"
        }
    }
}
