import ArgumentParser
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import M365Exporter
import M365Graph
import M365Reports

/// `m365-exporter backfill`: writes the daily rows Graph holds (up to 180
/// days) as OpenMetrics history for `promtool tsdb create-blocks-from
/// openmetrics`. It reads credentials, reports and Graph settings exactly as
/// the exporter does, through the exporter's own options.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Write the report history Graph holds as OpenMetrics samples for promtool.",
        discussion: """
            Fetches each report once for --period and writes every daily row as samples \
            timestamped with its Report Date (period aggregates at their Report Refresh Date), \
            with the metric names and labels of /metrics, ending with # EOF. Then: \
            promtool tsdb create-blocks-from openmetrics FILE DATA_DIR. Credentials, --config.file \
            (every tenant), --reports, --reports.periods, --demo and the Graph flags work as for \
            the exporter; the listener flags are ignored.
            """)

    @Option(name: .customLong("period"), help: "How far back: D7, D30, D90 or D180.")
    var period = "D180"

    @Option(name: .customLong("output"), help: ArgumentHelp("The OpenMetrics file to write (- for standard output).", valueName: "file"))
    var output: String

    @Option(name: .customLong("label"), help: ArgumentHelp(
        "A label added to every series, such as job=m365 (repeatable), to match the labels Prometheus adds when it scrapes.",
        valueName: "name=value"))
    var labels: [String] = []

    @OptionGroup var exporter: ExporterCommand

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration: ExporterConfiguration
        let logger: Logger
        let backfillPeriod: ReportPeriod
        let extraLabels: [Label]
        do throws(UsageError) {
            logger = try exporter.makeLogger()
            configuration = try exporter.makeConfiguration(environment: environment)
            guard let parsed = ReportPeriod(parsing: period) else {
                throw UsageError("--period: \"\(period)\" is not D7, D30, D90 or D180")
            }
            backfillPeriod = parsed
            extraLabels = try labels.map(Self.parseLabel)
        } catch {
            StandardStream.write("m365-exporter backfill: \(error.message)\n", to: .standardError)
            throw ExitCode(2)
        }

        let terminal = isatty(STDERR_FILENO) == 1
        let started = ContinuousClock.now
        let result = try await Backfill.run(
            configuration, period: backfillPeriod, extraLabels: extraLabels, logger: logger
        ) { outcome, done, total in
            // A line per report on a terminal; nothing but the summary in a pipe or a log.
            guard terminal else { return }
            let state = outcome.error.map { "failed: \($0)" } ?? "\(outcome.rows) rows, \(outcome.samples) samples"
            Self.write("[\(done)/\(total)] \(outcome.tenant) \(outcome.report): \(state)\n")
        }

        let bytes = result.document.render()
        do {
            if output == "-" {
                StandardStream.write(bytes, to: .standardOutput)
            } else {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            }
        } catch {
            Self.write("m365-exporter backfill: cannot write \(output): \(FederatedTokenFile.reason(error))\n")
            throw ExitCode(1)
        }

        let document = result.document
        let range = document.firstDay.flatMap { first in document.lastDay.map { "\(first) to \($0)" } } ?? "no rows"
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        Self.write("""
            backfill: \(result.outcomes.count - result.failures.count) of \(result.outcomes.count) reports, \
            \(document.rows) rows, \(document.sampleCount) samples, \(range), \
            \(bytes.count) bytes written to \(output == "-" ? "standard output" : output) \
            in \((seconds * 10).rounded() / 10)s

            """)
        if !result.failures.isEmpty {
            let names = result.failures.map { "\($0.tenant)/\($0.report)" }.joined(separator: ", ")
            Self.write("backfill: \(result.failures.count) reports failed (see the log above): \(names)\n")
            throw ExitCode(1)
        }
    }

    /// `name=value`, with a name Prometheus accepts.
    static func parseLabel(_ text: String) throws(UsageError) -> Label {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts.first.map(String.init) ?? ""
        let valid = name.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && !name.hasPrefix("__")
        guard parts.count == 2, valid, !parts[1].isEmpty else {
            throw UsageError("--label: \"\(text)\" is not name=value with a Prometheus label name")
        }
        guard !["tenant", "period", "report"].contains(name) else {
            throw UsageError("--label: \(name) is set by the exporter itself")
        }
        return Label(name, String(parts[1]))
    }

    private static func write(_ text: String) {
        StandardStream.write(text, to: .standardError)
    }
}
