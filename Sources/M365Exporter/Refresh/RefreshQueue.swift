import HeapModule

/// When each target is due next, earliest first: what the refresher keeps of
/// a target between two refreshes, instead of a sleeping task per target
/// (a few dozen bytes per target rather than kilobytes).
///
/// The queue never removes an entry out of order: a target removed,
/// replaced or moved to another due time leaves its old entry behind, and
/// the owner tells which entries still count (`isCurrent`), so that stale
/// ones are dropped when they reach the front. Entries due at the same
/// instant come out in the order they were added, so that targets that all
/// appear at once are fetched in configuration order.
struct RefreshQueue: Sendable {
    /// One due refresh: which target, which generation of it, and when.
    struct Item: Sendable, Equatable {
        let key: StatusKey
        let generation: Int
        let due: ContinuousClock.Instant
    }

    /// A heap element: the item, and its place in insertion order, which
    /// breaks ties between equal due times.
    private struct Element: Comparable {
        let item: Item
        let sequence: UInt64

        static func < (lhs: Element, rhs: Element) -> Bool {
            (lhs.item.due, lhs.sequence) < (rhs.item.due, rhs.sequence)
        }

        static func == (lhs: Element, rhs: Element) -> Bool {
            lhs.sequence == rhs.sequence
        }
    }

    private var heap = Heap<Element>()
    private var added: UInt64 = 0

    /// Entries held, stale ones included.
    var count: Int { heap.count }

    /// Adds `generation` of the target `key`, due at `due`.
    mutating func schedule(_ key: StatusKey, generation: Int, at due: ContinuousClock.Instant) {
        added += 1
        heap.insert(Element(item: Item(key: key, generation: generation, due: due), sequence: added))
    }

    /// The earliest current entry due at or before `now`, taken out of the
    /// queue; stale entries in front of it are dropped.
    mutating func popDue(now: ContinuousClock.Instant, isCurrent: (Item) -> Bool) -> Item? {
        dropStale(isCurrent)
        guard let first = heap.min, first.item.due <= now else { return nil }
        return heap.removeMin().item
    }

    /// When the earliest current entry is due, or nil when none is left;
    /// stale entries in front of it are dropped.
    mutating func nextDue(isCurrent: (Item) -> Bool) -> ContinuousClock.Instant? {
        dropStale(isCurrent)
        return heap.min?.item.due
    }

    /// Drops every stale entry, wherever it is. Stale entries otherwise wait
    /// until they reach the front, up to an interval: after reloads that
    /// replaced many targets, this keeps the queue near one entry per target.
    mutating func compact(isCurrent: (Item) -> Bool) {
        heap = Heap(heap.unordered.filter { isCurrent($0.item) })
    }

    private mutating func dropStale(_ isCurrent: (Item) -> Bool) {
        while let first = heap.min, !isCurrent(first.item) {
            heap.removeMin()
        }
    }
}
