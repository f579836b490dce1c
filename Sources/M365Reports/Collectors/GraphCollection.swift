import FoundationEssentials

/// The pages of one Graph collection (`{"value": […], "@odata.nextLink": …}`)
/// decoded into its items, in page order.
public enum GraphCollection {
    /// The items of every page; a page that is not such a collection is an
    /// error naming `resource` and the page.
    public static func items<Item: Decodable>(
        _ type: Item.Type, in pages: [[UInt8]], resource: String
    ) throws(CollectorDataError) -> [Item] {
        var items: [Item] = []
        for (index, page) in pages.enumerated() {
            do {
                items += try JSONDecoder().decode(GraphPage<Item>.self, from: Data(page)).value
            } catch {
                throw CollectorDataError(
                    resource: resource, problem: "page \(index + 1) is not a collection of the documented shape: \(Self.reason(error))")
            }
        }
        return items
    }

    /// One object (not a collection), for a single entity such as an application.
    public static func object<Object: Decodable>(
        _ type: Object.Type, in body: [UInt8], resource: String
    ) throws(CollectorDataError) -> Object {
        do {
            return try JSONDecoder().decode(Object.self, from: Data(body))
        } catch {
            throw CollectorDataError(resource: resource, problem: "not an object of the documented shape: \(Self.reason(error))")
        }
    }

    /// The `@odata.nextLink` of a page, if it has one.
    public static func nextLink(in page: [UInt8]) -> String? {
        struct Link: Decodable {
            var next: String?
            enum CodingKeys: String, CodingKey { case next = "@odata.nextLink" }
        }
        return (try? JSONDecoder().decode(Link.self, from: Data(page)))?.next
    }

    /// A decoding error in a line: the key path and what was expected.
    private static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : String(keys.dropFirst(keys.hasPrefix(".") ? 1 : 0))
        }
        if case .keyNotFound(let key, let context) = error { return "\(path(context)): \(key.stringValue) is missing" }
        if case .typeMismatch(_, let context) = error { return "\(path(context)): wrong type or null" }
        if case .valueNotFound(_, let context) = error { return "\(path(context)): wrong type or null" }
        if case .dataCorrupted(let context) = error {
            return context.codingPath.isEmpty ? "not JSON" : "\(path(context)): invalid value"
        }
        return "not readable"
    }
}

/// One page of a Graph collection: its items.
struct GraphPage<Item: Decodable>: Decodable {
    var value: [Item]
}
