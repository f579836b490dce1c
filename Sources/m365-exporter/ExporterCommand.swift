import ArgumentParser
import Foundation
import Logging
import M365Exporter
import M365Graph
import M365Reports

/// `m365-exporter`: flags as SPEC.md spells them (Prometheus' dotted names),
/// credentials from the Azure SDKs' environment variables.
@main
struct ExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m365-exporter",
        abstract: "Prometheus exporter for the Microsoft 365 usage reports of Microsoft Graph.",
        discussion: """
            Credentials come from the environment, as the Azure SDKs read them: AZURE_TENANT_ID, \
            AZURE_CLIENT_ID and one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH (PEM with \
            key and certificate) or AZURE_FEDERATED_TOKEN_FILE (workload identity), for an app \
            registration with the Reports.Read.All application permission; AZURE_AUTHORITY_HOST \
            selects the login host. --demo serves built-in sample data without credentials.
            """,
        version: ExporterVersion.current,
        subcommands: [BackfillCommand.self])

    @Option(name: .customLong("web.listen-address"), help: "Address and port of the HTTP listener.")
    var listenAddress = ":10365"

    @Option(name: .customLong("web.telemetry-path"), help: "Path under which the metrics are served.")
    var telemetryPath = "/metrics"

    @Option(name: .customLong("web.config.file"), help: "TLS and basic-auth file in the format of prometheus/exporter-toolkit; re-read when it changes.")
    var webConfigFile: String?

    @Option(name: .customLong("refresh.interval"), help: "How often each report is fetched (30s, 5m, 1h).")
    var refreshInterval = "1h"

    @Option(name: .customLong("reports"), help: ArgumentHelp(
        "Comma-separated report functions to fetch; all for every report; default for the seed reports and the Teams, email, OneDrive and SharePoint active-user counts.",
        valueName: "functions"))
    var reports = "default"

    @Option(name: .customLong("reports.periods"), help: "Comma-separated periods for getOffice365ServicesUserCounts (D7, D30, D90, D180).")
    var periods = "D7"

    @Option(name: .customLong("graph.url"), help: "Microsoft Graph base URL (default: the --azure.cloud preset).")
    var graphURL: String?

    @Option(name: .customLong("graph.max-concurrency"), help: "Graph requests in flight, all tenants together.")
    var maxConcurrency = 8

    @Option(name: .customLong("graph.timeout"), help: "Timeout of one HTTP request to Graph or the token endpoint.")
    var requestTimeout = "60s"

    @Option(name: .customLong("azure.cloud"), help: "global, usgov, usgovdod or china: sets the Graph URL and the authority host.")
    var cloud = "global"

    @Flag(name: .customLong("demo"), help: "Serve built-in sample data of a fictional tenant; no credentials needed.")
    var demo = false

    @Option(name: .customLong("log.level"), help: "debug, info, warn or error.")
    var logLevel = "info"

    @Option(name: .customLong("log.format"), help: "logfmt or json.")
    var logFormat = "logfmt"

    /// Like ArgumentParser's own entry point, but a usage error exits with
    /// status 2, as Prometheus' exporters do, rather than 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration: ExporterConfiguration
        let logger: Logger
        do {
            logger = try makeLogger()
            configuration = try makeConfiguration(environment: environment)
        } catch {
            FileHandle.standardError.write(Data("m365-exporter: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        logger.info("starting m365-exporter", metadata: [
            "version": "\(ExporterVersion.current)",
            "mode": "\(configuration.mode == .demo ? "demo" : "graph")",
            "tenants": "\(configuration.tenants.map(\.name).joined(separator: ","))",
            "refresh_interval": "\(GoDuration.format(configuration.refreshInterval))",
        ])
        for tenant in configuration.tenants {
            guard let credentials = tenant.credentials else { continue }
            var metadata: Logger.Metadata = [
                "tenant": "\(tenant.name)", "credential": "\(credentials.credential.kind)",
                "authority_host": "\(credentials.authorityHost)", "graph_url": "\(configuration.graphURL)",
            ]
            switch credentials.credential {
            case .certificate(let certificate): metadata["thumbprint"] = "\(certificate.thumbprint)"
            case .federatedToken(let file): metadata["token_file"] = "\(file.path)"
            case .secret: break
            }
            logger.info("credentials", metadata: metadata)
        }
        do {
            try await Exporter.run(configuration, logger: logger)
        } catch {
            logger.error("exporter stopped", metadata: ["err": "\(error)"])
            throw ExitCode(1)
        }
        logger.info("stopped")
    }

    func makeLogger() throws(UsageError) -> Logger {
        guard let format = LogFormat(rawValue: logFormat) else {
            throw UsageError("--log.format: \"\(logFormat)\" is not logfmt or json")
        }
        let levels: [String: Logger.Level] = ["debug": .debug, "info": .info, "warn": .warning, "error": .error]
        guard let level = levels[logLevel] else {
            throw UsageError("--log.level: \"\(logLevel)\" is not debug, info, warn or error")
        }
        LoggingSystem.bootstrap { _ in LineLogHandler(format: format, level: level) }
        return Logger(label: "m365-exporter")
    }

    /// The validated configuration of the flags and the environment (the
    /// `backfill` command reads its credentials and reports the same way).
    func makeConfiguration(environment: [String: String]) throws(UsageError) -> ExporterConfiguration {
        guard let address = ListenAddress(parsing: listenAddress) else {
            throw UsageError("--web.listen-address: \"\(listenAddress)\" is not HOST:PORT (for example :10365)")
        }
        guard telemetryPath.hasPrefix("/") else {
            throw UsageError("--web.telemetry-path: \"\(telemetryPath)\" must start with /")
        }
        guard let interval = GoDuration.parse(refreshInterval), interval >= .seconds(1) else {
            throw UsageError("--refresh.interval: \"\(refreshInterval)\" is not a duration of at least 1s (30s, 5m, 1h)")
        }
        guard let timeout = GoDuration.parse(requestTimeout), timeout >= .seconds(1) else {
            throw UsageError("--graph.timeout: \"\(requestTimeout)\" is not a duration of at least 1s")
        }
        let periodList: [ReportPeriod]
        do {
            periodList = try ReportPeriod.parseList(periods)
        } catch {
            throw UsageError("--reports.periods: \(error)")
        }
        let reportList: [ReportDefinition]
        do {
            reportList = try ReportCatalog.standard.select(list: reports)
        } catch {
            throw UsageError("--reports: \(error)")
        }
        guard maxConcurrency >= 1 else {
            throw UsageError("--graph.max-concurrency: must be at least 1")
        }
        guard let azureCloud = AzureCloud(named: cloud) else {
            throw UsageError("--azure.cloud: \"\(cloud)\" is not global, usgov, usgovdod or china")
        }
        let graph = graphURL ?? azureCloud.graphURL
        guard graph.hasPrefix("http://") || graph.hasPrefix("https://") else {
            throw UsageError("--graph.url: \"\(graph)\" is not an http(s) URL")
        }

        var webConfig = LoadedWebConfig.open
        var webFile: WebConfigFile?
        if let webConfigFile {
            let file = WebConfigFile(path: webConfigFile)
            do {
                webConfig = try file.load()
            } catch {
                throw UsageError("--web.config.file: \(error)")
            }
            webFile = file
        }

        let tenant: TenantConfiguration
        if demo {
            tenant = TenantConfiguration(name: DemoReportSource.tenantName, credentials: nil, reports: reportList)
        } else {
            let credentials: TenantCredentials
            do {
                credentials = try EnvironmentCredential.credentials(
                    from: environment, defaultAuthorityHost: azureCloud.authorityHost)
            } catch {
                if case .missing = error { throw UsageError("\(error), or run with --demo to serve sample data") }
                throw UsageError("\(error)")
            }
            if case .federatedToken(let file) = credentials.credential {
                // Read once at start so that a wrong path stops here; every
                // token request reads it again.
                do { _ = try file.read() } catch { throw UsageError("AZURE_FEDERATED_TOKEN_FILE: \(error)") }
            }
            tenant = TenantConfiguration(name: credentials.tenantID, credentials: credentials, reports: reportList)
        }
        return ExporterConfiguration(
            listenAddress: address,
            telemetryPath: telemetryPath,
            refreshInterval: interval,
            periods: periodList,
            graphURL: graph,
            maxConcurrency: maxConcurrency,
            requestTimeout: timeout,
            tenants: [tenant],
            mode: demo ? .demo : .graph,
            webConfigFile: webFile,
            webConfig: webConfig)
    }
}

/// A flag or environment value that cannot be used; exits with status 2.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
