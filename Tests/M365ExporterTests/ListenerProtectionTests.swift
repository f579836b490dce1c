import Foundation
import Logging
import M365Exporter
import M365Graph
import M365Reports
import M365TestSupport
import Testing

/// The listener defends itself against clients that misbehave, and the
/// process stops at once on SIGTERM whatever is in flight.
@Suite struct ListenerProtectionTests {
    /// The demo exporter in this process with a short idle timeout.
    private func withDemoExporter(idleTimeout: Duration, _ body: (Int) async throws -> Void) async throws {
        let configuration = ExporterConfiguration(
            listenAddress: ListenAddress(host: "127.0.0.1", port: 0),
            idleTimeout: idleTimeout,
            tenants: [TenantConfiguration(name: DemoReportSource.tenantName, credentials: nil)],
            mode: .demo)
        try await InProcessExporter.withRunning(configuration, logger: InProcessExporter.quietLogger("listener-under-test")) {
            try await body($0.port)
        }
    }

    @Test func aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() async throws {
        try await withDemoExporter(idleTimeout: .seconds(2)) { port in
            let silent = try RawConnection(port: port)
            let started = ContinuousClock.now
            let (_, closed) = await silent.read(for: .seconds(15))
            #expect(closed)
            #expect(ContinuousClock.now - started >= .seconds(1.5))
            // A client that keeps the connection busy is not cut off.
            let busy = try RawConnection(port: port)
            for _ in 0..<5 {
                #expect(busy.write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"))
                let (text, closed) = await busy.read(for: .seconds(5)) { $0.hasSuffix("Healthy.\n") }
                #expect(text.hasPrefix("HTTP/1.1 200"))
                #expect(!closed)
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    @Test func oversizedHeadersAndBodiesAreRefused() async throws {
        try await withDemoExporter(idleTimeout: .seconds(30)) { port in
            let big = try RawConnection(port: port)
            #expect(big.write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 20_000))\r\n\r\n"))
            let (headerAnswer, headerClosed) = await big.read(for: .seconds(5))
            #expect(headerAnswer.hasPrefix("HTTP/1.1 400"), "\(headerAnswer.prefix(80))")
            #expect(headerClosed)

            // A body announced over the limit is refused before it is sent.
            let upload = try RawConnection(port: port)
            #expect(upload.write("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\nabc"))
            let (bodyAnswer, _) = await upload.read(for: .seconds(2))
            #expect(bodyAnswer.hasPrefix("HTTP/1.1 413"), "\(bodyAnswer.prefix(80))")

            // And the listener still serves.
            #expect(try await httpRequest("http://127.0.0.1:\(port)/-/healthy").status == 200)
        }
    }

    @Test func sigtermEndsTheProcessWithin2sWhateverIsInFlight() async throws {
        let app = FakeApp(tenantID: "5d5d5d5d-1111-2222-3333-444444444444", clientID: "stop-app", clientSecret: "Stop~secret-value")
        let fake = try await FakeGraph.start()
        await fake.register(app)
        await fake.serveSeedReports()
        // Every report request hangs: the refreshes are in flight when the signal comes.
        for report in ReportCatalog.defaultReports.map(\.function) {
            await fake.enqueue(.hang, for: report, times: 5)
        }
        let exporter = try await ExporterProcess.start(
            ["--graph.url", fake.graphURL, "--graph.timeout", "60s", "--graph.max-concurrency", "16"],
            environment: [
                "AZURE_TENANT_ID": app.tenantID, "AZURE_CLIENT_ID": app.clientID,
                "AZURE_CLIENT_SECRET": app.clientSecret, "AZURE_AUTHORITY_HOST": fake.authorityURL,
            ])
        #expect(try await eventually { await fake.faultsServed.count == ReportCatalog.defaultReports.count })
        // A scrape answers at once from the snapshot while every refresh hangs.
        let started = ContinuousClock.now
        #expect(try await httpRequest("\(exporter.baseURL)/metrics").status == 200)
        #expect(ContinuousClock.now - started < .seconds(1))
        // A client in the middle of sending its request, and one idle after a request.
        let halfway = try RawConnection(port: exporter.port)
        #expect(halfway.write("GET /metrics HTTP/1.1\r\nHost: x\r\n"))
        let idle = try RawConnection(port: exporter.port)
        #expect(idle.write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"))
        _ = await idle.read(for: .milliseconds(300))

        let (status, took) = await exporter.stop(signal: SIGTERM)
        #expect(status == 0, "\(exporter.output)")
        #expect(took < .seconds(2))
        #expect(exporter.output.contains("msg=stopped"))
        await fake.stop()
    }
}
