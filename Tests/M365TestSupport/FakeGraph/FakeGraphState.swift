import Foundation
import M365Reports

/// The fake's memory: registered apps, tokens issued, reports served,
/// scripted faults and every request received.
actor FakeGraphState {
    var apps: [FakeApp] = []
    var tokenLifetime = 3600
    /// Seconds added to the wall clock when checking assertion times, as a
    /// login host whose clock differs from the exporter's.
    var clockOffset: Double = 0
    var downloadLifetime: Double = 300
    var reports: [String: ReportBody] = [:]
    var faults: [String: [FakeFault]] = [:]
    var requests: [FakeRequest] = []
    var served: [ServedFault] = []
    private var tokens: [String: (tenant: String, expires: Double)] = [:]
    private var downloads: [String: (function: String, period: String, tenant: String?, expires: Double)] = [:]
    /// Bodies that differ by tenant; consulted before `reports`.
    var tenantBodies: (@Sendable (_ tenant: String, _ function: String, _ period: String) -> [UInt8]?)?
    /// The JSON resources served besides the reports, by tenant id and
    /// path with query (see ``FakeGraph/setResources(_:)``).
    var resources: (@Sendable (_ tenant: String, _ pathAndQuery: String) -> FakeResource?)?
    func setResources(_ answer: @escaping @Sendable (_ tenant: String, _ pathAndQuery: String) -> FakeResource?) {
        resources = answer
    }
    private var issued = 0
    /// Delay before every Graph and download answer.
    var latency: Duration = .zero
    /// Graph and download requests being answered right now, and the most at once.
    var inFlight = 0
    var peakInFlight = 0
    private var hanging: [CheckedContinuation<Void, Never>] = []
    private(set) var stopping = false
    /// Whether every request is kept in `requests` (a soak test turns it off
    /// and reads `counts`).
    var recording = true
    var counts: [FakeRequest.Host: Int] = [:]
    /// Every n-th Graph request of a report answers with an error status.
    var flaky: [String: (every: Int, status: Int, seen: Int)] = [:]
    /// Tokens stop working this many seconds before the `expires_in` they
    /// were issued with: the token service's clock is ahead of ours.
    var tokenClockSkew = 0
    /// Whether report answers carry an `ETag` and `If-None-Match` can give `304`.
    var conditionalRequests = false
    /// The token endpoint answers this status until the fake's clock passes `until`.
    var tokenOutage: (status: Int, until: Double)?
    /// The token endpoint reads the request and never answers.
    var tokenHangs = false
    /// Answers `expires_in` as a JSON string rather than a number.
    var expiresInAsString = false
    /// The 302 answers carried a tag of their own, told apart from the file's.
    private var redirects = 0
    private let started = ContinuousClock.now

    struct ReportBody: Sendable {
        let apiVersion: GraphAPIVersion
        let byPeriod: [String: [UInt8]]
        let any: [UInt8]?
        /// Where the function lives, its arguments and the shape of its answer.
        var request: ReportRequest = .standard
        /// JSON answers: the pages after the first, served on `$skiptoken=1`, `2`…
        var morePages: [[UInt8]] = []
        /// `version` values Graph refuses with `400` (as a tenant that has only v1).
        var refusedVersions: Set<String> = []
    }

    var now: Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Holds a request open until the fake stops.
    func hang() async {
        guard !stopping else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in hanging.append(continuation) }
    }

    func releaseHangs() {
        stopping = true
        for continuation in hanging { continuation.resume() }
        hanging.removeAll()
    }

    func log(_ request: FakeRequest) {
        counts[request.host, default: 0] += 1
        if recording { requests.append(request) }
    }

    func setRecording(_ value: Bool) { recording = value }
    func setFlaky(_ function: String, every: Int, status: Int) { flaky[function] = (every, status, 0) }
    func setTokenClockSkew(_ seconds: Int) { tokenClockSkew = seconds }
    func setConditionalRequests(_ value: Bool) { conditionalRequests = value }
    func setTokenOutage(status: Int, seconds: Double) { tokenOutage = (status, now + seconds) }
    func setTokenHangs(_ value: Bool) { tokenHangs = value }
    func setExpiresInAsString(_ value: Bool) { expiresInAsString = value }

    /// The status the token endpoint answers instead of a token now, if any.
    var tokenOutageStatus: Int? {
        guard let tokenOutage, now < tokenOutage.until else { return nil }
        return tokenOutage.status
    }

    /// A tag for a `302`: never the file's, so that a client that sends it
    /// back gets the file again rather than a `304`.
    func redirectTag() -> String? {
        guard conditionalRequests else { return nil }
        redirects += 1
        return "\"redirect-\(redirects)\""
    }

    /// The error status the flaky schedule of a report gives this request, if any.
    func flakyStatus(for function: String) -> Int? {
        guard var entry = flaky[function] else { return nil }
        entry.seen += 1
        flaky[function] = entry
        return entry.seen % entry.every == 0 ? entry.status : nil
    }

    /// The entity tag of the body served for a report and period.
    func etag(function: String, period: String, tenant: String?) -> String? {
        body(function: function, period: period, tenant: tenant).flatMap(etag(of:))
    }

    /// The entity tag of a body, when the fake answers conditional requests.
    func etag(of body: [UInt8]) -> String? {
        guard conditionalRequests else { return nil }
        // FNV-1a: stable across runs, which Swift's Hasher is not.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "\"\(String(hash, radix: 16))\""
    }

    func makeRequest(host: FakeRequest.Host, method: String, path: String, authorization: String?, form: [String: String] = [:]) -> FakeRequest {
        FakeRequest(host: host, method: method, path: path, authorization: authorization, form: form, at: now)
    }

    func setLatency(_ value: Duration) { latency = value }

    /// Counts a request in flight for as long as `answer` runs, after the latency.
    func enter() -> Duration {
        inFlight += 1
        peakInFlight = max(peakInFlight, inFlight)
        return latency
    }

    func leave() { inFlight -= 1 }

    func register(_ app: FakeApp) {
        apps.removeAll { $0.tenantID == app.tenantID && $0.clientID == app.clientID }
        apps.append(app)
    }
    func setClockOffset(_ seconds: Double) { clockOffset = seconds }
    func setTokenLifetime(_ seconds: Int) { tokenLifetime = seconds }
    func setDownloadLifetime(_ seconds: Double) { downloadLifetime = seconds }
    func revokeTokens() { tokens.removeAll() }

    func rotateSecret(_ clientID: String, _ secret: String) {
        apps = apps.map { $0.clientID == clientID ? FakeApp(tenantID: $0.tenantID, clientID: $0.clientID, clientSecret: secret) : $0 }
        tokens.removeAll()
    }

    func removeReport(_ function: String) { reports[function] = nil }

    func setReport(_ function: String, apiVersion: GraphAPIVersion, byPeriod: [String: [UInt8]], any: [UInt8]?) {
        reports[function] = ReportBody(apiVersion: apiVersion, byPeriod: byPeriod, any: any)
    }

    func setReport(_ definition: ReportDefinition, byPeriod: [String: [UInt8]], apiVersion: GraphAPIVersion?) {
        reports[definition.function] = ReportBody(
            apiVersion: apiVersion ?? definition.apiVersion, byPeriod: byPeriod, any: nil, request: definition.request)
    }

    func setReport(_ definition: ReportDefinition, pages: [[UInt8]], refusedVersions: Set<String>, apiVersion: GraphAPIVersion?) {
        reports[definition.function] = ReportBody(
            apiVersion: apiVersion ?? definition.apiVersion, byPeriod: [:], any: pages.first, request: definition.request,
            morePages: Array(pages.dropFirst()), refusedVersions: refusedVersions)
    }

    func enqueue(_ fault: FakeFault, for function: String, times: Int) {
        faults[function, default: []].append(contentsOf: repeatElement(fault, count: times))
    }

    func clearFaults(for function: String) { faults[function] = nil }

    func nextFault(for function: String, clientRequestID: String?) -> FakeFault? {
        guard var queue = faults[function], !queue.isEmpty else { return nil }
        let fault = queue.removeFirst()
        faults[function] = queue
        served.append(ServedFault(function: function, fault: fault, at: now, clientRequestID: clientRequestID))
        return fault
    }

    /// Issues a token, or says why not in Entra ID's words.
    ///
    /// - Parameter tokenURL: the URL the request was sent to, which a client assertion must name as `aud`.
    func issueToken(tenant: String, form: [String: String], expectedScope: String, tokenURL: String) -> (status: Int, json: String) {
        guard form["grant_type"] == "client_credentials" else {
            return (400, aadError("unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type."))
        }
        guard apps.contains(where: { $0.tenantID == tenant }) else {
            return (400, aadError("invalid_request", "AADSTS90002: Tenant '\(tenant)' not found."))
        }
        guard let app = apps.first(where: { $0.tenantID == tenant && $0.clientID == form["client_id"] }) else {
            return (400, aadError("unauthorized_client", "AADSTS700016: Application not found in the directory."))
        }
        guard form["scope"] == expectedScope else {
            return (400, aadError("invalid_scope", "AADSTS1002012: The provided value for scope is not valid."))
        }
        if let secret = form["client_secret"] {
            guard secret == app.clientSecret else {
                return (401, aadError("invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(app.clientID)'."))
            }
        } else if form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                  let assertion = form["client_assertion"] {
            let wallClock = Date().timeIntervalSince1970 + clockOffset
            do {
                let jwt = try FakeJWT(assertion)
                if jwt.header["x5t"] != nil || jwt.header["x5t#S256"] != nil {
                    try jwt.verifyCertificateAssertion(app: app, audience: tokenURL, now: wallClock)
                } else if let federation = app.federation {
                    try jwt.verifyFederatedToken(federation, now: wallClock)
                } else {
                    throw FakeJWT.Refusal("AADSTS700211: No matching federated identity record found for presented assertion issuer.")
                }
            } catch let refusal as FakeJWT.Refusal {
                return (401, aadError("invalid_client", refusal.description + "\r\nTrace ID: 0000\r\nCorrelation ID: 1111"))
            } catch {
                return (401, aadError("invalid_client", "AADSTS50027: JWT token is invalid or malformed."))
            }
        } else {
            return (400, aadError("invalid_request", "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type."))
        }
        issued += 1
        let token = "fake-token-\(issued)-\(UInt64.random(in: 0...UInt64.max))"
        tokens[token] = (tenant, now + Double(tokenLifetime - tokenClockSkew))
        let lifetime = expiresInAsString ? "\"\(tokenLifetime)\"" : "\(tokenLifetime)"
        return (200, #"{"token_type":"Bearer","expires_in":\#(lifetime),"ext_expires_in":\#(lifetime),"access_token":"\#(token)"}"#)
    }

    /// The tenant of a valid, unexpired bearer token.
    func tenant(ofBearer header: String?) -> String? {
        guard let header, header.hasPrefix("Bearer ") else { return nil }
        guard let entry = tokens[String(header.dropFirst("Bearer ".count))], entry.expires > now else { return nil }
        return entry.tenant
    }

    func makeDownload(function: String, period: String, tenant: String?, expired: Bool, fault: FakeFault? = nil) -> String {
        let id = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let now = self.now
        downloads = downloads.filter { $0.value.expires > now }
        downloads[id] = (function, period, tenant, expired ? now - 1 : now + downloadLifetime)
        if let fault { downloadFaults[id] = fault }
        return id
    }

    /// Downloads that answer with a fault instead of their body, by id.
    private var downloadFaults: [String: FakeFault] = [:]

    /// The fault a download answers with, once.
    func downloadFault(_ id: String) -> FakeFault? {
        downloadFaults.removeValue(forKey: id)
    }

    func setTenantBodies(_ bodies: @escaping @Sendable (_ tenant: String, _ function: String, _ period: String) -> [UInt8]?) {
        tenantBodies = bodies
    }

    /// The body served for a report and period, to a tenant when given.
    func body(function: String, period: String, tenant: String?) -> [UInt8]? {
        guard let report = reports[function] else { return nil }
        if let tenant, let body = tenantBodies?(tenant, function, period) { return body }
        return report.byPeriod[period] ?? report.any
    }

    /// The body behind a download id, if it is known and not expired, and its entity tag.
    func download(_ id: String) -> (body: [UInt8], etag: String?)? {
        guard let entry = downloads[id], entry.expires > now,
              let body = body(function: entry.function, period: entry.period, tenant: entry.tenant) else { return nil }
        return (body, etag(of: body))
    }

    /// An error body as Entra ID writes it: the AADSTS code leads the
    /// description and is repeated in `error_codes`; trace and correlation
    /// ids follow on later lines of the description.
    private func aadError(_ error: String, _ description: String) -> String {
        let code = description.dropFirst("AADSTS".count).prefix { $0.isNumber }
        let trace = "3f1b2c4d-0000-4000-8000-\(String(issued, radix: 16).leftPadded(12))"
        let full = description.contains("Trace ID") ? description
            : "\(description)\r\nTrace ID: \(trace)\r\nCorrelation ID: 7a6b5c4d-1111-4222-8333-444455556666\r\nTimestamp: 2026-11-22 10:00:00Z"
        let escaped = full.replacingOccurrences(of: "\r\n", with: "\\r\\n")
        return #"{"error":"\#(error)","error_description":"\#(escaped)","error_codes":[\#(code.isEmpty ? "0" : String(code))],"#
            + #""timestamp":"2026-11-22 10:00:00Z","trace_id":"\#(trace)","#
            + #""correlation_id":"7a6b5c4d-1111-4222-8333-444455556666","error_uri":"https://login.microsoftonline.com/error?code=\#(code)"}"#
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
