import Foundation
import M365TestSupport
import Testing

/// README.md and docs/: every relative link and `#anchor` resolves as GitHub
/// resolves it, README leads to every document, the alert rules' runbooks
/// are headings of docs/alerts.md, and every flag the binary's `--help`
/// prints is documented in docs/configuration.md.
@Suite struct DocumentationTests {
    /// README.md and every Markdown file of docs/.
    static func documentationFiles() throws -> [String] {
        ["README.md"] + (try Repository.files(in: "docs", extensions: ["md"]))
    }

    static func checker(adding extra: [String: String] = [:]) throws -> MarkdownLinkChecker {
        var documents = extra
        for file in try documentationFiles() { documents[file] = try Repository.text(file) }
        return MarkdownLinkChecker(documents: documents) { FileManager.default.fileExists(atPath: Repository.path($0)) }
    }

    @Test func headingAnchorsFollowGitHubsRules() {
        // The anchors GitHub gives these headings, worked out by hand.
        let document = MarkdownDocument("""
            # m365-exporter
            ## 1. Register an app in Microsoft Entra ID (least privilege)
            ## History on day one: `backfill`
            ### What `/metrics` looks like
            ## Runbooks
            ## Runbooks
            #### M365ActiveUsersDrop ##
            ```sh
            # a comment in a code block, not a heading
            ```
            #not a heading
            ## Flags of [the exporter](configuration.md): Größe_max
            """)
        #expect(document.anchors == [
            "m365-exporter", "1-register-an-app-in-microsoft-entra-id-least-privilege", "history-on-day-one-backfill",
            "what-metrics-looks-like", "runbooks", "runbooks-1", "m365activeusersdrop", "flags-of-the-exporter-größe_max",
        ])
    }

    /// The checker itself, on documents with known faults: it must name
    /// exactly the broken links and pass the good ones.
    @Test func theCheckerNamesExactlyTheBrokenLinks() {
        let checker = MarkdownLinkChecker(documents: [
            "README.md": """
                # Title
                ## Quick start
                See [a](docs/a.md), [its part two](docs/a.md#part-two), [the file](deploy/docker/Dockerfile),
                [here](#quick-start), ![picture](docs/landing-page.png), <https://example.com>, [site](https://example.com/x#y).
                `[code, not a link](nowhere.md)`
                Broken: [gone](docs/gone.md), [bad anchor](docs/a.md#part-three), [self](#quick-starts), [up](../outside.md).
                """,
            "docs/a.md": """
                # A
                ## Part two
                Back to [README](../README.md#title) and [a missing heading](../README.md#nothing).
                ```
                [in a code block](nowhere.md)
                ```
                """,
        ]) { ["deploy/docker/Dockerfile", "docs/landing-page.png"].contains($0) }

        let readme = checker.check("README.md")
        #expect(readme.checked == 9)
        #expect(readme.problems.map(\.target) == ["docs/gone.md", "docs/a.md#part-three", "#quick-starts", "../outside.md"])
        #expect(readme.problems.allSatisfy { $0.line == 6 })
        let a = checker.check("docs/a.md")
        #expect(a.checked == 2)
        #expect(a.problems == [MarkdownLinkChecker.Problem(
            file: "docs/a.md", line: 3, target: "../README.md#nothing", reason: "README.md has no heading with anchor #nothing")])
    }

    @Test func everyRelativeLinkAndAnchorOfTheDocumentationResolves() throws {
        let checker = try Self.checker()
        var checked = 0
        for file in try Self.documentationFiles() {
            let result = checker.check(file)
            checked += result.checked
            #expect(result.problems.isEmpty, "broken links:\n\(result.problems.map(\.description).joined(separator: "\n"))")
        }
        // README alone links every document of docs/ and more.
        #expect(checked > (try Self.documentationFiles().count))
    }

    @Test func readmeLinksEveryDocument() throws {
        let targets = Set(MarkdownDocument(try Repository.text("README.md")).links.map {
            String($0.target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
        })
        for file in try Self.documentationFiles().dropFirst() {
            #expect(targets.contains(file), "README.md does not link \(file)")
        }
    }

    /// Alertmanager shows the `runbook` annotation: it must lead to the runbook.
    @Test(arguments: ["deploy/prometheus/alerts.yml", "deploy/kubernetes/prometheusrule.yaml"])
    func everyRunbookAnnotationIsAHeadingOfTheAlertsDocument(file: String) throws {
        let runbooks = try Repository.text(file).split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("runbook:") else { return nil }
            return trimmed.dropFirst("runbook:".count).trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
        }
        #expect(runbooks.count == AlertRulesTests.contractAlerts.count, "\(runbooks)")
        // The annotations are paths from the repository's root: check them as
        // links of a document there.
        let links = runbooks.map { "[runbook](\($0))" }.joined(separator: "\n")
        let result = try Self.checker(adding: ["runbooks.md": links]).check("runbooks.md")
        #expect(result.checked == runbooks.count)
        #expect(result.problems.isEmpty, "\(file):\n\(result.problems.map(\.description).joined(separator: "\n"))")
        #expect(runbooks.allSatisfy { $0.hasPrefix("docs/alerts.md#") }, "\(runbooks)")
    }

    @Test func flagsAreReadFromHelpAsArgumentParserPrintsIt() {
        let help = """
            USAGE: m365-exporter [--web.listen-address <web.listen-address>] [--demo]

            OPTIONS:
              --web.listen-address <web.listen-address>
                                      Address and port of the HTTP listener. (default: :10365)
              --graph.url <graph.url> Microsoft Graph base URL (default: the --azure.cloud preset).
              --demo                  Serve built-in sample data.
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:
              backfill                Writes history.
            """
        #expect(Self.flags(inHelp: help) == ["--web.listen-address", "--graph.url", "--demo", "--version", "--help"])
    }

    @Test(arguments: [["--help"], ["backfill", "--help"]])
    func everyFlagOfHelpIsInTheConfigurationDocument(arguments: [String]) async throws {
        let run = try await ExporterProcess.runToExit(arguments)
        #expect(run.status == 0, "\(run.output)")
        let flags = Self.flags(inHelp: run.output)
        // The exporter has 15 flags of its own; backfill adds 3.
        #expect(flags.count >= (arguments.count == 1 ? 15 : 18), "\(run.output)")
        let configuration = try Repository.text("docs/configuration.md")
        for flag in flags {
            let documented = configuration.contains("`\(flag)`")
            #expect(documented, "\(flag) of `m365-exporter \(arguments.joined(separator: " "))` is not documented in docs/configuration.md")
        }
    }

    /// The options of an ArgumentParser help text: each begins a line of the
    /// OPTIONS list (`  --name <value>`, `  -h, --help`).
    static func flags(inHelp help: String) -> [String] {
        help.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let match = trimmed.range(of: #"^(-[A-Za-z], )?--[A-Za-z0-9][A-Za-z0-9.-]*"#, options: .regularExpression) else { return nil }
            return trimmed[match].split(separator: " ").last.map(String.init)
        }
    }
}
