/// Reads the subset of YAML that configuration files use into a
/// ``YAMLNode`` tree: block mappings and sequences, flow sequences and
/// mappings (`[D7, D30]`, `{a: 1}`, over several lines if need be), plain,
/// single- and double-quoted scalars (with escapes), literal block scalars
/// (`|`, `|-`, `|+`, for inline PEM), comments, `~`/null, and one `---` at
/// the start. Anything else (anchors, aliases, tags, folded scalars, explicit
/// keys, directives, several documents, quoted strings over several lines)
/// is refused with its line and column, as is a key that appears twice.
///
/// Our own rather than Yams: Yams imports all of Foundation in every file,
/// and a binary that links Foundation carries ICU's code and data. It was
/// the last dependency that did: without it a demo process is 9.8 MB
/// smaller resident (debug builds; "Binary size and memory" in
/// docs/scaling.md has the static binary's figures).
public enum YAMLReader {
    /// The document's root node, or nil for a text without one (empty, or
    /// only comments).
    public static func compose(yaml: String) throws(YAMLError) -> YAMLNode? {
        var parser = YAMLParser(yaml)
        return try parser.document()
    }
}

/// The reader's state: a position in the UTF-8 bytes (CRLF read as LF) and
/// the line it is on. Block structure is read line by line by indentation;
/// flow collections and scalars character by character.
struct YAMLParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0

    /// Deeper nesting is refused rather than risk the stack.
    static let maximumDepth = 200

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")

    init(_ text: String) {
        var input = Array(text.utf8)
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { input.removeFirst(3) }
        var normalized: [UInt8] = []
        normalized.reserveCapacity(input.count)
        var position = 0
        while position < input.count {
            let byte = input[position]
            position += 1
            if byte == UInt8(ascii: "\r") {
                if position < input.count, input[position] == Self.newline { continue }
                normalized.append(Self.newline)
            } else {
                normalized.append(byte)
            }
        }
        bytes = normalized
    }

    // MARK: Document

    mutating func document() throws(YAMLError) -> YAMLNode? {
        try skipBlankLines()
        if atEnd { return nil }
        if peek() == UInt8(ascii: "%") { throw error("directives (%) are not supported") }
        if atDocumentMarker("---") {
            advance(by: 3)
            skipSpaces()
            guard atLineEnd else { throw error("put the document on the line after ---") }
            try finishLine()
            try skipBlankLines()
            if atEnd { return nil }
        }
        guard let indent = try nextContentIndent() else {
            if atDocumentMarker("---") { throw error("several documents (---) are not supported") }
            return nil
        }
        advance(by: indent)
        let root = try blockNode(parentIndent: -1)
        try skipBlankLines()
        if atDocumentMarker("...") {
            advance(by: 3)
            try finishLine()
            try skipBlankLines()
        }
        guard atEnd else {
            if atDocumentMarker("---") { throw error("several documents (---) are not supported") }
            if let indent = try nextContentIndent() { advance(by: indent) }
            throw error("unexpected text at this indentation")
        }
        return root
    }

    // MARK: Block structure

    /// The node at the current position, the first character of its line's
    /// content or the rest of a line after `- `.
    private mutating func blockNode(parentIndent: Int) throws(YAMLError) -> YAMLNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        if peek() == UInt8(ascii: "-"), isBlank(at: index + 1) {
            return .sequence(try blockSequence(indent: index - lineStart))
        }
        if try lineHoldsKey() {
            return .mapping(try blockMapping(indent: index - lineStart))
        }
        return try inlineValue(parentIndent: parentIndent)
    }

    private mutating func blockMapping(indent: Int) throws(YAMLError) -> YAMLNode.Mapping {
        var mapping = YAMLNode.Mapping([], mark: mark)
        var firstLines: [String: Int] = [:]
        while true {
            if peek() == UInt8(ascii: "-"), isBlank(at: index + 1) {
                throw error("a list item where a key was expected")
            }
            guard try lineHoldsKey() else { throw error("expected a key followed by \":\"") }
            let keyMark = mark
            let key = try mappingKey()
            skipSpaces()
            guard peek() == UInt8(ascii: ":") else { throw error("expected \":\" after the key") }
            advance()
            if let first = firstLines[key.string] {
                throw YAMLError(line: keyMark.line, column: keyMark.column,
                                problem: "key \"\(key.string)\" appears twice (first on line \(first))")
            }
            firstLines[key.string] = keyMark.line
            let value = try blockValue(parentIndent: indent)
            mapping.pairs.append((.scalar(key), value))
            guard let next = try nextContentIndent(), next >= indent else { break }
            guard next == indent else {
                advance(by: next)
                throw error("unexpected indentation: \(next) spaces where \(indent) or fewer were expected")
            }
            advance(by: next)
        }
        return mapping
    }

    private mutating func blockSequence(indent: Int) throws(YAMLError) -> YAMLNode.Sequence {
        var sequence = YAMLNode.Sequence([], mark: mark)
        while true {
            guard peek() == UInt8(ascii: "-"), isBlank(at: index + 1) else { throw error("expected a list item (\"- \")") }
            advance()
            skipSpaces()
            if atLineEnd {
                let emptyMark = mark
                try finishLine()
                if let next = try nextContentIndent(), next > indent {
                    advance(by: next)
                    sequence.items.append(try blockNode(parentIndent: indent))
                } else {
                    sequence.items.append(.scalar(.init("", mark: emptyMark)))
                }
            } else {
                sequence.items.append(try blockNode(parentIndent: indent))
            }
            guard let next = try nextContentIndent(), next >= indent else { break }
            guard next == indent else {
                advance(by: next)
                throw error("unexpected indentation: \(next) spaces where \(indent) or fewer were expected")
            }
            // A key of the mapping this sequence is the value of ends it.
            guard bytes[index + next] == UInt8(ascii: "-"), isBlank(at: index + next + 1) else { break }
            advance(by: next)
        }
        return sequence
    }

    /// The value after a block mapping's `key:`, on the same line or below.
    private mutating func blockValue(parentIndent: Int) throws(YAMLError) -> YAMLNode {
        skipSpaces()
        guard atLineEnd else { return try inlineValue(parentIndent: parentIndent) }
        let emptyMark = mark
        try finishLine()
        if let next = try nextContentIndent() {
            if next > parentIndent {
                advance(by: next)
                return try blockNode(parentIndent: parentIndent)
            }
            // `key:` followed by `- item` lines at the key's own indentation.
            if next == parentIndent, bytes[index + next] == UInt8(ascii: "-"), isBlank(at: index + next + 1) {
                advance(by: next)
                return .sequence(try blockSequence(indent: parentIndent))
            }
        }
        return .scalar(.init("", mark: emptyMark))
    }

    /// A value that starts on the current line and is not a block collection:
    /// a scalar, a flow collection or a literal block scalar.
    private mutating func inlineValue(parentIndent: Int) throws(YAMLError) -> YAMLNode {
        guard let byte = peek() else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "-") where isBlank(at: index + 1):
            throw error("a list cannot start on the line of its key; start it on the next line")
        case UInt8(ascii: "|"):
            return .scalar(try literalScalar(parentIndent: parentIndent))
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let node = try flowNode()
            try finishLine()
            return node
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let node = YAMLNode.scalar(try quotedScalar())
            skipSpaces()
            if peek() == UInt8(ascii: ":") { throw error("a nested mapping must start on its own line") }
            try finishLine()
            return node
        default:
            try refuseUnsupported(byte)
            let node = YAMLNode.scalar(try plainScalar(inFlow: false))
            try finishLine()
            return node
        }
    }

    /// Whether the current line, from the current position, is `key: …`.
    private func lineHoldsKey() throws(YAMLError) -> Bool {
        var position = index
        if let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            position += 1
            while position < bytes.count, bytes[position] != Self.newline {
                if bytes[position] == quote {
                    if quote == UInt8(ascii: "'"), position + 1 < bytes.count, bytes[position + 1] == quote {
                        position += 2
                        continue
                    }
                    break
                }
                if quote == UInt8(ascii: "\""), bytes[position] == UInt8(ascii: "\\") { position += 1 }
                position += 1
            }
            position += 1
            while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab { position += 1 }
            return position < bytes.count && bytes[position] == UInt8(ascii: ":") && isBlank(at: position + 1)
        }
        if let first = peek(), first == UInt8(ascii: "[") || first == UInt8(ascii: "{") { return false }
        while position < bytes.count, bytes[position] != Self.newline {
            let byte = bytes[position]
            if byte == UInt8(ascii: ":"), isBlank(at: position + 1) { return true }
            if byte == UInt8(ascii: "#"), position > lineStart,
               bytes[position - 1] == Self.space || bytes[position - 1] == Self.tab {
                return false
            }
            position += 1
        }
        return false
    }

    /// A block mapping's key, up to (not including) its `:`.
    private mutating func mappingKey() throws(YAMLError) -> YAMLNode.Scalar {
        guard let byte = peek() else { throw error("expected a key") }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { return try quotedScalar() }
        if byte == UInt8(ascii: ":") { throw error("a key is missing before \":\"") }
        if byte == UInt8(ascii: "?"), isBlank(at: index + 1) { throw error("explicit keys (?) are not supported") }
        try refuseUnsupported(byte)
        let start = index
        let keyMark = mark
        while let next = peek(), !(next == UInt8(ascii: ":") && isBlank(at: index + 1)) { advance() }
        var end = index
        while end > start, bytes[end - 1] == Self.space || bytes[end - 1] == Self.tab { end -= 1 }
        return .init(String(decoding: bytes[start..<end], as: UTF8.self), mark: keyMark)
    }

    /// `|`, `|-` or `|+` (an indentation digit allowed) and the lines below
    /// that are indented more than the parent.
    private mutating func literalScalar(parentIndent: Int) throws(YAMLError) -> YAMLNode.Scalar {
        let scalarMark = mark
        advance()
        enum Chomping { case clip, strip, keep }
        var chomping = Chomping.clip
        var explicitIndent: Int?
        for _ in 0..<2 {
            guard let byte = peek() else { break }
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+"), chomping == .clip {
                chomping = byte == UInt8(ascii: "-") ? .strip : .keep
                advance()
            } else if byte >= UInt8(ascii: "1"), byte <= UInt8(ascii: "9"), explicitIndent == nil {
                explicitIndent = Int(byte - UInt8(ascii: "0"))
                advance()
            }
        }
        skipSpaces()
        guard atLineEnd else { throw error("expected the end of the line after the block scalar's header") }
        try finishLine()

        var contentIndent: Int
        if let explicitIndent {
            contentIndent = (parentIndent < 0 ? 0 : parentIndent) + explicitIndent
        } else {
            // The first line with text sets the indentation.
            contentIndent = 0
            var position = index
            while position < bytes.count {
                var spaces = 0
                while position + spaces < bytes.count, bytes[position + spaces] == Self.space { spaces += 1 }
                let after = position + spaces
                if after >= bytes.count { break }
                if bytes[after] != Self.newline {
                    contentIndent = spaces
                    break
                }
                position = after + 1
            }
            // Text indented no more than the parent ends an empty scalar.
            if contentIndent <= parentIndent { contentIndent = parentIndent + 1 }
        }
        var lines: [ArraySlice<UInt8>] = []
        while index < bytes.count {
            var spaces = 0
            while index + spaces < bytes.count, bytes[index + spaces] == Self.space { spaces += 1 }
            let after = index + spaces
            if after >= bytes.count || bytes[after] == Self.newline {
                // A line of spaces only: an empty line of the scalar.
                lines.append(spaces > contentIndent ? bytes[(index + contentIndent)..<after] : [])
                advance(by: spaces)
                if index < bytes.count { advance() }
                continue
            }
            if spaces < contentIndent { break }
            var end = after
            while end < bytes.count, bytes[end] != Self.newline { end += 1 }
            lines.append(bytes[(index + contentIndent)..<end])
            advance(by: end - index)
            if index < bytes.count { advance() }
        }
        var trailing: [ArraySlice<UInt8>] = []
        while let last = lines.last, last.isEmpty {
            trailing.append(last)
            lines.removeLast()
        }
        var text: [UInt8] = []
        for (number, content) in lines.enumerated() {
            if number > 0 { text.append(Self.newline) }
            text.append(contentsOf: content)
        }
        switch chomping {
        case .strip: break
        case .clip: if !lines.isEmpty { text.append(Self.newline) }
        case .keep:
            if !lines.isEmpty { text.append(Self.newline) }
            text.append(contentsOf: [UInt8](repeating: Self.newline, count: trailing.count))
        }
        return .init(String(decoding: text, as: UTF8.self), style: .literal, mark: scalarMark)
    }

    // MARK: Flow collections

    private mutating func flowNode() throws(YAMLError) -> YAMLNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        guard let byte = peek() else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "["): return .sequence(try flowSequence())
        case UInt8(ascii: "{"): return .mapping(try flowMapping())
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .scalar(try quotedScalar())
        case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","): throw error("expected a value")
        case UInt8(ascii: "-") where isBlank(at: index + 1):
            throw error("a block list (\"- \") cannot be inside [ ] or { }")
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            throw error("block scalars (| and >) cannot be inside [ ] or { }")
        default:
            try refuseUnsupported(byte)
            return .scalar(try plainScalar(inFlow: true))
        }
    }

    private mutating func flowSequence() throws(YAMLError) -> YAMLNode.Sequence {
        let open = mark
        advance()
        var sequence = YAMLNode.Sequence([], mark: open)
        while true {
            try skipFlowSpace()
            guard let byte = peek() else { throw unclosed("[", at: open) }
            if byte == UInt8(ascii: "]") {
                advance()
                return sequence
            }
            sequence.items.append(try flowNode())
            try skipFlowSpace()
            switch peek() {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "]"):
                advance()
                return sequence
            case UInt8(ascii: ":"): throw error("key: value pairs inside [ ] are not supported; use { }")
            case nil: throw unclosed("[", at: open)
            default: throw error("expected \",\" or \"]\" after a list item")
            }
        }
    }

    private mutating func flowMapping() throws(YAMLError) -> YAMLNode.Mapping {
        let open = mark
        advance()
        var mapping = YAMLNode.Mapping([], mark: open)
        var firstLines: [String: Int] = [:]
        while true {
            try skipFlowSpace()
            guard let byte = peek() else { throw unclosed("{", at: open) }
            if byte == UInt8(ascii: "}") {
                advance()
                return mapping
            }
            let keyMark = mark
            guard case .scalar(let key) = try flowNode() else {
                throw YAMLError(line: keyMark.line, column: keyMark.column, problem: "a key must be a single value")
            }
            if let first = firstLines[key.string] {
                throw YAMLError(line: keyMark.line, column: keyMark.column,
                                problem: "key \"\(key.string)\" appears twice (first on line \(first))")
            }
            firstLines[key.string] = keyMark.line
            try skipFlowSpace()
            var value = YAMLNode.scalar(.init("", mark: mark))
            if peek() == UInt8(ascii: ":") {
                advance()
                try skipFlowSpace()
                if let next = peek(), next != UInt8(ascii: ","), next != UInt8(ascii: "}") { value = try flowNode() }
                try skipFlowSpace()
            }
            mapping.pairs.append((.scalar(key), value))
            switch peek() {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"):
                advance()
                return mapping
            case nil: throw unclosed("{", at: open)
            default: throw error("expected \",\" or \"}\" after a mapping entry")
            }
        }
    }

    /// Spaces, line ends and comments between the parts of a flow collection.
    private mutating func skipFlowSpace() throws(YAMLError) {
        while let byte = peek() {
            if byte == Self.space || byte == Self.tab || byte == Self.newline {
                advance()
            } else if byte == UInt8(ascii: "#"), index == lineStart || isBlank(at: index - 1) {
                while let next = peek(), next != Self.newline { advance() }
            } else {
                return
            }
        }
    }

    // MARK: Scalars

    /// A plain scalar, up to the end of the line, a comment, or (in a flow
    /// collection) `,`, a bracket or a `:`.
    private mutating func plainScalar(inFlow: Bool) throws(YAMLError) -> YAMLNode.Scalar {
        let scalarMark = mark
        let start = index
        while let byte = peek(), byte != Self.newline {
            if byte == UInt8(ascii: "#"), index > start, isBlank(at: index - 1) { break }
            if byte == UInt8(ascii: ":") {
                let after = index + 1
                if isBlank(at: after) || (inFlow && after < bytes.count && Self.isFlowIndicator(bytes[after])) {
                    if inFlow { break }
                    throw error("a nested mapping must start on its own line")
                }
            }
            if inFlow, Self.isFlowIndicator(byte) { break }
            advance()
        }
        var end = index
        while end > start, bytes[end - 1] == Self.space || bytes[end - 1] == Self.tab { end -= 1 }
        guard end > start else { throw error("expected a value") }
        return .init(String(decoding: bytes[start..<end], as: UTF8.self), mark: scalarMark)
    }

    private mutating func quotedScalar() throws(YAMLError) -> YAMLNode.Scalar {
        let open = mark
        let quote = bytes[index]
        advance()
        var text: [UInt8] = []
        while true {
            guard let byte = peek(), byte != Self.newline else {
                let kind = quote == UInt8(ascii: "'") ? "single" : "double"
                throw YAMLError(line: open.line, column: open.column,
                                problem: "the \(kind)-quoted string is not closed on its line (strings over several lines are not supported)")
            }
            if byte == quote {
                advance()
                if quote == UInt8(ascii: "'"), peek() == quote {
                    text.append(quote)
                    advance()
                    continue
                }
                break
            }
            if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                try escape(into: &text)
                continue
            }
            text.append(byte)
            advance()
        }
        return .init(String(decoding: text, as: UTF8.self),
                     style: quote == UInt8(ascii: "'") ? .singleQuoted : .doubleQuoted, mark: open)
    }

    /// One escape of a double-quoted string, at its backslash.
    private mutating func escape(into text: inout [UInt8]) throws(YAMLError) {
        let escapeMark = mark
        advance()
        guard let code = peek(), code != Self.newline else {
            throw error("a string continued on the next line (\\ at the end) is not supported")
        }
        advance()
        let simple: [UInt8: Unicode.Scalar] = [
            UInt8(ascii: "0"): "\u{0}", UInt8(ascii: "a"): "\u{7}", UInt8(ascii: "b"): "\u{8}",
            UInt8(ascii: "t"): "\t", Self.tab: "\t", UInt8(ascii: "n"): "\n", UInt8(ascii: "v"): "\u{B}",
            UInt8(ascii: "f"): "\u{C}", UInt8(ascii: "r"): "\r", UInt8(ascii: "e"): "\u{1B}",
            Self.space: " ", UInt8(ascii: "\""): "\"", UInt8(ascii: "/"): "/", UInt8(ascii: "\\"): "\\",
            UInt8(ascii: "N"): "\u{85}", UInt8(ascii: "_"): "\u{A0}", UInt8(ascii: "L"): "\u{2028}",
            UInt8(ascii: "P"): "\u{2029}",
        ]
        let scalar: Unicode.Scalar
        if let known = simple[code] {
            scalar = known
        } else {
            let digits: Int
            switch code {
            case UInt8(ascii: "x"): digits = 2
            case UInt8(ascii: "u"): digits = 4
            case UInt8(ascii: "U"): digits = 8
            default:
                throw YAMLError(line: escapeMark.line, column: escapeMark.column, problem: "unknown escape sequence in a double-quoted string")
            }
            var value: UInt32 = 0
            for _ in 0..<digits {
                guard let digit = peek(), let nibble = Self.hexValue(digit) else {
                    throw YAMLError(line: escapeMark.line, column: escapeMark.column,
                                    problem: "the escape needs \(digits) hexadecimal digits")
                }
                value = value << 4 | nibble
                advance()
            }
            guard let decoded = Unicode.Scalar(value) else {
                throw YAMLError(line: escapeMark.line, column: escapeMark.column, problem: "the escape is not a valid character")
            }
            scalar = decoded
        }
        text.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    // MARK: Lines and positions

    /// Skips lines that are empty or hold only a comment; the position is
    /// then at the start of a line with content, or at the end.
    private mutating func skipBlankLines() throws(YAMLError) {
        while index < bytes.count {
            var position = index
            while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab { position += 1 }
            if position >= bytes.count {
                advance(by: position - index)
                return
            }
            if bytes[position] == UInt8(ascii: "#") {
                while position < bytes.count, bytes[position] != Self.newline { position += 1 }
            }
            guard position < bytes.count else {
                advance(by: position - index)
                return
            }
            guard bytes[position] == Self.newline else { return }
            advance(by: position + 1 - index)
        }
    }

    /// The indentation of the next line with content (the position is left at
    /// that line's start), nil at the end or at a document marker.
    private mutating func nextContentIndent() throws(YAMLError) -> Int? {
        try skipBlankLines()
        guard index < bytes.count, !atDocumentMarker("---"), !atDocumentMarker("...") else { return nil }
        var spaces = 0
        while index + spaces < bytes.count, bytes[index + spaces] == Self.space { spaces += 1 }
        if index + spaces < bytes.count, bytes[index + spaces] == Self.tab {
            advance(by: spaces)
            throw error("a tab in the indentation (indent with spaces)")
        }
        return spaces
    }

    /// Past the rest of the line, which may hold only spaces and a comment.
    private mutating func finishLine() throws(YAMLError) {
        skipSpaces()
        if peek() == UInt8(ascii: "#"), index == lineStart || isBlank(at: index - 1) {
            while let byte = peek(), byte != Self.newline { advance() }
        }
        guard let byte = peek() else { return }
        guard byte == Self.newline else { throw error("unexpected text after the value") }
        advance()
    }

    private var atEnd: Bool { index >= bytes.count }

    /// At the end of the line, or at a comment.
    private var atLineEnd: Bool {
        guard let byte = peek() else { return true }
        return byte == Self.newline || (byte == UInt8(ascii: "#") && (index == lineStart || isBlank(at: index - 1)))
    }

    private func atDocumentMarker(_ marker: String) -> Bool {
        index == lineStart && bytes[index...].starts(with: marker.utf8) && isBlank(at: index + 3)
    }

    private mutating func refuseUnsupported(_ byte: UInt8) throws(YAMLError) {
        switch byte {
        case UInt8(ascii: "&"): throw error("anchors (&) are not supported")
        case UInt8(ascii: "*"): throw error("aliases (*) are not supported")
        case UInt8(ascii: "!"): throw error("tags (!) are not supported")
        case UInt8(ascii: ">"): throw error("folded block scalars (>) are not supported; use | (literal)")
        case UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"): throw error("a value cannot start with this character; quote it")
        case UInt8(ascii: "?") where isBlank(at: index + 1): throw error("explicit keys (?) are not supported")
        case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","): throw error("unexpected \"\(Character(Unicode.Scalar(byte)))\"")
        default: return
        }
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    /// A space, tab, line end or the end of the text.
    private func isBlank(at position: Int) -> Bool {
        position >= bytes.count || bytes[position] == Self.space || bytes[position] == Self.tab || bytes[position] == Self.newline
    }

    private static func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func advance() {
        if bytes[index] == Self.newline {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private mutating func advance(by count: Int) {
        for _ in 0..<count where index < bytes.count { advance() }
    }

    private mutating func skipSpaces() {
        while let byte = peek(), byte == Self.space || byte == Self.tab { advance() }
    }

    /// The current place; the column counts characters, not bytes.
    private var mark: YAMLNode.Mark {
        let column = bytes[lineStart..<index].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return .init(line: line, column: column)
    }

    private func error(_ problem: String) -> YAMLError {
        let here = mark
        return YAMLError(line: here.line, column: here.column, problem: problem)
    }

    private func unclosed(_ bracket: String, at open: YAMLNode.Mark) -> YAMLError {
        YAMLError(line: open.line, column: open.column, problem: "the \(bracket) opened here is never closed")
    }
}
