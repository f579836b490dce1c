import FoundationEssentials

/// The JSON error body of Microsoft Graph
/// (`{"error":{"code":"…","message":"…"}}`), read for log lines and errors.
public enum GraphErrorBody {
    /// `code: message` of an error body, clipped to 200 characters; `nil`
    /// when the body is not a Graph error (an HTML page, a CSV, nothing).
    public static func message(in body: [UInt8]) -> String? {
        struct Decoded: Decodable {
            struct Inner: Decodable { var code: String?; var message: String? }
            var error: Inner?
        }
        guard let decoded = try? JSONDecoder().decode(Decoded.self, from: Data(body)), let inner = decoded.error else {
            return nil
        }
        let text = [inner.code, inner.message].compactMap { $0 }.joined(separator: ": ")
        guard !text.isEmpty else { return nil }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
