@testable import M365Exporter
import Testing

/// The refresher's dense storage behaves as a dictionary does.
@Suite struct DenseTableTests {
    @Test func behavesAsADictionaryThroughAddsRemovalsAndReuse() {
        var table = DenseTable<String, Int>()
        var reference: [String: Int] = [:]
        var random = SystemRandomNumberGenerator()
        for step in 0..<5000 {
            let key = "k\(Int.random(in: 0..<300, using: &random))"
            let value: Int? = Int.random(in: 0..<4, using: &random) == 0 ? nil : step
            table[key] = value
            reference[key] = value
            if step % 250 == 0 {
                #expect(table.count == reference.count)
                #expect(Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.value) }) == reference)
                #expect(table.values.sorted() == reference.values.sorted())
            }
        }
        for (key, value) in reference { #expect(table[key] == value) }
        #expect(table["absent"] == nil)
    }
}
