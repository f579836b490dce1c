import M365Exporter
import Testing

@Suite struct TenantShardTests {
    /// The documented hash is 64-bit FNV-1a; these are its published test values.
    @Test(arguments: [("", UInt64(0xcbf2_9ce4_8422_2325)), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8)])
    func hashesNamesWithFNV1a(_ name: String, _ hash: UInt64) {
        #expect(TenantShard.hash(name) == hash)
    }

    @Test(arguments: [("0/3", 0, 3), ("2/3", 2, 3), ("0/1", 0, 1), ("m365-exporter-2/3", 2, 3), ("exporter-0/4", 0, 4)])
    func readsIndexAndCount(_ text: String, _ index: Int, _ count: Int) throws {
        let shard = try #require(TenantShard(parsing: text))
        #expect(shard.index == index && shard.count == count)
    }

    @Test(arguments: ["3/3", "-1/3", "1/0", "1", "a/3", "1/3/4", "/3", "m365-exporter-/3", ""])
    func refusesWhatIsNotAShard(_ text: String) {
        #expect(TenantShard(parsing: text) == nil)
    }

    @Test func everyTenantBelongsToExactlyOneShard() throws {
        let names = (0..<1000).map { "customer-\($0).onmicrosoft.com" }
        let shards = (0..<4).compactMap { TenantShard(index: $0, count: 4) }
        var sizes: [Int] = []
        for shard in shards { sizes.append(names.filter(shard.contains).count) }
        for name in names { #expect(shards.filter { $0.contains(name) }.count == 1) }
        #expect(sizes.reduce(0, +) == 1000)
        // Roughly even: no shard holds less than 20 % or more than 30 %.
        #expect(sizes.allSatisfy { (200...300).contains($0) }, "\(sizes)")
    }
}
