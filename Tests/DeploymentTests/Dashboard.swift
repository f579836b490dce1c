import Foundation

/// A Grafana dashboard JSON file read just far enough to check it and to
/// run its queries: panels (rows' nested panels included), their PromQL
/// targets, and the template variables.
struct Dashboard {
    struct Panel {
        let id: Int?
        let type: String
        let title: String
        let json: [String: Any]
        var targets: [[String: Any]] { json["targets"] as? [[String: Any]] ?? [] }
        /// The PromQL expressions of the targets, in order.
        var expressions: [String] { targets.compactMap { $0["expr"] as? String } }
    }

    struct Variable {
        let name: String
        let type: String
        let json: [String: Any]
        /// The PromQL-side query of a `query` variable: a plain string or
        /// the `{"query": …}` object of newer Grafana versions.
        var query: String? {
            if let text = json["query"] as? String { return text }
            return (json["query"] as? [String: Any])?["query"] as? String
        }
        var multi: Bool { json["multi"] as? Bool ?? false }
        var includeAll: Bool { json["includeAll"] as? Bool ?? false }
        var currentValues: [String] {
            let value = (json["current"] as? [String: Any])?["value"]
            if let text = value as? String { return [text] }
            return value as? [String] ?? []
        }
    }

    let path: String
    let json: [String: Any]

    init(path: String, data: Data) throws {
        self.path = path
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DashboardError(path: path, message: "is not a JSON object")
        }
        json = object
    }

    /// Every panel, rows and the panels inside collapsed rows included.
    var panels: [Panel] {
        func walk(_ list: [[String: Any]]) -> [Panel] {
            list.flatMap { item -> [Panel] in
                let panel = Panel(
                    id: item["id"] as? Int, type: item["type"] as? String ?? "", title: item["title"] as? String ?? "", json: item)
                return [panel] + walk(item["panels"] as? [[String: Any]] ?? [])
            }
        }
        return walk(json["panels"] as? [[String: Any]] ?? [])
    }

    var variables: [Variable] {
        ((json["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []).map {
            Variable(name: $0["name"] as? String ?? "", type: $0["type"] as? String ?? "", json: $0)
        }
    }

    /// Every dashboard under grafana/dashboards.
    static func all() throws -> [Dashboard] {
        try Repository.files(in: "grafana/dashboards", extensions: ["json"]).map {
            try Dashboard(path: $0, data: Data(contentsOf: Repository.url($0)))
        }
    }

    /// Names of the template variables a text refers to: `$name`,
    /// `${name}`, `${name:format}` and `[[name]]`.
    static func variableReferences(in text: String) -> Set<String> {
        var names: Set<String> = []
        for match in text.matches(of: #/\$\{([A-Za-z0-9_]+)(?::[A-Za-z0-9_]+)?\}/#) { names.insert(String(match.1)) }
        for match in text.matches(of: #/\$([A-Za-z0-9_]+)/#) { names.insert(String(match.1)) }
        for match in text.matches(of: #/\[\[([A-Za-z0-9_]+)(?::[A-Za-z0-9_]+)?\]\]/#) { names.insert(String(match.1)) }
        return names
    }

    /// Variables Grafana defines itself.
    static let builtInVariables: Set<String> = [
        "__interval", "__interval_ms", "__rate_interval", "__rate_interval_ms", "__range", "__range_s", "__range_ms",
        "__from", "__to", "__dashboard", "__org", "__user", "__name", "__all",
    ]
}

struct DashboardError: Error, CustomStringConvertible {
    let path: String
    let message: String
    var description: String { "\(path) \(message)" }
}
