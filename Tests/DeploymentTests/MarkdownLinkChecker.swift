import Foundation

/// Checks the relative links of Markdown files of a repository: every file
/// or folder they name exists, and every `#anchor` is a heading of the
/// Markdown file it points into.
struct MarkdownLinkChecker {
    /// Repository-relative path → file text, for every Markdown file a link
    /// may point into.
    let documents: [String: String]
    /// Whether a repository-relative path (a file or a folder) exists.
    let exists: (String) -> Bool

    /// One broken link: where it is and what is wrong.
    struct Problem: CustomStringConvertible, Equatable {
        let file: String
        let line: Int
        let target: String
        let reason: String
        var description: String { "\(file):\(line): \(target): \(reason)" }
    }

    /// The problems of the links in `file`, and how many relative links were checked.
    func check(_ file: String) -> (problems: [Problem], checked: Int) {
        guard let text = documents[file] else {
            return ([Problem(file: file, line: 0, target: file, reason: "no such document")], 0)
        }
        var problems: [Problem] = []
        var checked = 0
        for link in MarkdownDocument(text).links {
            // Other sites (https:, mailto:) are not this repository's to check.
            if link.target.range(of: #"^[a-zA-Z][a-zA-Z0-9+.-]*:"#, options: .regularExpression) != nil { continue }
            checked += 1
            let parts = link.target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let pathPart = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let anchor = parts.count > 1 ? String(parts[1]) : nil
            let targetFile = pathPart.isEmpty ? file : Self.resolve(pathPart, from: file)
            guard let targetFile else {
                problems.append(Problem(file: file, line: link.line, target: link.target, reason: "leaves the repository"))
                continue
            }
            guard documents[targetFile] != nil || exists(targetFile) else {
                problems.append(Problem(file: file, line: link.line, target: link.target, reason: "no such file \(targetFile)"))
                continue
            }
            guard let anchor else { continue }
            guard let target = documents[targetFile] else {
                if !targetFile.hasSuffix(".md") { continue }
                problems.append(Problem(file: file, line: link.line, target: link.target, reason: "\(targetFile) was not read"))
                continue
            }
            if !MarkdownDocument(target).anchors.contains(anchor) {
                problems.append(Problem(file: file, line: link.line, target: link.target, reason: "\(targetFile) has no heading with anchor #\(anchor)"))
            }
        }
        return (problems, checked)
    }

    /// `path` as written in `file`, made repository-relative (`docs/a.md` +
    /// `../README.md` → `README.md`); nil when it climbs out of the repository.
    static func resolve(_ path: String, from file: String) -> String? {
        var components = path.hasPrefix("/") ? [] : file.split(separator: "/").dropLast().map(String.init)
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }
}
