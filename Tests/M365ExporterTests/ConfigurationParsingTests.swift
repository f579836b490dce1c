import M365Exporter
import Testing

@Suite struct ConfigurationParsingTests {
    @Test(arguments: [
        ("30s", Duration.seconds(30)), ("5m", .seconds(300)), ("1h", .seconds(3600)), ("1h30m", .seconds(5400)),
        ("500ms", .milliseconds(500)), ("1d", .seconds(86_400)), ("1.5h", .seconds(5400)),
    ])
    func readsGoDurations(_ text: String, _ duration: Duration) {
        #expect(GoDuration.parse(text) == duration)
    }

    @Test(arguments: ["", "5", "5x", "h", "1h-5m", "-5m", "1 h"])
    func refusesWhatIsNotADuration(_ text: String) {
        #expect(GoDuration.parse(text) == nil)
    }

    @Test func formatsDurations() {
        #expect(GoDuration.format(.seconds(5400)) == "1h30m")
        #expect(GoDuration.format(.seconds(3600)) == "1h")
        #expect(GoDuration.format(.seconds(45)) == "45s")
    }

    @Test(arguments: [
        (":10365", "", 10365), ("0.0.0.0:10365", "0.0.0.0", 10365), ("127.0.0.1:9000", "127.0.0.1", 9000), ("[::1]:0", "::1", 0),
        ("localhost:8080", "localhost", 8080),
    ])
    func readsListenAddresses(_ text: String, _ host: String, _ port: Int) throws {
        let address = try #require(ListenAddress(parsing: text))
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test(arguments: ["10365", "::1:80", "host:", "host:70000", "[::1:80", ":-1"])
    func refusesBadListenAddresses(_ text: String) {
        #expect(ListenAddress(parsing: text) == nil)
    }
}
