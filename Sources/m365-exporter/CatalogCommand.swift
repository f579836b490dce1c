import ArgumentParser
import M365Reports

/// `m365-exporter catalog`: the reference of every report the exporter
/// knows, generated from the catalog itself so that the documentation cannot
/// drift from the code (docs/reports.md is this command's output).
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Print every report of the catalog: its metrics, labels, API version, group, whether it is fetched by default, and Microsoft's page.")

    @Option(name: .customLong("format"), help: "markdown (the reference page) or list (one function a line).")
    var format = "markdown"

    func run() throws {
        switch format {
        case "markdown": print(ReportReference.markdown(ReportCatalog.standard), terminator: "")
        case "list": print(ReportCatalog.all.map(\.function).joined(separator: "\n"))
        default: throw ValidationError("--format must be markdown or list, not \"\(format)\"")
        }
    }
}
