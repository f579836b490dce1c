/// How many answers of each HTTP status code Graph gave for one report or
/// collector of one tenant: the series of `m365_graph_requests_total`.
///
/// The first four codes are counted in place, inside the status that holds
/// them; more (a fifth kind of failure) go to a dictionary. A report meets
/// few codes: 200 and the 302 of its download, a 304 when nothing changed,
/// seldom a 429 or a 5xx. Why not a dictionary for all: the first refresh of
/// a thousand tenants would allocate one per report (tens of thousands of
/// small blocks) among the refresh's short-lived answers and parses, and
/// the blocks that stay pin pages the heap cannot give back when the rest
/// is freed (measured: 7 MiB of a thousand tenants' heap, with the entity
/// tags of ``ConditionalCache``).
public struct GraphAnswerCounts: Sendable, ExpressibleByDictionaryLiteral, Sequence {
    /// The codes counted in place; 0 marks a free place.
    private var codes = InlineArray<4, Int16>(repeating: 0)
    private var counts = InlineArray<4, Int>(repeating: 0)
    /// Codes beyond the four, and codes outside 1...Int16.max.
    private var more: [Int: Int] = [:]

    public init() {}

    public init(dictionaryLiteral elements: (Int, Int)...) {
        for (code, count) in elements { self[code, default: 0] += count }
    }

    public var isEmpty: Bool {
        more.isEmpty && !codes.indices.contains { codes[$0] != 0 }
    }

    /// The answers with `code`, `defaultValue` if none; setting 0 keeps the code (a counter stays).
    public subscript(code: Int, default defaultValue: Int) -> Int {
        get { self[code] ?? defaultValue }
        set {
            if let place = place(of: code) {
                counts[place] = newValue
            } else if let free = Int16(exactly: code).flatMap({ $0 > 0 ? firstFreePlace() : nil }) {
                codes[free] = Int16(code)
                counts[free] = newValue
            } else {
                more[code] = newValue
            }
        }
    }

    public subscript(code: Int) -> Int? {
        if let place = place(of: code) { return counts[place] }
        return more[code]
    }

    /// Every code with its count, ascending by code.
    public func makeIterator() -> IndexingIterator<[(code: Int, count: Int)]> {
        map { $0 }.makeIterator()
    }

    /// `transform` of every code with its count, ascending by code, in one
    /// allocation (the result) when no code is beyond the four in place, as
    /// a dictionary's `map` makes: a render maps every report's answers to
    /// series. The one place that orders the codes; iteration goes through it.
    public func map<T>(_ transform: ((code: Int, count: Int)) throws -> T) rethrows -> [T] {
        guard more.isEmpty else {
            var all = more.map { (code: $0.key, count: $0.value) }
            for place in codes.indices where codes[place] != 0 {
                all.append((code: Int(codes[place]), count: counts[place]))
            }
            all.sort { $0.code < $1.code }
            return try all.map(transform)
        }
        // The places in ascending order of their codes, sorted in place.
        var order = InlineArray<4, Int>(repeating: 0)
        var used = 0
        for place in codes.indices where codes[place] != 0 {
            var slot = used
            while slot > 0, codes[order[slot - 1]] > codes[place] {
                order[slot] = order[slot - 1]
                slot -= 1
            }
            order[slot] = place
            used += 1
        }
        var result: [T] = []
        if used > 0 { result.reserveCapacity(used) }
        for index in 0..<used {
            result.append(try transform((code: Int(codes[order[index]]), count: counts[order[index]])))
        }
        return result
    }

    private func place(of code: Int) -> Int? {
        guard let code = Int16(exactly: code), code > 0 else { return nil }
        return codes.indices.first { codes[$0] == code }
    }

    private func firstFreePlace() -> Int? {
        codes.indices.first { codes[$0] == 0 }
    }
}

extension GraphAnswerCounts: Equatable {
    /// The same codes with the same counts, wherever each is kept.
    public static func == (lhs: GraphAnswerCounts, rhs: GraphAnswerCounts) -> Bool {
        lhs.elementsEqual(rhs) { $0.code == $1.code && $0.count == $1.count }
    }
}
