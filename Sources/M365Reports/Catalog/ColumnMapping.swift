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
    /// Whether an answer may lack the column without anything being wrong:
    /// a column that only a later report version has (Copilot's version 2
    /// columns, where Graph serves version 1). Its series is dropped all the
    /// same, but the answer is not reported as lacking it.
    public let optional: Bool

    public init(
        column: String, aliases: [String] = [], metric: String, labels: [Label] = [], unit: ValueUnit = .count,
        optional: Bool = false
    ) {
        self.column = column
        self.aliases = aliases
        self.metric = metric
        self.labels = labels
        self.unit = unit
        self.optional = optional
    }

    /// Every name this column may appear under.
    public var names: [String] { [column] + aliases }
}
