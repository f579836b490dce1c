import M365Reports
import NIOSSL

/// The contents of a `--web.config.file`, in the format of
/// prometheus/exporter-toolkit, parsed and checked: TLS, basic-auth users
/// with bcrypt hashes, and headers added to every answer.
///
/// As in the toolkit, an unknown key is an error (a typo must not silently
/// turn security off). Keys the toolkit knows and this exporter does not
/// implement (`cipher_suites`, `curve_preferences`, `client_allowed_sans`,
/// `rate_limit`) are refused by name rather than ignored.
public struct WebConfig: Sendable {
    /// `nil`: plain HTTP.
    public var tls: TLSServerConfig?
    /// User name → bcrypt hash, with `$2y$` read as the identical `$2b$`.
    public var basicAuthUsers: [String: String]
    /// Headers added to every answer, by name.
    public var headers: [(name: String, value: String)]

    public init(tls: TLSServerConfig? = nil, basicAuthUsers: [String: String] = [:], headers: [(name: String, value: String)] = []) {
        self.tls = tls
        self.basicAuthUsers = basicAuthUsers
        self.headers = headers
    }

    /// The headers `http_server_config.headers` may set, as in the toolkit.
    static let allowedHeaders = [
        "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "X-XSS-Protection",
        "Strict-Transport-Security",
    ]

    /// Parses the YAML of a web configuration file.
    ///
    /// - Parameters:
    ///   - file: the file's path, for error messages.
    ///   - directory: the folder relative `*_file` paths are read from (the file's own, as in the toolkit).
    public static func parse(yaml: String, file: String, directory: String) throws(WebConfigError) -> WebConfig {
        func fail(_ reason: String, at node: YAMLNode? = nil) -> WebConfigError {
            WebConfigError(file: file, reason: (node?.mark.map { "line \($0.line): " } ?? "") + reason)
        }
        let root: YAMLNode?
        do {
            root = try YAMLReader.compose(yaml: yaml)
        } catch {
            // The reader's problems name keys at most, never a value.
            throw fail("not valid YAML: \(error)")
        }
        var config = WebConfig()
        guard let root, !Self.isNull(root) else { return config }
        let top = try mapping(root, "the top level", fail: fail)
        for (key, value) in top {
            switch key {
            case "tls_server_config":
                if !isNull(value) { config.tls = try parseTLS(value, directory: directory, fail: fail) }
            case "http_server_config":
                if !isNull(value) { config.headers = try parseHTTPServer(value, fail: fail) }
            case "basic_auth_users":
                if !isNull(value) { config.basicAuthUsers = try parseUsers(value, fail: fail) }
            case "rate_limit":
                throw fail("rate_limit is not supported by m365-exporter", at: value)
            default:
                throw fail("unknown key \"\(key)\" (expected tls_server_config, http_server_config or basic_auth_users)", at: value)
            }
        }
        return config
    }

    private static func parseTLS(
        _ node: YAMLNode, directory: String, fail: (String, YAMLNode?) -> WebConfigError
    ) throws(WebConfigError) -> TLSServerConfig {
        let fields = try mapping(node, "tls_server_config", fail: fail)
        var certFile: String?, keyFile: String?, caFile: String?
        var cert: String?, key: String?, ca: String?
        var clientAuth = ClientAuthType.noClientCert
        var minVersion = TLSVersion.tlsv12, maxVersion = TLSVersion.tlsv13
        for (name, value) in fields {
            func text() throws(WebConfigError) -> String { try string(value, "tls_server_config.\(name)", fail: fail) }
            switch name {
            case "cert_file": certFile = try text()
            case "key_file": keyFile = try text()
            case "client_ca_file": caFile = try text()
            case "cert": cert = try text()
            case "key": key = try text()
            case "client_ca": ca = try text()
            case "client_auth_type":
                let raw = try text()
                guard let type = ClientAuthType(rawValue: raw) else {
                    throw fail("tls_server_config.client_auth_type: \"\(raw)\" is not one of "
                        + ClientAuthType.allCases.map(\.rawValue).joined(separator: ", "), value)
                }
                clientAuth = type
            case "min_version", "max_version":
                let raw = try text()
                guard let version = TLSServerConfig.versions[raw] else {
                    throw fail("tls_server_config.\(name): \"\(raw)\" is not TLS10, TLS11, TLS12 or TLS13", value)
                }
                if name == "min_version" { minVersion = version } else { maxVersion = version }
            case "prefer_server_cipher_suites":
                // Go ignores it since 1.18; accepted for files written for the toolkit.
                continue
            case "cipher_suites", "curve_preferences", "client_allowed_sans":
                throw fail("tls_server_config.\(name) is not supported by m365-exporter", value)
            default:
                throw fail("unknown key \"tls_server_config.\(name)\"", value)
            }
        }
        func source(_ path: String?, _ inline: String?, _ name: String) throws(WebConfigError) -> TLSServerConfig.PEMSource? {
            switch (path, inline) {
            case (let path?, nil): .file(path.hasPrefix("/") ? path : directory + "/" + path)
            case (nil, let inline?): .inline(inline)
            case (nil, nil): nil
            case (.some, .some): throw fail("tls_server_config: give \(name)_file or \(name), not both", node)
            }
        }
        guard let certificate = try source(certFile, cert, "cert") else {
            throw fail("tls_server_config: cert_file is missing", node)
        }
        guard let privateKey = try source(keyFile, key, "key") else {
            throw fail("tls_server_config: key_file is missing", node)
        }
        let clientCA = try source(caFile, ca, "client_ca")
        if clientAuth.verifies, clientCA == nil {
            throw fail("tls_server_config: client_auth_type \(clientAuth.rawValue) needs client_ca_file", node)
        }
        if clientAuth == .noClientCert, clientCA != nil {
            throw fail("tls_server_config: client_ca_file is set but client_auth_type is NoClientCert; "
                + "set client_auth_type: RequireAndVerifyClientCert", node)
        }
        guard TLSServerConfig.order(minVersion) <= TLSServerConfig.order(maxVersion) else {
            throw fail("tls_server_config: min_version is above max_version", node)
        }
        return TLSServerConfig(
            certificate: certificate, key: privateKey, clientAuth: clientAuth, clientCA: clientCA,
            minVersion: minVersion, maxVersion: maxVersion)
    }

