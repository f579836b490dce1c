import FoundationEssentials
import M365Graph
import M365Reports

/// The YAML file of `--config.file`, read and checked as a whole: every key
/// is known, every value has its type and range, and tenant names are
/// unique. Credentials stay references to files here; ``ConfigurationLoader``
/// reads them.
///
/// The file is walked as a YAML node tree rather than decoded with
/// `Codable`, so that an unknown key (a typo) is refused instead of ignored,
/// and every error carries its line and the tenant it belongs to.
public struct ConfigurationFile: Sendable {
    public var refreshInterval: Duration?
    public var periods: [ReportPeriod]?
    /// The reports of every tenant that does not list its own.
    public var reports: [ReportDefinition]?
    public var graphURL: String?
    public var maxConcurrency: Int?
    /// `graph.proxy_url`: replaces `HTTPS_PROXY` and `HTTP_PROXY`.
    public var proxyURL: ProxyServer?
    /// `graph.max_body_size`, in bytes.
    public var maxBodyBytes: Int?
    public var cloud: AzureCloud?
    public var authorityHost: String?
    /// The collectors of every tenant that does not list its own.
    public var collectors: [CollectorKind]?
    /// `web.max_connections`: connections the listener holds at once.
    public var maxConnections: Int?
    /// `web.request_timeout`: the deadline of one request, head and body.
    public var webRequestTimeout: Duration?
    public var tenants: [Tenant] = []

    /// One entry of `tenants:`.
    public struct Tenant: Sendable {
        /// The `tenant` label.
        public var name: String
        public var tenantID: String
        public var clientID: String
        public var credential: CredentialReference?
        public var reports: [ReportDefinition]?
        public var periods: [ReportPeriod]?
        /// The tenant's own collectors, replacing the global list.
        public var collectors: [CollectorKind]?
        /// Where the entry starts in the file, for messages.
        public var line: Int?
    }

    static let topLevelKeys = ["refresh_interval", "periods", "reports", "collectors", "graph", "azure", "web", "tenants"]
    static let graphKeys = ["url", "max_concurrency", "proxy_url", "max_body_size"]
    static let webKeys = ["max_connections", "request_timeout"]
    static let azureKeys = ["cloud", "authority_host"]
    static let tenantKeys = ["name", "tenant_id", "client_id"] + CredentialReference.keys + ["reports", "periods", "collectors"]

