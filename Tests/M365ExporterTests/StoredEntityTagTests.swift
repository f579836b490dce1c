@testable import M365Exporter
import Testing

/// An entity tag goes back to Graph byte for byte as it came, kept in place
/// or, when long, as a string.
@Suite struct StoredEntityTagTests {
    @Test(arguments: [
        "\"0x8DC5A0C2E7F4B11\"",
        "W/\"abc\"",
        "\"\"",
        "\"é-ü-東京\"",
        "\"" + String(repeating: "a", count: 44) + "\"",  // 46 bytes: the most kept in place
        "\"" + String(repeating: "b", count: 45) + "\"",  // 47 bytes: a string
        "\"" + String(repeating: "c", count: 500) + "\"",
    ])
    func aTagComesBackAsItWasKept(tag: String) {
        let stored = StoredEntityTag(tag)
        #expect(stored.string == tag)
        switch stored {
        case .inline: #expect(tag.utf8.count <= 46)
        case .long: #expect(tag.utf8.count > 46)
        }
    }
}
