/// A column whose cell is not a value but tells rows of the same day apart
/// (`Site Type`: one row per site type and day). Its cell becomes a label,
/// in lower snake case (`Team Site` → `team_site`), on every series of the row.
public struct LabelColumn: Sendable, Hashable {
    /// The column's name as Graph documents it.
    public let column: String
    /// Other names real answers have used for it.
    public let aliases: [String]
    /// The label name (`site_type`).
    public let label: String

    public init(column: String, aliases: [String] = [], label: String) {
        self.column = column
        self.aliases = aliases
        self.label = label
    }

    /// Every name this column may appear under.
    public var names: [String] { [column] + aliases }

    /// The label value of a cell: lower case, every run of characters other
    /// than letters and digits one `_`, none at either end; `nil` when nothing
    /// is left.
    public static func labelValue(of cell: String) -> String? {
        var value = ""
        var pendingSeparator = false
        for character in cell.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSeparator, !value.isEmpty { value.append("_") }
                pendingSeparator = false
                value.append(character)
            } else {
                pendingSeparator = true
            }
        }
        return value.isEmpty ? nil : value
    }
}
