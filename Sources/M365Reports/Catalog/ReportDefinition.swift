/// Everything the exporter knows about one Graph usage report, as data: which
/// function to call, where the report day is, and which count column becomes
/// which labelled gauge. Parsing and mapping read only this, so a report is a
/// catalog entry and never code of its own.
public struct ReportDefinition: Sendable, Hashable {
    /// The Graph function, which is also the `report` label.
    public let function: String
    public let apiVersion: GraphAPIVersion
    /// Where the day of a row comes from.
    public let dayColumn: DayColumn
    /// Whether the series carry a `period` label (one series per configured
    /// period), as `getOffice365ServicesUserCounts` does.
    public let labelsPeriod: Bool
    /// The metric families this report feeds, with their help texts.
    public let metrics: [MetricDescriptor]
    /// Count columns, each mapped to one series.
    public let columns: [ColumnMapping]

    public init(
        function: String,
        apiVersion: GraphAPIVersion,
        dayColumn: DayColumn,
        labelsPeriod: Bool = false,
        metrics: [MetricDescriptor],
        columns: [ColumnMapping]
    ) {
        self.function = function
        self.apiVersion = apiVersion
        self.dayColumn = dayColumn
        self.labelsPeriod = labelsPeriod
        self.metrics = metrics
        self.columns = columns
    }

    /// Where a report's rows take their day from.
    public enum DayColumn: Sendable, Hashable {
        /// Daily rows with a `Report Date` column; the newest day is exported.
        case reportDate
        /// One aggregate row per period, dated only by `Report Refresh Date`.
        case reportRefreshDate
    }
}

/// One metric family: its name, its help text and its type.
public struct MetricDescriptor: Sendable, Hashable {
    public let name: String
    public let help: String
    public let type: MetricType

    public init(name: String, help: String, type: MetricType = .gauge) {
        self.name = name
        self.help = help
        self.type = type
    }
}

/// The Prometheus metric types the exporter emits.
public enum MetricType: String, Sendable, Hashable {
    case gauge
    case counter
}

/// One count column of a report and the series it becomes.
public struct ColumnMapping: Sendable, Hashable {
    /// The column's name as Graph documents it.
    public let column: String
    /// Other names real answers have used for the same column.
    public let aliases: [String]
    public let metric: String
    /// Labels that tell this column's series apart from the other columns of
    /// the same metric (for example `type="im"`).
    public let labels: [Label]

    public init(column: String, aliases: [String] = [], metric: String, labels: [Label] = []) {
        self.column = column
        self.aliases = aliases
        self.metric = metric
        self.labels = labels
    }

    /// Every name this column may appear under.
    public var names: [String] { [column] + aliases }
}
