/// One value column of a report and the series it becomes.
public struct ColumnMapping: Sendable, Hashable {
    /// The column's name as Graph documents it.
    public let column: String
    /// Other names real answers have used for the same column (matched after
    /// the documented name).
    public let aliases: [String]
    public let metric: String
    /// Labels that tell this column's series apart from the other columns of
    /// the same metric (for example `type="im"`).
    public let labels: [Label]
    /// How the cell is read.
    public let unit: ValueUnit

    public init(column: String, aliases: [String] = [], metric: String, labels: [Label] = [], unit: ValueUnit = .count) {
        self.column = column
        self.aliases = aliases
        self.metric = metric
        self.labels = labels
        self.unit = unit
    }

    /// Every name this column may appear under.
    public var names: [String] { [column] + aliases }
}
