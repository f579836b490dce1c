#if canImport(Glibc)
import Glibc
#endif
import Foundation
import M365TestSupport
import Testing

/// Floods and slow clients cannot stop a scrape: the exporter raises its
/// open-file limit, holds a bounded number of connections, and cuts off a
/// request that is not complete within its deadline. Loopback only; every
/// test bounds its connections and its time.
@Suite(.serialized) struct ConnectionFloodTests {
    /// The hard open-file limit of this process, which the exporter inherits.
    static var hardLimit: Int {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        return limit.rlim_max >= rlim_t(Int.max) ? Int.max : Int(limit.rlim_max)
    }

    /// Opens `idle` connections that send nothing and `trickling` ones that
    /// send a request head and then a body byte a second, until its standard
    /// input closes. A process of its own: a test process holding 1,700
    /// descriptors makes Foundation's `Process.run` of other tests crash.
    static let floodScript = """
        import resource, select, socket, sys, os
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        port, idle, trickling, ready = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        quiet = [socket.create_connection(("127.0.0.1", port)) for _ in range(idle)]
        slow = []
        for _ in range(trickling):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"POST /metrics HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 60000\\r\\n\\r\\n")
            slow.append(s)
        open(ready, "w").close()
        while not select.select([sys.stdin], [], [], 1.0)[0]:
            for s in slow:
                try:
                    s.send(b"x")
                except OSError:
                    pass
        for s in quiet + slow:
            s.close()
        """

    /// Started with systemd's soft limit of 1,024: 1,500 idle connections and
    /// 200 that trickle a body leave twenty scrapes answering within 2 s each,
    /// and the descriptors come back once the flood ends.
    @Test(.timeLimit(.minutes(3)))
    func aFloodOfIdleAndTricklingConnectionsLeavesScrapesAnswering() async throws {
        let hard = Self.hardLimit
        try #require(hard >= 4096, "the hard open-file limit \(hard) is too low for this test")
        let exporter = try await ExporterProcess.start(
            ["--demo", "--log.level", "debug"], launcher: ["prlimit", "--nofile=1024:\(min(hard, 65536))", "--"])
        let base = exporter.baseURL
        #expect(try await eventually { try await httpRequest("\(base)/-/ready").status == 200 })
        // The soft limit was raised at start, and said so.
        #expect(exporter.output.contains("soft_before=1024"), "\(exporter.output.prefix(2000))")
        let before = exporter.openDescriptors

        let files = try TemporaryFiles()
        let ready = "\(files.directory)/ready"
        let flood = Process()
        flood.executableURL = URL(fileURLWithPath: try ExternalTool.path(of: "python3"))
        flood.arguments = ["-c", Self.floodScript, String(exporter.port), "1500", "200", ready]
        let input = Pipe()
        flood.standardInput = input
        try flood.run()
        defer {
            try? input.fileHandleForWriting.close()
            flood.waitUntilExit()
        }
        #expect(try await eventually(timeout: .seconds(60)) { FileManager.default.fileExists(atPath: ready) || !flood.isRunning })
        #expect(flood.isRunning, "the flood ended early: status \(flood.terminationStatus)")
        // Every flood connection was accepted and is held, not refused.
        #expect(try await eventually(timeout: .seconds(30)) { exporter.openDescriptors >= before + 1700 },
                "descriptors: \(exporter.openDescriptors), before \(before)")
        let during = exporter.openDescriptors

        var latencies: [Duration] = []
        for _ in 0..<20 {
            let started = ContinuousClock.now
            let answer = try await httpRequest("\(base)/metrics", timeout: .seconds(5))
            latencies.append(ContinuousClock.now - started)
            #expect(answer.status == 200)
            #expect(answer.body.contains("o365_active_users"))
        }
        let slowest = latencies.max() ?? .zero
        #expect(slowest < .seconds(2), "scrape latencies during the flood: \(latencies)")
        print("flood: descriptors before \(before), during \(during); scrape latency max \(slowest), median \(latencies.sorted()[10])")

