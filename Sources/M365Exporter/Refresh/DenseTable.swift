/// A dictionary that stores its values densely: an index from key to
/// position, and the values in one array whose freed positions are reused.
///
/// Why not `Dictionary` alone: it keeps its load below three quarters by
/// doubling, so 9,000 targets (1,000 tenants with nine reports) occupy
/// 16,384 buckets of key and value each. Here only the index (key and a
/// 32-bit position) has that slack, and the values, a few hundred bytes
/// each, take one slot apiece.
struct DenseTable<Key: Hashable, Value>: Sequence {
    private var positions: [Key: Int32] = [:]
    private var slots: ContiguousArray<(key: Key, value: Value)?> = []
    private var free: [Int32] = []

    init() {}

    var count: Int { positions.count }

    subscript(key: Key) -> Value? {
        get {
            positions[key].flatMap { slots[Int($0)]?.value }
        }
        set {
            if let position = positions[key] {
                if let newValue {
                    slots[Int(position)] = (key, newValue)
                } else {
                    slots[Int(position)] = nil
                    positions[key] = nil
                    free.append(position)
                }
            } else if let newValue {
                if let position = free.popLast() {
                    slots[Int(position)] = (key, newValue)
                    positions[key] = position
                } else {
                    positions[key] = Int32(slots.count)
                    slots.append((key, newValue))
                }
            }
        }
    }

    var values: some Sequence<Value> { slots.lazy.compactMap { $0?.value } }

    func makeIterator() -> some IteratorProtocol<(key: Key, value: Value)> {
        slots.lazy.compactMap { $0 }.makeIterator()
    }
}
