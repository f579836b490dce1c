/// The reports the exporter knows: a value holding declarative entries, so
/// that a report is data (a test or a future configuration can add one at
/// run time) and the code that fetches, parses and maps reads nothing but
/// these entries. ``standard`` is the built-in catalog; its metric and label
/// names are public API (dashboards and alert rules use them), fixed by
/// SPEC.md and docs/metrics.md.
public struct ReportCatalog: Sendable {
    /// Every entry, in the order the exporter lists them.
    public let reports: [ReportDefinition]
    /// The functions fetched when no selection is given.
    public let defaultReportNames: [String]

    /// A catalog of `reports`, refused with an error that names the entry
    /// and the problem when two entries clash or one is malformed (metric
    /// or label names Prometheus would not take, a column feeding a metric
    /// the entry does not declare).
    public init(reports: [ReportDefinition], defaultReports: [String]) throws(ReportCatalogError) {
        try Self.validate(reports, defaults: defaultReports)
        self.reports = reports
        defaultReportNames = defaultReports
    }

    /// The built-in catalog: the seed reports and Graph's count reports.
    public static let standard: ReportCatalog = {
        do {
            return try ReportCatalog(reports: BuiltInReports.all, defaultReports: BuiltInReports.defaultNames)
        } catch {
            // The built-in entries are checked by the test suite; a clash here
            // is a programming error, not bad input.
            preconditionFailure("built-in report catalog: \(error)")
        }
    }()

    /// The entry for a Graph function name (case-insensitive, as Graph's own
    /// function names are), if the catalog has it.
    public func definition(named function: String) -> ReportDefinition? {
        reports.first { $0.function == function } ?? reports.first { $0.function.lowercased() == function.lowercased() }
    }

    /// The reports fetched when no selection is given.
    public var defaultReports: [ReportDefinition] {
        defaultReportNames.compactMap { definition(named: $0) }
    }

    /// This catalog with one more entry (or an entry replaced by function name).
    public func adding(_ definition: ReportDefinition) throws(ReportCatalogError) -> ReportCatalog {
        var entries = reports.filter { $0.function != definition.function }
        entries.append(definition)
        return try ReportCatalog(reports: entries, defaultReports: defaultReportNames)
    }

    /// The entries named in a list of function names and groups, in the
    /// order given and without repeats; `all` stands for every entry,
    /// `default` for the default set, a group (`teams`, `copilot`…) for its
    /// entries in catalog order. An unknown name is an error that names it.
    public func select(_ names: [String]) throws(ReportSelectionError) -> [ReportDefinition] {
        var selected: [ReportDefinition] = []
        func add(_ definition: ReportDefinition) {
            if !selected.contains(where: { $0.function == definition.function }) { selected.append(definition) }
        }
        for name in names {
            let trimmed = name.trimmingASCIIWhitespace()
            switch trimmed.lowercased() {
            case "all": reports.forEach(add)
            case "default": defaultReports.forEach(add)
            case let name where ReportGroup(rawValue: name) != nil:
                reports.filter { $0.group.rawValue == name }.forEach(add)
            default:
                guard let definition = definition(named: trimmed) else {
                    throw ReportSelectionError(name: trimmed, known: reports.map(\.function))
                }
                add(definition)
            }
        }
        guard !selected.isEmpty else { throw ReportSelectionError(name: "", known: reports.map(\.function)) }
        return selected
    }

    /// Reads a comma-separated selection such as the `--reports` flag's.
    public func select(list text: String) throws(ReportSelectionError) -> [ReportDefinition] {
        try select(text.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
    }

    // MARK: The built-in catalog, for callers that need no other

    /// The entry of the built-in catalog for a function name.
    public static func definition(named function: String) -> ReportDefinition? {
        standard.definition(named: function)
    }

    /// The default reports of the built-in catalog.
    public static var defaultReports: [ReportDefinition] { standard.defaultReports }

    /// Every entry of the built-in catalog.
    public static var all: [ReportDefinition] { standard.reports }

    /// The five reports the exporter started with.
    public static var seedReports: [ReportDefinition] {
        BuiltInReports.seedNames.compactMap { standard.definition(named: $0) }
    }

    // MARK: Validation

    /// Labels the exporter sets itself, which no entry may set.
    static let reservedLabels: Set<String> = ["tenant", "period", "report", "job", "instance", "__name__"]

    /// The exporter's own families, which no entry may feed.
    static let reservedMetrics: Set<String> = Set(ReportHealthSeries.perReport.map(\.name) + [
        HealthMetrics.graphThrottledSeconds, HealthMetrics.buildInfo, HealthMetrics.httpAuthFailures,
        HealthMetrics.configReloadSuccessful, HealthMetrics.configReloadSuccessTimestamp,
    ].map(\.name))

    private static func validate(_ reports: [ReportDefinition], defaults: [String]) throws(ReportCatalogError) {
        var owners: [String: String] = [:]
        var functions: Set<String> = []
        for report in reports {
            func fail(_ problem: String) -> ReportCatalogError { ReportCatalogError(report: report.function, problem: problem) }
            guard !report.function.isEmpty, report.function.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw fail("the function name must be ASCII letters and digits")
            }
            guard functions.insert(report.function.lowercased()).inserted else { throw fail("listed twice") }
            guard !report.columns.isEmpty else { throw fail("no value columns") }
            let declared = Set(report.metrics.map(\.name))
            for metric in report.metrics {
                guard isMetricName(metric.name) else { throw fail("\"\(metric.name)\" is not a valid metric name") }
                guard !reservedMetrics.contains(metric.name) else {
                    throw fail("metric \(metric.name) is one of the exporter's own")
                }
                if let owner = owners[metric.name] {
                    throw fail("metric \(metric.name) is already fed by \(owner)")
                }
                owners[metric.name] = report.function
                guard report.columns.contains(where: { $0.metric == metric.name }) else {
                    throw fail("metric \(metric.name) has no column")
                }
            }
            var rowLabels: [String] = []
            for labelColumn in report.labelColumns {
                guard isLabelName(labelColumn.label), !reservedLabels.contains(labelColumn.label) else {
                    throw fail("\"\(labelColumn.label)\" cannot be a label name here")
                }
                rowLabels.append(labelColumn.label)
            }
            var seriesKeys: Set<[Label]> = []
            for column in report.columns {
                guard declared.contains(column.metric) else {
                    throw fail("column \"\(column.column)\" feeds \(column.metric), which the entry does not declare")
                }
                for label in column.labels {
                    guard isLabelName(label.name), !reservedLabels.contains(label.name), !rowLabels.contains(label.name) else {
                        throw fail("column \"\(column.column)\": \"\(label.name)\" cannot be a label name here")
                    }
                }
                guard seriesKeys.insert([Label("__name__", column.metric)] + column.labels).inserted else {
                    throw fail("columns give two series the same name and labels (\(column.metric))")
                }
            }
            // A metric's columns must agree on their label names, or one
            // family would hold series of different shapes.
            for metric in declared {
                let shapes = Set(report.columns.filter { $0.metric == metric }.map { $0.labels.map(\.name) })
                guard shapes.count == 1 else { throw fail("the columns of \(metric) have different label names") }
            }
        }
        for name in defaults where !functions.contains(name.lowercased()) {
            throw ReportCatalogError(report: name, problem: "default report is not in the catalog")
        }
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" || first == ":" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }

    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_", !name.hasPrefix("__") else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
