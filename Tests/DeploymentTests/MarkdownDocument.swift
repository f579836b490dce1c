import Foundation

/// A Markdown file as GitHub renders it, reduced to what the documentation
/// tests check: the anchors its headings get and the links it makes.
/// Fenced code blocks and inline code are skipped, since GitHub makes
/// neither headings nor links from them.
struct MarkdownDocument {
    /// A link target exactly as written, and the line it is on.
    struct Link: Equatable {
        let target: String
        let line: Int
    }

    /// The anchors of the headings, in order, with GitHub's numbering of
    /// duplicates (`-1`, `-2`, …).
    let anchors: [String]
    let links: [Link]

    init(_ text: String) {
        var anchors: [String] = []
        var seen: [String: Int] = [:]
        var links: [Link] = []
        var fence: String?
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
                continue
            }
            if let heading = Self.headingText(line) {
                let base = Self.anchor(ofHeading: heading)
                let count = seen[base, default: 0]
                seen[base] = count + 1
                anchors.append(count == 0 ? base : "\(base)-\(count)")
            }
            for target in Self.linkTargets(in: Self.removingInlineCode(line)) {
                links.append(Link(target: target, line: index + 1))
            }
        }
        self.anchors = anchors
        self.links = links
    }

    /// The text of an ATX heading (`## Text ##`), or nil for any other line.
    static func headingText(_ line: String) -> String? {
        let hashes = line.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count) else { return nil }
        let rest = line.dropFirst(hashes.count)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        // A closing sequence of #s after a space is not part of the text.
        if let closing = text.range(of: #"\s+#+$"#, options: .regularExpression) {
            text.removeSubrange(closing)
        } else if text.allSatisfy({ $0 == "#" }) {
            text = ""
        }
        return text
    }

    /// GitHub's anchor of a heading: the rendered text in lower case, every
    /// character but letters, marks, digits, connector punctuation (`_`),
    /// spaces and hyphens dropped, and each space made a hyphen.
    static func anchor(ofHeading heading: String) -> String {
        // Rendered text: a link shows its text, inline code its content.
        let rendered = heading.replacingOccurrences(
            of: #"!?\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
        var anchor = String.UnicodeScalarView()
        for scalar in rendered.lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark,
                 .decimalNumber, .letterNumber, .otherNumber,
                 .connectorPunctuation:
                anchor.append(scalar)
            default:
                if scalar == " " { anchor.append("-") } else if scalar == "-" { anchor.append(scalar) }
            }
        }
        return String(anchor)
    }

    /// The line without its code spans (`` `…` ``), whose brackets are not links.
    static func removingInlineCode(_ line: String) -> String {
        line.replacingOccurrences(of: #"(`+)[^`]*?\1"#, with: "", options: .regularExpression)
    }

    /// Targets of inline links and images (`[text](target "title")`), text
    /// with at most one level of nested brackets (an image inside a link).
    static func linkTargets(in line: String) -> [String] {
        let pattern = #"\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(line.startIndex..., in: line)
        return expression.matches(in: line, range: range).compactMap { match in
            Range(match.range(at: 1), in: line).map { String(line[$0]) }
        }
    }
}