    private static func parseHTTPServer(
        _ node: YAMLNode, fail: (String, YAMLNode?) -> WebConfigError
    ) throws(WebConfigError) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for (name, value) in try mapping(node, "http_server_config", fail: fail) {
            switch name {
            case "http2":
                // HTTP/2 is not served; answers are HTTP/1.1 with or without TLS.
                guard value.bool != nil else { throw fail("http_server_config.http2 is not true or false", value) }
            case "headers":
                if isNull(value) { continue }
                for (header, content) in try mapping(value, "http_server_config.headers", fail: fail) {
                    guard allowedHeaders.contains(header) else {
                        throw fail("http_server_config.headers: \"\(header)\" cannot be set; allowed: "
                            + allowedHeaders.joined(separator: ", "), content)
                    }
                    let text = isNull(content) ? "" : try string(content, "http_server_config.headers.\(header)", fail: fail)
                    if text.isEmpty { continue }
                    if header == "X-Frame-Options", !["deny", "sameorigin"].contains(text.lowercased()) {
                        throw fail("http_server_config.headers.X-Frame-Options must be deny or sameorigin", content)
                    }
                    if header == "X-Content-Type-Options", text.lowercased() != "nosniff" {
                        throw fail("http_server_config.headers.X-Content-Type-Options must be nosniff", content)
                    }
                    guard !text.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                        throw fail("http_server_config.headers.\(header) holds a line break", content)
                    }
                    headers.append((header, text))
                }
            default:
                throw fail("unknown key \"http_server_config.\(name)\"", value)
            }
        }
        return headers
    }

    private static func parseUsers(_ node: YAMLNode, fail: (String, YAMLNode?) -> WebConfigError) throws(WebConfigError) -> [String: String] {
        var users: [String: String] = [:]
        for (user, value) in try mapping(node, "basic_auth_users", fail: fail) {
            guard !user.isEmpty, !user.contains(":") else {
                throw fail("basic_auth_users: a user name must not be empty or hold \":\"", value)
            }
            let hash = try string(value, "basic_auth_users.\(user)", fail: fail)
            guard let normalized = BcryptHash.normalize(hash) else {
                throw fail("basic_auth_users.\(user) is not a bcrypt hash ($2y$, $2b$ or $2a$, as htpasswd -nBC 10 makes)", value)
            }
            guard let cost = BcryptHash.cost(normalized), BcryptHash.costs.contains(cost) else {
                throw fail("basic_auth_users.\(user): the hash's cost is outside \(BcryptHash.costs.lowerBound) to "
                    + "\(BcryptHash.costs.upperBound) (htpasswd -nBC 10 makes cost 10)", value)
            }
            users[user] = normalized
        }
        return users
    }

    // MARK: YAML helpers

    private static func isNull(_ node: YAMLNode) -> Bool {
        node.isNull
    }

    /// A mapping's entries with string keys; duplicate keys are an error.
    private static func mapping(
        _ node: YAMLNode, _ what: String, fail: (String, YAMLNode?) -> WebConfigError
    ) throws(WebConfigError) -> [(String, YAMLNode)] {
        guard let mapping = node.mapping else { throw fail("\(what) must be a mapping of keys to values", node) }
        var seen: Set<String> = []
        var entries: [(String, YAMLNode)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw fail("\(what): a key is not a string", key) }
            guard seen.insert(name).inserted else { throw fail("\(what): key \"\(name)\" appears twice", key) }
            entries.append((name, value))
        }
        return entries
    }

    private static func string(_ node: YAMLNode, _ what: String, fail: (String, YAMLNode?) -> WebConfigError) throws(WebConfigError) -> String {
        guard let scalar = node.scalar else { throw fail("\(what) must be a string", node) }
        return scalar.string
    }
}
