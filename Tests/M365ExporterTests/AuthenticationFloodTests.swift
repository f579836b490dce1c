import Foundation
@testable import M365Exporter
import M365TestSupport
import Testing

/// Basic authentication costs an attacker more than it costs the exporter:
/// failed attempts are limited per address before bcrypt runs, the bcrypt
/// queue is bounded, and unknown users take as long as known ones.
@Suite struct AuthenticationFloodTests {
    static func htpasswd(_ user: String, _ password: String, cost: Int) throws -> String {
        let (status, output) = try ExternalTool.run("htpasswd", ["-nbBC", String(cost), user, password])
        #expect(status == 0, "\(output)")
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("\(user):") })
        return String(line.dropFirst(user.count + 1))
    }

    /// 1,000 random passwords in a burst: scrapes with the right password go
    /// on answering within 2 s, and the exporter's CPU stays bounded (each
    /// cost-10 check is about 70 ms: unbounded, the burst would cost over a
    /// minute of CPU).
    @Test(.timeLimit(.minutes(3)))
    func aBurstOfRandomPasswordsLeavesScrapesAnsweringAndCPUBounded() async throws {
        let files = try TemporaryFiles()
        let config = try files.write("web.yml", "basic_auth_users:\n  prometheus: \(try Self.htpasswd("prometheus", "right", cost: 10))\n")
        let exporter = try await ExporterProcess.start(["--demo", "--web.config.file", config])
        let base = exporter.baseURL
        let right = WebSecurityTests.basic("prometheus", "right")
        #expect(try await eventually { try await httpRequest("\(base)/-/ready", headers: [right]).status == 200 })
        let cpuBefore = exporter.cpuTime
        let started = ContinuousClock.now

        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            var statuses: [Int] = []
            for index in 0..<1000 {
                if index >= 50, let status = try await group.next() { statuses.append(status) }
                group.addTask {
                    let header = WebSecurityTests.basic(index % 2 == 0 ? "prometheus" : "user\(index)", UUID().uuidString)
                    return (try? await httpRequest("\(base)/metrics", headers: [header], timeout: .seconds(30)))?.status ?? 0
                }
            }
            for try await status in group { statuses.append(status) }
            return statuses
        }
        var latencies: [Duration] = []
        for _ in 0..<10 {
            let scrapeStarted = ContinuousClock.now
            #expect(try await httpRequest("\(base)/metrics", headers: [right], timeout: .seconds(5)).status == 200)
            latencies.append(ContinuousClock.now - scrapeStarted)
        }
        let cpu = exporter.cpuTime - cpuBefore
        let took = ContinuousClock.now - started
        let refused = statuses.filter { $0 == 401 }.count, throttled = statuses.filter { $0 == 429 }.count
        print("auth burst: \(refused) × 401, \(throttled) × 429 in \(took); exporter CPU \(cpu); scrape latency max \(latencies.max() ?? .zero)")
        #expect(refused + throttled == 1000, "statuses: \(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
        #expect(throttled >= 950)
        #expect(latencies.allSatisfy { $0 < .seconds(2) }, "\(latencies)")
        #expect(cpu < .seconds(10), "the burst cost \(cpu) of CPU")
        let series = parseExposition(try await httpRequest("\(base)/metrics", headers: [right]).body)
        _ = series
        #expect(try await eventually(timeout: .seconds(15)) {
            let series = parseExposition(try await httpRequest("\(base)/metrics", headers: [right]).body)
            return series["m365_exporter_http_auth_throttled_total"] == Double(throttled)
                && series["m365_exporter_http_auth_failures_total"] == 1000
        })
        await exporter.stop()
    }

    /// An unknown user takes as long as a known one with a wrong password,
    /// even when the known user's hash is far cheaper than the others'.
    @Test(.timeLimit(.minutes(2)))
    func unknownUsersTakeAsLongAsKnownOnesWhateverTheirCost() async throws {
        let users = [
            "cheap": try #require(BcryptHash.normalize(try Self.htpasswd("cheap", "one", cost: 5))),
            "dear": try #require(BcryptHash.normalize(try Self.htpasswd("dear", "two", cost: 10))),
        ]
        let authenticator = BasicAuthenticator(limiter: FailedAttemptLimiter(burst: 1000), maxPending: 100)
        func time(_ user: String) async -> Duration {
            let header = BasicAuthenticatorTests.header(user, UUID().uuidString)
            let started = ContinuousClock.now
            #expect(await authenticator.check(header, users: users, client: "192.0.2.1") == .denied)
            return ContinuousClock.now - started
        }
        // Warm up: the decoy hash and the reference time of a cost-10 check.
        _ = await time("nobody")
        var cheap: [Duration] = [], unknown: [Duration] = []
        for _ in 0..<5 {
            cheap.append(await time("cheap"))
            unknown.append(await time("nobody"))
        }
        let cheapMedian = cheap.sorted()[2], unknownMedian = unknown.sorted()[2]
        print("bcrypt timing: known cost-5 user \(cheapMedian), unknown user \(unknownMedian)")
        // Without padding a cost-5 check takes 1/32 of a cost-10 one: that
        // gap is what must not show. The band is wide because on a loaded
        // machine a check, and a sleep, can take several times as long as
        // the one before.
        #expect(cheapMedian > unknownMedian / 4, "cheap \(cheap), unknown \(unknown)")
        #expect(cheapMedian < unknownMedian * 8, "cheap \(cheap), unknown \(unknown)")
    }

    @Test func failuresAreLimitedPerAddressAndTheTableIsBounded() {
        let limiter = FailedAttemptLimiter(burst: 3, refill: .seconds(3600), capacity: 4)
        for _ in 0..<3 {
            #expect(limiter.allows("198.51.100.7"))
            limiter.recordFailure("198.51.100.7")
        }
        #expect(!limiter.allows("198.51.100.7"))
        // Another address is not held back by the first.
        #expect(limiter.allows("198.51.100.8"))
        // One IPv6 host's addresses share its /64.
        for suffix in 1...3 { limiter.recordFailure("2001:db8:1:2::\(suffix)") }
        #expect(!limiter.allows("2001:db8:1:2:ffff::9"))
        #expect(limiter.allows("2001:db8:1:3::1"))
        // IPv4-mapped addresses count as the IPv4 address.
        #expect(!limiter.allows("::ffff:198.51.100.7"))
        // Many addresses: the table stays at its bound.
        for host in 0..<100 { limiter.recordFailure("203.0.113.\(host)") }
        #expect(limiter.trackedClients <= 4)
    }

    @Test func theBcryptQueueIsBounded() async throws {
        let users = ["dear": try #require(BcryptHash.normalize(try Self.htpasswd("dear", "two", cost: 10)))]
        let authenticator = BasicAuthenticator(limiter: FailedAttemptLimiter(burst: 1000), maxPending: 2)
        let verdicts = await withTaskGroup(of: BasicAuthenticator.Verdict.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await authenticator.check(
                        BasicAuthenticatorTests.header("dear", UUID().uuidString), users: users, client: "192.0.2.9")
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(verdicts.filter { $0 == .throttled }.count >= 10, "\(verdicts)")
        #expect(authenticator.bcryptChecks <= 10)
    }
}