        try input.fileHandleForWriting.close()
        flood.waitUntilExit()
        #expect(try await eventually(timeout: .seconds(20)) { abs(exporter.openDescriptors - before) <= 20 },
                "descriptors after the flood: \(exporter.openDescriptors), before \(before)")
        print("flood: descriptors after \(exporter.openDescriptors)")
        await exporter.stop()
    }

    /// Connections over --web.max-connections are closed at once and counted;
    /// the ones held still answer.
    @Test(.timeLimit(.minutes(2)))
    func connectionsOverTheLimitAreClosedAtOnceAndCounted() async throws {
        let exporter = try await ExporterProcess.start(["--demo", "--web.max-connections", "20"])
        let base = exporter.baseURL
        #expect(try await eventually { try await httpRequest("\(base)/-/ready").status == 200 })
        // The client pool of `httpRequest` may hold a connection of its own: fill up to the limit.
        var held: [RawConnection] = []
        for _ in 0..<30 { held.append(try RawConnection(port: exporter.port)) }
        var closedAtOnce = 0
        for connection in held {
            let (_, closed) = await connection.read(for: .milliseconds(300))
            if closed { closedAtOnce += 1 }
        }
        // 20 places, one of them perhaps the pooled client's: 10 or 11 refused.
        #expect((10...11).contains(closedAtOnce), "\(closedAtOnce) of 30 closed at once")
        // A held connection is served.
        let open = try #require(held.first)
        #expect(open.write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"))
        let (answer, _) = await open.read(for: .seconds(5)) { $0.hasSuffix("Healthy.\n") }
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        held.removeAll()
        var rejected: Double?
        #expect(try await eventually(timeout: .seconds(20)) {
            let series = parseExposition((try? await httpRequest("\(base)/metrics"))?.body ?? "")
            rejected = series["m365_exporter_http_connections_rejected_total"]
            return rejected.map { $0 >= Double(closedAtOnce) } ?? false
        }, "rejected: \(String(describing: rejected))")
        await exporter.stop()
    }

    /// A request whose head or body trickles is cut off at the deadline,
    /// however often a byte comes; a complete request is not.
    @Test(.timeLimit(.minutes(2)))
    func aTrickledRequestIsCutOffAtTheDeadline() async throws {
        let exporter = try await ExporterProcess.start(["--demo", "--web.request-timeout", "2s"])
        let base = exporter.baseURL
        #expect(try await eventually { try await httpRequest("\(base)/-/ready").status == 200 })
        let head = try RawConnection(port: exporter.port)
        let body = try RawConnection(port: exporter.port)
        #expect(body.write("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"))
        let started = ContinuousClock.now
        var headClosedAfter: Duration?, bodyClosedAfter: Duration?
        let headText = Array("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: " + String(repeating: "a", count: 100))
        var index = 0
        while ContinuousClock.now - started < .seconds(10), headClosedAfter == nil || bodyClosedAfter == nil {
            if headClosedAfter == nil {
                var closed = !head.write(String(headText[index % headText.count]))
                if !closed { closed = await head.read(for: .milliseconds(150)).closed }
                if closed { headClosedAfter = ContinuousClock.now - started }
            }
            if bodyClosedAfter == nil {
                var closed = !body.write("x")
                if !closed { closed = await body.read(for: .milliseconds(150)).closed }
                if closed { bodyClosedAfter = ContinuousClock.now - started }
            }
            index += 1
        }
        // The head never completes: cut off at the deadline, not before.
        let headTook = try #require(headClosedAfter, "a trickled head was not cut off within 10 s")
        #expect(headTook >= .seconds(1.5) && headTook < .seconds(8), "\(headTook)")
        // The body never completes either (the answer may come before it).
        let bodyTook = try #require(bodyClosedAfter, "a trickled body was not cut off within 10 s")
        #expect(bodyTook < .seconds(8), "\(bodyTook)")
        // A keep-alive connection sending whole requests now and then is not cut off.
        let busy = try RawConnection(port: exporter.port)
        for _ in 0..<4 {
            #expect(busy.write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n"))
            let (text, closed) = await busy.read(for: .seconds(5)) { $0.hasSuffix("Healthy.\n") }
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(!closed)
            try await Task.sleep(for: .seconds(1))
        }
        #expect(try await eventually(timeout: .seconds(15)) {
            let series = parseExposition((try? await httpRequest("\(base)/metrics"))?.body ?? "")
            return (series["m365_exporter_http_request_deadline_exceeded_total"] ?? 0) >= 1
        })
        await exporter.stop()
    }
}
