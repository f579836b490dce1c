/// An entity tag as ``ConditionalCache`` keeps it: up to 46 bytes in place,
/// a longer one as a string.
///
/// Graph's tags are short (Azure Storage's are 20 bytes). A string of more
/// than 15 bytes is a block of its own, and a thousand tenants' first
/// refresh would allocate twenty thousand of them among its short-lived
/// answers, pinning heap pages that could otherwise go back to the system;
/// in place, they live in the cache's table, allocated with the tenant.
enum StoredEntityTag: Sendable {
    case inline(InlineArray<46, UInt8>, count: UInt8)
    case long(String)

    init(_ tag: String) {
        let utf8 = tag.utf8
        guard utf8.count <= 46 else {
            self = .long(tag)
            return
        }
        var bytes = InlineArray<46, UInt8>(repeating: 0)
        for (index, byte) in utf8.enumerated() { bytes[index] = byte }
        self = .inline(bytes, count: UInt8(utf8.count))
    }

    var string: String {
        switch self {
        case .long(let tag):
            return tag
        case .inline(let bytes, let count):
            return String(unsafeUninitializedCapacity: Int(count)) { buffer in
                for index in 0..<Int(count) { buffer[index] = bytes[index] }
                return Int(count)
            }
        }
    }
}
