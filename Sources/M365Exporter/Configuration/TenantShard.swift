/// `--tenants.shard I/N`: the share of the tenants one of N replicas keeps,
/// so that N replicas can read one configuration file and each fetch a
/// different part of it.
///
/// A tenant belongs to shard `fnv1a64(name) mod N`, where `fnv1a64` is the
/// 64-bit FNV-1a hash of the name's UTF-8 bytes: stable across processes,
/// versions and machines (Swift's `Hasher` is seeded per process), and cheap
/// to compute elsewhere to check where a tenant lands.
public struct TenantShard: Sendable, Hashable, CustomStringConvertible {
    /// This replica's shard, `0..<count`.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Reads `I/N`. `I` may also be a StatefulSet pod name such as
    /// `m365-exporter-2`, whose trailing ordinal is the shard.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[1]) else { return nil }
        var indexText = parts[0]
        if let dash = indexText.lastIndex(of: "-") {
            // A pod name has a name before its ordinal; "-1" is no shard.
            guard dash != indexText.startIndex else { return nil }
            indexText = indexText[indexText.index(after: dash)...]
        }
        guard !indexText.isEmpty, indexText.allSatisfy(\.isASCII), let index = Int(indexText) else { return nil }
        self.init(index: index, count: count)
    }

    /// Whether the tenant named `name` belongs to this shard.
    public func contains(_ name: String) -> Bool {
        Int(Self.hash(name) % UInt64(count)) == index
    }

    /// The 64-bit FNV-1a hash of the name's UTF-8 bytes.
    public static func hash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    public var description: String { "\(index)/\(count)" }
}
