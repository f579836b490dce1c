/// A node of a YAML document as ``YAMLReader`` reads it: a scalar, a mapping
/// (pairs in file order) or a sequence, each with the place it starts at.
/// Equality compares content, not places.
public enum YAMLNode: Sendable, Equatable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    /// A place in the text: 1-based line and column (in characters).
    public struct Mark: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        public var description: String { "line \(line) column \(column)" }
    }

    /// A single value; its text with quotes removed and escapes resolved.
    public struct Scalar: Sendable, Equatable {
        /// How the value was written, which decides whether `~` or `true` is
        /// text or null and true: only a plain scalar is.
        public enum Style: Sendable, Equatable {
            case plain, singleQuoted, doubleQuoted, literal
        }

        public var string: String
        public var style: Style
        public var mark: Mark?

        public init(_ string: String, style: Style = .plain, mark: Mark? = nil) {
            self.string = string
            self.style = style
            self.mark = mark
        }

        public static func == (a: Scalar, b: Scalar) -> Bool { a.string == b.string && a.style == b.style }
    }

    /// A mapping's key-value pairs in file order. The reader refuses a key
    /// that appears twice.
    public struct Mapping: Sendable, Equatable, RandomAccessCollection {
        public var pairs: [(key: YAMLNode, value: YAMLNode)]
        public var mark: Mark?

        public init(_ pairs: [(key: YAMLNode, value: YAMLNode)], mark: Mark? = nil) {
            self.pairs = pairs
            self.mark = mark
        }

        public var startIndex: Int { pairs.startIndex }
        public var endIndex: Int { pairs.endIndex }
        public subscript(position: Int) -> (key: YAMLNode, value: YAMLNode) { pairs[position] }

        /// The value of the first key whose text is `key`.
        public subscript(key: String) -> YAMLNode? { pairs.first { $0.key.scalar?.string == key }?.value }

        public static func == (a: Mapping, b: Mapping) -> Bool {
            a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        }
    }

    /// A sequence's items in file order.
    public struct Sequence: Sendable, Equatable, RandomAccessCollection {
        public var items: [YAMLNode]
        public var mark: Mark?

        public init(_ items: [YAMLNode], mark: Mark? = nil) {
            self.items = items
            self.mark = mark
        }

        public var startIndex: Int { items.startIndex }
        public var endIndex: Int { items.endIndex }
        public subscript(position: Int) -> YAMLNode { items[position] }

        public static func == (a: Sequence, b: Sequence) -> Bool { a.items == b.items }
    }

    /// Where the node starts.
    public var mark: Mark? {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.mark
        case .sequence(let sequence): sequence.mark
        }
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = self { scalar } else { nil }
    }

    public var mapping: Mapping? {
        if case .mapping(let mapping) = self { mapping } else { nil }
    }

    public var sequence: Sequence? {
        if case .sequence(let sequence) = self { sequence } else { nil }
    }

    /// A plain `~`, `null`, `Null`, `NULL` or nothing at all, as YAML's core
    /// schema reads them; a quoted `"null"` is text.
    public var isNull: Bool {
        guard let scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A plain true or false, with YAML 1.1's yes/no/on/off as Go's yaml.v2
    /// (and so Prometheus' own exporters) read them.
    public var bool: Bool? {
        guard let scalar, scalar.style == .plain else { return nil }
        switch scalar.string {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default: return nil
        }
    }
}

/// Hand-written trees in tests: `["a": ["b", "c"]]`.
extension YAMLNode: ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .scalar(Scalar(value)) }
    public init(arrayLiteral elements: YAMLNode...) { self = .sequence(Sequence(elements)) }
    public init(dictionaryLiteral elements: (YAMLNode, YAMLNode)...) {
        self = .mapping(Mapping(elements.map { (key: $0.0, value: $0.1) }))
    }
}
