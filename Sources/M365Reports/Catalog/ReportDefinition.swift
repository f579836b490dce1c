/// Everything the exporter knows about one Graph usage report, as data: which
/// function to call, where the report day is, which columns label rows, and
/// which value column becomes which labelled gauge in which unit. Parsing and
/// mapping read only this, so a report is a catalog entry and never code of
/// its own.
public struct ReportDefinition: Sendable, Hashable {
    /// The Graph function, which is also the `report` label.
    public let function: String
    /// The API version asked in the global cloud.
    public let apiVersion: GraphAPIVersion
    /// The API version that serves the report in each cloud; `nil` asks
    /// ``apiVersion`` everywhere.
    public let clouds: CloudVersions?
    /// Where the day of a row comes from.
    public let dayColumn: DayColumn
    /// Whether the series carry a `period` label (one series per configured
    /// period), as `getOffice365ServicesUserCounts` does.
    public let labelsPeriod: Bool
    /// The metric families this report feeds, with their help texts.
    public let metrics: [MetricDescriptor]
    /// Columns whose cells label the row (`Site Type`).
    public let labelColumns: [LabelColumn]
    /// Value columns, each mapped to one series per row.
    public let columns: [ColumnMapping]
    /// Whether each row's `Report Period` cell (`28`) labels its series as
    /// `period="D28"`: reports asked for every period at once answer one
    /// row per period.
    public let labelsAnsweredPeriod: Bool
    /// Where the function lives, its arguments and the shape of its answer.
    public let request: ReportRequest
    /// The workload a user selects the report by (`--reports teams`).
    public let group: ReportGroup
    /// Microsoft's reference page the function and its columns were read
    /// from, relative to https://learn.microsoft.com/.
    public let documentation: String

    public init(
        function: String,
        apiVersion: GraphAPIVersion,
        dayColumn: DayColumn,
        labelsPeriod: Bool = false,
        metrics: [MetricDescriptor],
        labelColumns: [LabelColumn] = [],
        columns: [ColumnMapping],
        clouds: CloudVersions? = nil,
        labelsAnsweredPeriod: Bool = false,
        request: ReportRequest = .standard,
        group: ReportGroup = .office,
        documentation: String = ""
    ) {
        self.function = function
        self.apiVersion = apiVersion
        self.clouds = clouds
        self.dayColumn = dayColumn
        self.labelsPeriod = labelsPeriod
        self.metrics = metrics
        self.labelColumns = labelColumns
        self.columns = columns
        self.labelsAnsweredPeriod = labelsAnsweredPeriod
        self.request = request
        self.group = group
        self.documentation = documentation
    }

    /// The API version to ask in `cloud`, or `nil` where the cloud does not
    /// serve the report.
    public func apiVersion(in cloud: GraphCloud) -> GraphAPIVersion? {
        guard let clouds else { return apiVersion }
        return clouds.version(in: cloud)
    }

    /// Where a report's rows take their day from.
    public enum DayColumn: Sendable, Hashable {
        /// Daily rows with a `Report Date` column; the newest day is exported.
        case reportDate
        /// One aggregate row per period, dated only by `Report Refresh Date`.
        case reportRefreshDate
    }
}