    /// Reads and checks the file at `path`.
    public static func load(path: String) throws(ConfigurationError) -> ConfigurationFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, line: nil, location: "", problem: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: path, line: nil, location: "", problem: "the file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Checks the YAML text of a configuration file; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> ConfigurationFile {
        let reader = Reader(file: file)
        let root: YAMLNode?
        do {
            root = try YAMLReader.compose(yaml: text)
        } catch {
            throw ConfigurationError(
                file: file, line: error.line, location: "", problem: "not valid YAML: column \(error.column): \(error.problem)")
        }
        var result = ConfigurationFile()
        guard let root else { return result }
        let top = try reader.mapping(root, at: "", allowed: topLevelKeys)
        if let node = top["refresh_interval"] {
            result.refreshInterval = try reader.duration(node, at: "refresh_interval", in: ConfigurationLimits.refreshInterval)
        }
        if let node = top["periods"] { result.periods = try reader.periods(node, at: "periods") }
        if let node = top["reports"] { result.reports = try reader.reports(node, at: "reports") }
        if let node = top["collectors"] { result.collectors = try reader.collectors(node, at: "collectors") }
        if let node = top["graph"] {
            let graph = try reader.mapping(node, at: "graph", allowed: graphKeys)
            if let url = graph["url"] { result.graphURL = try reader.url(url, at: "graph.url") }
            if let value = graph["max_concurrency"] {
                result.maxConcurrency = try reader.count(value, at: "graph.max_concurrency", in: ConfigurationLimits.maxConcurrency)
            }
            if let value = graph["proxy_url"] {
                let text = try reader.string(value, at: "graph.proxy_url")
                do {
                    result.proxyURL = try ProxyServer.parse(text)
                } catch {
                    throw reader.error(value, at: "graph.proxy_url", error.description)
                }
            }
            if let value = graph["max_body_size"] {
                let text = try reader.string(value, at: "graph.max_body_size")
                guard let bytes = ByteSize.parse(text) else {
                    throw reader.error(value, at: "graph.max_body_size", "\"\(text)\" is not a size of at least 1KiB (16MiB, 512KiB, 1GiB or bytes)")
                }
                result.maxBodyBytes = bytes
            }
        }
        if let node = top["web"] {
            let web = try reader.mapping(node, at: "web", allowed: webKeys)
            if let value = web["max_connections"] {
                result.maxConnections = try reader.count(value, at: "web.max_connections", in: ConfigurationLimits.maxConnections)
            }
            if let value = web["request_timeout"] {
                result.webRequestTimeout = try reader.duration(
                    value, at: "web.request_timeout", in: ConfigurationLimits.webRequestTimeout)
            }
        }
        if let node = top["azure"] {
            let azure = try reader.mapping(node, at: "azure", allowed: azureKeys)
            if let value = azure["cloud"] {
                let name = try reader.string(value, at: "azure.cloud")
                guard let cloud = AzureCloud(named: name) else {
                    throw reader.error(value, at: "azure.cloud", "\"\(name)\" is not global, usgov, usgovdod or china")
                }
                result.cloud = cloud
            }
            if let value = azure["authority_host"] {
                result.authorityHost = try reader.string(value, at: "azure.authority_host")
            }
        }
        if let node = top["tenants"] {
            guard case .sequence(let entries) = node else {
                throw reader.error(node, at: "tenants", "must be a list of tenants")
            }
            var seen: [String: Int?] = [:]
            for (index, entry) in entries.enumerated() {
                let tenant = try reader.tenant(entry, index: index)
                if let first = seen[tenant.name] {
                    let firstLine = first.map { " (line \($0))" } ?? ""
                    throw reader.error(entry, at: "tenant \"\(tenant.name)\": name",
                                       "duplicate name: another tenant\(firstLine) has it, and names must be unique")
                }
                seen[tenant.name] = tenant.line
                result.tenants.append(tenant)
            }
        }
        return result
    }

    /// Reads typed values out of nodes; every error names the file, the line
    /// and the key path.
    struct Reader {
        let file: String

        func error(_ node: YAMLNode?, at location: String, _ problem: String) -> ConfigurationError {
            ConfigurationError(file: file, line: node?.mark?.line, location: location, problem: problem)
        }

        /// A mapping with string keys, each allowed.
        func mapping(_ node: YAMLNode, at location: String, allowed: [String]) throws(ConfigurationError) -> [String: YAMLNode] {
            let what = location.isEmpty ? "the file" : location
            guard case .mapping(let pairs) = node else {
                throw error(node, at: location, "\(what) must be a mapping of keys to values")
            }
            var result: [String: YAMLNode] = [:]
            for (keyNode, value) in pairs {
                guard let key = keyNode.scalar?.string else {
                    throw error(keyNode, at: location, "keys must be plain words")
                }
                guard allowed.contains(key) else {
                    throw error(keyNode, at: location, "unknown key \"\(key)\" (known: \(allowed.joined(separator: ", ")))")
                }
                result[key] = value
            }
            return result
        }

        func string(_ node: YAMLNode, at location: String) throws(ConfigurationError) -> String {
            guard let scalar = node.scalar else { throw error(node, at: location, "must be a single value") }
            let text = scalar.string.trimmingASCIIWhitespace()
            guard !text.isEmpty, !node.isNull || scalar.style != .plain else {
                throw error(node, at: location, "must not be empty")
            }
            return text
        }

        /// A whole number in `range` (see ``ConfigurationLimits``).
        func count(_ node: YAMLNode, at location: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            switch ConfigurationLimits.count(try string(node, at: location), in: range) {
            case .success(let value): return value
            case .failure(let problem): throw error(node, at: location, problem.message)
            }
        }

        /// A duration in `range` (see ``ConfigurationLimits``).
        func duration(_ node: YAMLNode, at location: String, in range: ClosedRange<Duration>) throws(ConfigurationError) -> Duration {
            switch ConfigurationLimits.duration(try string(node, at: location), in: range) {
            case .success(let value): return value
            case .failure(let problem): throw error(node, at: location, problem.message)
            }
        }

        func url(_ node: YAMLNode, at location: String) throws(ConfigurationError) -> String {
            let text = try string(node, at: location)
            guard text.hasPrefix("http://") || text.hasPrefix("https://") else {
                throw error(node, at: location, "\"\(text)\" is not an http(s) URL")
            }
            return text
        }

        /// A list of words, or one comma-separated string.
        func words(_ node: YAMLNode, at location: String) throws(ConfigurationError) -> [(word: String, node: YAMLNode)] {
            switch node {
            case .sequence(let items):
                var words: [(String, YAMLNode)] = []
                for item in items { words.append((try string(item, at: location), item)) }
                guard !words.isEmpty else { throw error(node, at: location, "must not be an empty list") }
                return words
            case .scalar:
                let words = try string(node, at: location).split(separator: ",")
                    .map { ($0.trimmingASCIIWhitespace(), node) }
                guard words.allSatisfy({ !$0.0.isEmpty }) else { throw error(node, at: location, "has an empty entry") }
                return words
            default:
                throw error(node, at: location, "must be a list")
            }
        }

        func periods(_ node: YAMLNode, at location: String) throws(ConfigurationError) -> [ReportPeriod] {
            var periods: [ReportPeriod] = []
            for (word, item) in try words(node, at: location) {
                guard let period = ReportPeriod(rawValue: word.uppercased()) else {
                    throw error(item, at: location, "\"\(word)\" is not a period (D7, D30, D90, D180)")
                }
                if !periods.contains(period) { periods.append(period) }
            }
            return periods
        }

        /// Collector names (`licenses`, `service-health`, `credentials`); an
        /// empty list (`[]`) switches every collector off.
        func collectors(_ node: YAMLNode, at location: String) throws(ConfigurationError) -> [CollectorKind] {
            if case .sequence(let items) = node, items.isEmpty { return [] }
            var collectors: [CollectorKind] = []
            for (word, item) in try words(node, at: location) {
                guard let kind = CollectorKind(selectableName: word) else {
                    let known = CollectorKind.selectable.map(\.name).joined(separator: ", ")
                    throw error(item, at: location, "\"\(word)\" is not a collector (known: \(known))")
                }
                if !collectors.contains(kind) { collectors.append(kind) }
            }
            return collectors
        }

        /// Report functions of the catalog, or `all` and `default` as `--reports` takes them.
        func reports(_ node: YAMLNode, at location: String) throws(ConfigurationError) -> [ReportDefinition] {
            var reports: [ReportDefinition] = []
            for (word, item) in try words(node, at: location) {
                let selected: [ReportDefinition]
                do {
                    selected = try ReportCatalog.standard.select([word])
                } catch {
                    throw self.error(item, at: location, error.description)
                }
                for definition in selected where !reports.contains(definition) { reports.append(definition) }
            }
            return reports
        }

        func tenant(_ node: YAMLNode, index: Int) throws(ConfigurationError) -> Tenant {
            let unnamed = "tenants[\(index)]"
            guard case .mapping(let pairs) = node else {
                throw error(node, at: unnamed, "must be a mapping with name, tenant_id, client_id and a credential file")
            }
            // The name first, so that every later message can name the tenant.
            guard let nameNode = pairs.first(where: { $0.key.scalar?.string == "name" })?.value else {
                throw error(node, at: unnamed, "name is missing")
            }
            let name = try string(nameNode, at: "\(unnamed): name")
            let location = "tenant \"\(name)\""
            let fields = try mapping(node, at: location, allowed: ConfigurationFile.tenantKeys)
            func required(_ key: String) throws(ConfigurationError) -> String {
                guard let value = fields[key] else { throw error(node, at: location, "\(key) is missing") }
                let text = try string(value, at: "\(location): \(key)")
                guard !text.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                    throw error(value, at: "\(location): \(key)", "\"\(text)\" must not contain spaces or slashes")
                }
                return text
            }
            var tenant = Tenant(
                name: name, tenantID: try required("tenant_id"), clientID: try required("client_id"),
                line: node.mark?.line)
            let credentialKeys = CredentialReference.keys.filter { fields[$0] != nil }
            if credentialKeys.count > 1 {
                throw error(node, at: location, "\(credentialKeys.joined(separator: " and ")) are both set; give one credential")
            }
            if let key = credentialKeys.first, let value = fields[key] {
                tenant.credential = CredentialReference(key: key, path: try string(value, at: "\(location): \(key)"))
            }
            if let value = fields["reports"] { tenant.reports = try reports(value, at: "\(location): reports") }
            if let value = fields["periods"] { tenant.periods = try periods(value, at: "\(location): periods") }
            if let value = fields["collectors"] { tenant.collectors = try collectors(value, at: "\(location): collectors") }
            return tenant
        }
    }
}
