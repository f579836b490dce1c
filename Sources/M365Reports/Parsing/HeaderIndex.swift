/// Header names folded for matching: case and spaces do not matter, so that
/// `Total Users`, `TotalUsers` (both in Microsoft's examples) and the JSON
/// field `totalUsers` are one column.
struct HeaderIndex {
    private var positions: [String: Int] = [:]

    init(_ header: [String]) {
        for (position, name) in header.enumerated() {
            let key = Self.fold(name)
            if positions[key] == nil { positions[key] = position }
        }
    }

    func index(of names: [String]) -> Int? {
        for name in names {
            if let position = positions[Self.fold(name)] { return position }
        }
        return nil
    }

    static func fold(_ name: String) -> String {
        String(name.lowercased().filter { $0 != " " && $0 != "\t" })
    }
}
