import FoundationEssentials

/// The pages of a JSON report answer: where the next one is, and how the
/// pages travel together to the parser.
public enum ReportPages {
    /// The `@odata.nextLink` of a JSON page; `nil` on the last page or when
    /// the body is not a JSON object.
    public static func nextLink(in page: [UInt8]) -> String? {
        struct Page: Decodable {
            let nextLink: String?
            enum CodingKeys: String, CodingKey { case nextLink = "@odata.nextLink" }
        }
        let bytes = page.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(page.dropFirst(3)) : page
        return (try? JSONDecoder().decode(Page.self, from: Data(bytes)))?.nextLink
    }

    /// Several pages as one JSON array of them, which the parser reads as
    /// their rows in order; joined without being decoded and encoded again.
    public static func join(_ pages: [[UInt8]]) -> [UInt8] {
        var joined: [UInt8] = [UInt8(ascii: "[")]
        for (index, page) in pages.enumerated() {
            if index > 0 { joined.append(UInt8(ascii: ",")) }
            joined += page.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(page.dropFirst(3)) : page
        }
        joined.append(UInt8(ascii: "]"))
        return joined
    }
}
