import M365Exporter
import M365Reports
import M365TestSupport
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// The fake of Azure AD and Graph from the test support, as a process of its
/// own, for `scripts/load-test`: it holds `--tenants N` apps (tenant
/// `tid-N`, client `app-N`, secret `secret-N`), serves every report of the
/// catalog with the demo's data (the same bytes the exporter's demo mode
/// parses, so Graph mode and demo mode expose the same series), delays
/// every Graph and download answer by `--latency-ms`, and runs until
/// SIGTERM or SIGINT.
///
/// It prints one line, `graph=URL authority=URL`, once both hosts listen,
/// and at exit one line of counts: `requests graph=N download=N login=N
/// peak_in_flight=N`.
@main
struct FakeGraphServer {
    static func main() async throws {
        var tenants = 1
        var latencyMilliseconds = 0
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--tenants": tenants = Int(arguments.next() ?? "") ?? -1
            case "--latency-ms": latencyMilliseconds = Int(arguments.next() ?? "") ?? -1
            default:
                say("m365-fake-graph: unknown argument \(argument); usage: m365-fake-graph [--tenants N] [--latency-ms MS]")
                exit(2)
            }
        }
        guard tenants >= 1, latencyMilliseconds >= 0 else {
            say("m365-fake-graph: --tenants takes a number from 1, --latency-ms one from 0")
            exit(2)
        }
        let fake = try await FakeGraph.start()
        // A load test sends tens of thousands of requests: count them, keep none.
        await fake.setRecordingRequests(false)
        await fake.setLatency(.milliseconds(latencyMilliseconds))
        // Answers carry entity tags, as Graph's downloads do: the exporter's
        // conditional cache fills as it would against the real service.
        await fake.setConditionalRequests(true)
        for number in 1...tenants {
            await fake.register(FakeApp(tenantID: "tid-\(number)", clientID: "app-\(number)", clientSecret: "secret-\(number)"))
        }
        for report in ReportCatalog.all {
            if report.request.parameter == .period {
                var bodies: [ReportPeriod: [UInt8]] = [:]
                for period in ReportPeriod.allCases {
                    let body = try DemoReportSource.csv(for: report, period: period)
                    // A daily report's sample holds 180 days; Graph's answer
                    // names the period asked for.
                    bodies[period] = report.dayColumn == .reportDate ? ReportCSV.withReportPeriod(body, days: period.days) : body
                }
                await fake.setReport(report, bodies: bodies)
            } else {
                await fake.setReport(report, pages: [try DemoReportSource.csv(for: report, period: .d7)])
            }
        }
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        say("graph=\(fake.graphURL) authority=\(fake.authorityURL)")
        for await _ in signals { break }
        say(
            "requests graph=\(await fake.requestCount(.graph)) download=\(await fake.requestCount(.download))"
                + " login=\(await fake.requestCount(.login)) peak_in_flight=\(await fake.peakRequestsInFlight)")
        await fake.stop()
    }

    /// One line on standard output, unbuffered: the script reads it while the fake runs.
    static func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
