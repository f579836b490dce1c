import Foundation
import M365TestSupport

/// YAML read by PyYAML (installed with kubernetes-validate) and handed over
/// as JSON: the tests check manifests' structure without a YAML parser of
/// their own.
enum YAMLDocuments {
    static func parse(_ yaml: String) throws -> [[String: Any]] {
        let script = "import sys, yaml, json; json.dump([d for d in yaml.safe_load_all(sys.stdin) if d is not None], sys.stdout)"
        let run = try ExternalTool.run("python3", ["-c", script], input: yaml)
        guard run.status == 0, let documents = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]] else {
            throw YAMLError(output: run.output)
        }
        return documents
    }

    struct YAMLError: Error, CustomStringConvertible {
        let output: String
        var description: String { "PyYAML could not read the YAML:\n\(output)" }
    }
}

/// `object["a"]["b"]…` for JSON-like values, nil where a step is missing.
func lookup(_ value: Any?, _ path: String...) -> Any? {
    var current = value
    for key in path {
        if let index = Int(key), let array = current as? [Any] {
            current = index < array.count ? array[index] : nil
        } else {
            current = (current as? [String: Any])?[key]
        }
    }
    return current
}
