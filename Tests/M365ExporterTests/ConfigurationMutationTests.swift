import Foundation
@testable import M365Exporter
import Testing

/// The configuration and web-configuration parsers take any bytes:
/// thousands of mutations of real files (bytes flipped, cut, repeated,
/// numbers made huge, keys nested deep) each give a configuration or an
/// error naming the file, never a trap or a hang. In-process and seeded,
/// so a failure is reproducible; a trap would end the test run. One test at
/// a time, so that these CPU-bound loops take one core of a CI machine, not
/// both (the coverage-guided search is scripts/fuzz's m365-config-fuzzer).
@Suite(.serialized) struct ConfigurationMutationTests {
    /// SplitMix64: a fixed seed gives the same inputs on every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let configurationSeeds = [
        """
        refresh_interval: 1h
        periods: [D7, D30]
        reports: [getOffice365ServicesUserCounts, getOffice365GroupsActivityGroupCounts]
        graph:
          url: https://graph.microsoft.com
          max_concurrency: 8
        azure:
          cloud: global
          authority_host: https://login.microsoftonline.com
        web:
          max_connections: 4096
          request_timeout: 30s
        tenants:
          - name: contoso
            tenant_id: 11111111-2222-3333-4444-555555555555
            client_id: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee
            client_secret_file: /nonexistent/secret
            reports: [getOffice365ServicesUserCounts]
            periods: [D7]
          - {name: fabrikam, tenant_id: t2, client_id: c2, federated_token_file: /nonexistent/token}
        """,
        "tenants:\n  - name: a\n    tenant_id: t\n    client_id: c\n",
    ]

    static let webSeeds = [
        """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
          client_auth_type: RequireAndVerifyClientCert
          client_ca_file: ca.crt
          min_version: TLS12
          max_version: TLS13
        http_server_config:
          http2: false
          headers:
            Strict-Transport-Security: max-age=31536000
            X-Content-Type-Options: nosniff
            X-Frame-Options: deny
        basic_auth_users:
          prometheus: $2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG
        """,
    ]

    /// Pieces that parsers find hard: huge and odd numbers, YAML's own syntax.
    static let tokens = [
        "9999999999999999h", "18446744073709551616", "-1", "0", "1e308", ".5s", "NaN", "~", "null", "[", "]", "{", "}",
        ": ", "- ", "&a", "*a", "!!binary", "|\n", ">\n", "\"", "'", "\t", "\u{0}", "\u{FEFF}", "%YAML 1.2\n", "---\n",
        "? ", "<<: *a", "💥", String(repeating: "[", count: 200), String(repeating: "a", count: 5000),
    ]

    static func mutate(_ seed: String, _ random: inout Generator) -> String {
        var bytes = Array(seed.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 1:
                bytes = Array(bytes.prefix(at))
            case 2:
                bytes.insert(contentsOf: Array(tokens.randomElement(using: &random)!.utf8), at: at)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...200, using: &random))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            case 4:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...20, using: &random)))
            default:
                // A number anywhere replaced by a huge one.
                if let digit = bytes[at...].firstIndex(where: { (48...57).contains($0) }) {
                    bytes.replaceSubrange(digit...digit, with: Array("99999999999999999999".utf8))
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(.timeLimit(.minutes(2)))
    func theConfigurationFileParserTakesAnyMutation() {
        var random = Generator(state: 13)
        var refused = 0
        for index in 0..<4000 {
            let text = Self.mutate(Self.configurationSeeds[index % Self.configurationSeeds.count], &random)
            do {
                _ = try ConfigurationFile.parse(text, file: "m365.yml")
            } catch {
                refused += 1
                #expect(error.description.hasPrefix("m365.yml"), "\(error.description.prefix(200))")
            }
        }
        #expect(refused > 500)
    }

    @Test(.timeLimit(.minutes(2)))
    func theWebConfigurationParserTakesAnyMutation() {
        var random = Generator(state: 17)
        var refused = 0
        for _ in 0..<4000 {
            let text = Self.mutate(Self.webSeeds[0], &random)
            do {
                _ = try WebConfig.parse(yaml: text, file: "web.yml", directory: "/nonexistent")
            } catch {
                refused += 1
                #expect(error.description.hasPrefix("web.yml: "), "\(error.description.prefix(200))")
            }
        }
        #expect(refused > 500)
    }
}
