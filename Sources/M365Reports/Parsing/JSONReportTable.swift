import FoundationEssentials

/// Turns a JSON report answer into the table a CSV answer gives, so that one
/// parser reads both: the objects at the end of the answer's array path
/// become records, each with the plain fields of the objects above it
/// (`value[].userCounts[]` rows take `reportRefreshDate` from their
/// `value[]` object). The header is the field names (`reportDate`), which
/// match the documented column names with case and spaces folded.
///
/// JSON is read with Foundation's `JSONDecoder` rather than by hand.
enum JSONReportTable {
    /// Reads one page, or a JSON array of pages as the Graph client joins
    /// them after following `@odata.nextLink`.
    static func read(_ body: [UInt8], path: [String]) throws(JSONTableError) -> CSVTable {
        let root: JSONValue
        do {
            // A byte order mark is allowed before JSON text, as before CSV.
            let bytes = body.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(body.dropFirst(3)) : body
            root = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw .init("not readable JSON")
        }
        let pages: [JSONValue]
        if case .array(let items) = root { pages = items } else { pages = [root] }
        var records: [[String: String]] = []
        for page in pages {
            guard case .object = page else { throw .init("a page is not a JSON object") }
            try collect(page, path: path[...], inherited: [:], into: &records)
        }
        var header: [String] = []
        var seen: Set<String> = []
        for record in records {
            for key in record.keys.sorted() where seen.insert(key).inserted { header.append(key) }
        }
        return CSVTable(
            header: header,
            records: records.enumerated().map { index, record in
                CSVRecord(fields: header.map { record[$0] ?? "" }, line: index + 1)
            })
    }

    private static func collect(
        _ value: JSONValue, path: ArraySlice<String>, inherited: [String: String], into records: inout [[String: String]]
    ) throws(JSONTableError) {
        guard case .object(let fields) = value else { throw .init("expected an object where \(path.first ?? "a row") is") }
        var plain = inherited
        for (key, field) in fields {
            if let text = field.plainText { plain[key] = text }
        }
        guard let next = path.first else {
            records.append(plain)
            return
        }
        switch fields[next] {
        case .array(let items)?:
            for item in items { try collect(item, path: path.dropFirst(), inherited: plain, into: &records) }
        case nil, .null?:
            // A tenant without data answers without the array.
            return
        default:
            throw .init("\"\(next)\" is not an array")
        }
    }
}

/// A JSON document as read, before its rows are found.
enum JSONValue: Decodable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The text of a plain field as a CSV cell would hold it; `nil` for
    /// objects and arrays.
    var plainText: String? {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .bool(let value): String(value)
        case .null: ""
        case .object, .array: nil
        }
    }
}

/// Why a JSON answer has no table.
struct JSONTableError: Error {
    let problem: String
    init(_ problem: String) { self.problem = problem }
}
