import Foundation
import HTTPTypes
import Logging
import Hummingbird
import M365Reports
import NIOCore
import ServiceLifecycle

/// A fake of Azure AD's token endpoint and Microsoft Graph's reports API on
/// real loopback sockets, behaving as SPEC.md describes the real service:
///
/// - `POST /{tenant}/oauth2/v2.0/token` checks the client-credentials form
///   (client id, scope `{graph}/.default`, and a secret or a client
///   assertion: a JWT signed by a certificate registered on the app, checked
///   for signature, thumbprint, audience, issuer, subject and time window,
///   or a federated token of the app's federated issuer) and issues tokens
///   that expire after `tokenLifetime` seconds; refusals carry AADSTS codes.
/// - `GET /{v1.0|beta}/reports/{function}(period='D7')` checks the bearer
///   token and the API version, then answers `302 Found` with a
///   pre-authenticated download URL on a second port that expires. A report
///   set with its catalog entry is served as the entry says Graph serves it:
///   under `/copilot/reports`, without arguments, with `version`, as `200`
///   with CSV, or as JSON pages linked by `@odata.nextLink`.
/// - The download host serves the CSV body as set, byte for byte.
/// - Faults queued per report replace the normal answer once each.
///
/// Login and Graph share the first port (`graphURL` and `authorityURL`);
/// downloads are on the second, so a redirect there is cross-origin.
public final class FakeGraph: Sendable {
    public let graphURL: String
    /// The login host: the Graph port, under its own name where names are given.
    public let authorityURL: String
    public let downloadURL: String
    let state: FakeGraphState
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    private init(
        graphURL: String, authorityURL: String, downloadURL: String, state: FakeGraphState, group: ServiceGroup,
        running: Task<Void, any Error>
    ) {
        self.graphURL = graphURL
        self.authorityURL = authorityURL
        self.downloadURL = downloadURL
        self.state = state
        self.group = group
        self.running = running
    }

    /// Starts both hosts on free loopback ports. With `hostNames`, the URLs
    /// the fake gives out (its Graph URL, token URL, download URLs) name
    /// these hosts instead of 127.0.0.1: names only a proxy can resolve.
    public static func start(hostNames: FakeHostNames? = nil) async throws -> FakeGraph {
        let state = FakeGraphState()
        let downloadPort = PortBox()
        let graphPort = PortBox()
        var logger = Logger(label: "fake-graph")
        logger.logLevel = .critical
        let download = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                try await Self.counted(state) { try await Self.answerDownload(request, state: state) }
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { await downloadPort.set($0.localAddress?.port ?? 0) },
            logger: logger)
        let graph = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                let graphURL = "http://\(hostNames?.graph ?? "127.0.0.1"):\(try await graphPort.get())"
                let downloadURL = "http://\(hostNames?.download ?? "127.0.0.1"):\(try await downloadPort.get())"
                if request.method == .post {
                    return try await Self.answerGraph(request, state: state, graphURL: graphURL, downloadURL: downloadURL)
                }
                return try await Self.counted(state) {
                    try await Self.answerGraph(request, state: state, graphURL: graphURL, downloadURL: downloadURL)
                }
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { await graphPort.set($0.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [download, graph], logger: logger))
        let running = Task { try await group.run() }
        let graphPortNumber = try await graphPort.get()
        return FakeGraph(
            graphURL: "http://\(hostNames?.graph ?? "127.0.0.1"):\(graphPortNumber)",
            authorityURL: "http://\(hostNames?.login ?? "127.0.0.1"):\(graphPortNumber)",
            downloadURL: "http://\(hostNames?.download ?? "127.0.0.1"):\(try await downloadPort.get())",
            state: state, group: group, running: running)
    }

    /// Stops both hosts.
    public func stop() async {
        await state.releaseHangs()
        await group.triggerGracefulShutdown()
        _ = await running.result
    }

    // MARK: Scripting

    /// Registers an app, replacing an earlier registration of the same client
    /// (as uploading or removing a certificate in Entra ID does).
    public func register(_ app: FakeApp) async { await state.register(app) }
    /// Shifts the clock the token endpoint checks assertion times with.
    public func setClockOffset(seconds: Double) async { await state.setClockOffset(seconds) }
    public func setTokenLifetime(seconds: Int) async { await state.setTokenLifetime(seconds) }
    public func setDownloadLifetime(seconds: Double) async { await state.setDownloadLifetime(seconds) }
    /// Forgets every token issued, as a revoked consent or secret would.
    public func revokeTokens() async { await state.revokeTokens() }
    /// Gives an app a new secret and forgets every token issued: from now on
    /// the old secret is refused, as after a rotation in Entra ID.
    public func rotateSecret(clientID: String, to secret: String) async { await state.rotateSecret(clientID, secret) }
    /// Tokens stop working `seconds` before the `expires_in` they carry.
    public func setTokenClockSkew(seconds: Int) async { await state.setTokenClockSkew(seconds) }
    /// Every `every`-th Graph request for `function` answers `status`.
    public func setFlaky(_ function: String, every: Int, status: Int) async {
        await state.setFlaky(function, every: every, status: status)
    }
    /// Report answers carry an `ETag`; a request whose `If-None-Match` names
    /// the body being served gets `304 Not Modified`.
    public func setConditionalRequests(_ enabled: Bool) async { await state.setConditionalRequests(enabled) }
    /// The token endpoint answers `status` (with an Entra ID error body) for
    /// the next `seconds`, then issues tokens again.
    public func setTokenOutage(status: Int, seconds: Double) async { await state.setTokenOutage(status: status, seconds: seconds) }
    /// The token endpoint reads each request and never answers it.
    public func setTokenHangs(_ hangs: Bool) async { await state.setTokenHangs(hangs) }
    /// Token answers give `expires_in` as a string (`"3599"`), as Entra ID has.
    public func setExpiresInAsString(_ enabled: Bool) async { await state.setExpiresInAsString(enabled) }
    /// The entity tag of the file a download of this report serves (the
    /// `302` carries another one of its own).
    public func fileTag(_ function: String, period: ReportPeriod, tenant: String) async -> String? {
        await state.etag(function: function, period: period.rawValue, tenant: tenant)
    }
    /// Whether every request is kept for `requests`; `requestCount` counts either way.
    public func setRecordingRequests(_ enabled: Bool) async { await state.setRecording(enabled) }
    /// Requests received by one host so far.
    public func requestCount(_ host: FakeRequest.Host) async -> Int { await state.counts[host] ?? 0 }

    /// Stops serving a report: Graph answers `400` "Resource not found for
    /// the segment", as a cloud that lacks the function does.
    public func removeReport(_ function: String) async { await state.removeReport(function) }

    /// Serves `body` for a report whatever the period.
    public func setReport(_ function: String, apiVersion: GraphAPIVersion, body: [UInt8]) async {
        await state.setReport(function, apiVersion: apiVersion, byPeriod: [:], any: body)
    }

    /// Serves a report as its catalog entry says Graph does: under its root,
    /// with its arguments checked, as a redirect to a CSV download, a CSV
    /// body or JSON pages (each after the first behind the previous page's
    /// `@odata.nextLink`). `refusedVersions` are `version` values answered
    /// with `400 Bad Request`.
    /// `apiVersion` serves it on another API version than the entry's
    /// global one (a national cloud's `beta`).
    public func setReport(
        _ definition: ReportDefinition, pages: [[UInt8]], refusedVersions: Set<String> = [], apiVersion: GraphAPIVersion? = nil
    ) async {
        await state.setReport(definition, pages: pages, refusedVersions: refusedVersions, apiVersion: apiVersion)
    }

    /// Serves a report as its catalog entry says, one body per period
    /// (`D7`, `D30`…); a function without a period parameter, or with a
    /// fixed one, gets the `D7` body.
    public func setReport(
        _ definition: ReportDefinition, bodies: [ReportPeriod: [UInt8]], apiVersion: GraphAPIVersion? = nil
    ) async {
        guard definition.request.parameter == .period else {
            await state.setReport(definition, pages: [bodies[.d7] ?? []], refusedVersions: [], apiVersion: apiVersion)
            return
        }
        var byPeriod: [String: [UInt8]] = [:]
        for (period, body) in bodies { byPeriod[period.rawValue] = body }
        await state.setReport(definition, byPeriod: byPeriod, apiVersion: apiVersion)
    }

    /// Serves one body per period (`D7`, `D30`…).
    public func setReport(_ function: String, apiVersion: GraphAPIVersion, bodies: [ReportPeriod: [UInt8]]) async {
        var byPeriod: [String: [UInt8]] = [:]
        for (period, body) in bodies { byPeriod[period.rawValue] = body }
        await state.setReport(function, apiVersion: apiVersion, byPeriod: byPeriod, any: nil)
    }

    /// Serves, for the tenants and reports where `bodies` gives one, a body
    /// of each tenant's own (by tenant id, function and period `D7`…); the
    /// bodies set with `setReport` serve the rest.
    public func setTenantBodies(_ bodies: @escaping @Sendable (_ tenantID: String, _ function: String, _ period: String) -> [UInt8]?) async {
        await state.setTenantBodies(bodies)
    }

    /// Delays every Graph and download answer (token answers are not delayed).
    public func setLatency(_ latency: Duration) async { await state.setLatency(latency) }

    /// The most Graph and download requests the fake was answering at once.
    public var peakRequestsInFlight: Int { get async { await state.peakInFlight } }

    /// Answers the next `times` requests for `function` with `fault`, after
    /// the faults already queued for it.
    public func enqueue(_ fault: FakeFault, for function: String, times: Int = 1) async {
        await state.enqueue(fault, for: function, times: times)
    }

    /// Drops the faults still queued for `function`: its next request is
    /// answered as usual.
    public func clearFaults(for function: String) async { await state.clearFaults(for: function) }

    /// Every queued fault answered so far, in order.
    public var faultsServed: [ServedFault] { get async { await state.served } }

    /// Every request received so far.
    public var requests: [FakeRequest] { get async { await state.requests } }

    /// Seconds since the fake started, on the clock of `FakeRequest.at`.
    public var now: Double { get async { await state.now } }

    // MARK: Answers

    private static func counted(_ state: FakeGraphState, _ answer: () async throws -> Response) async throws -> Response {
        let latency = await state.enter()
        do {
            if latency > .zero { try await Task.sleep(for: latency) }
            let response = try await answer()
            await state.leave()
            return response
        } catch {
            await state.leave()
            throw error
        }
    }

    private static func answerGraph(_ request: Request, state: FakeGraphState, graphURL: String, downloadURL: String) async throws -> Response {
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        let authorization = request.headers[.authorization]
        if request.method == .post, path.hasSuffix("/oauth2/v2.0/token") {
            let body = try await request.body.collect(upTo: 1 << 16)
            let form = Self.parseForm(String(buffer: body))
            await state.log(await state.makeRequest(host: .login, method: "POST", path: path, authorization: authorization, form: form))
            let tenant = path.split(separator: "/").first.map(String.init) ?? ""
            if await state.tokenHangs {
                await state.hang()
                return Self.json(504, "{}")
            }
            if let status = await state.tokenOutageStatus {
                return Self.json(status, #"{"error":"temporarily_unavailable","error_description":"AADSTS90033: A transient error has occurred. Please try again."}"#)
            }
            let authority = request.head.authority.map { "http://\($0)" } ?? graphURL
            let (status, json) = await state.issueToken(
                tenant: tenant, form: form, expectedScope: "\(graphURL)/.default", tokenURL: "\(authority)\(path)")
            return Self.json(status, json)
        }
        var logged = await state.makeRequest(host: .graph, method: request.method.rawValue, path: path, authorization: authorization)
        logged.clientRequestID = request.headers[HTTPField.Name("client-request-id")!]
        logged.retryAttempt = request.headers[HTTPField.Name("Retry-Attempt")!].flatMap { Int($0) }
        logged.ifNoneMatch = request.headers[.ifNoneMatch]
        logged.prefer = request.headers[HTTPField.Name("Prefer")!]
        logged.query = request.uri.query.map { $0.removingPercentEncoding ?? $0 }
        await state.log(logged)
        guard request.method == .get else { return Self.graphError(405, "Request_BadRequest", "Method not allowed") }

        // JSON resources of the collectors (subscribedSkus, service health, applications).
        if !path.contains("/reports/") {
            return await Self.answerResource(request, path: path, authorization: authorization, state: state)
        }

        // /{version}/{reports|copilot/reports}/{function}(period='D7',version='v2')
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 3, let call = parts.last else {
            return Self.graphError(400, "BadRequest", "Resource not found for the segment '\(parts.last ?? "")'.")
        }
        let version = String(parts[0])
        let root = parts.dropFirst().dropLast().joined(separator: "/")
        let open = call.firstIndex(of: "(") ?? call.endIndex
        let function = String(call[..<open])
        var arguments: [String: String] = [:]
        if open < call.endIndex {
            let text = call[call.index(after: open)...]
            guard text.hasSuffix(")") else { return Self.graphError(400, "BadRequest", "Invalid function call.") }
            for argument in text.dropLast().split(separator: ",") {
                let pair = argument.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[1].hasPrefix("'"), pair[1].hasSuffix("'"), pair[1].count >= 2 else {
                    return Self.graphError(400, "BadRequest", "Invalid argument \(argument).")
                }
                arguments[pair[0].trimmingCharacters(in: .whitespaces)] = String(pair[1].dropFirst().dropLast())
            }
        }
        guard let tenant = await state.tenant(ofBearer: authorization) else {
            return Self.graphError(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")
        }
        guard let report = await state.reports[function], report.apiVersion.rawValue == version,
              report.request.root.rawValue == root
        else {
            return Self.graphError(400, "BadRequest", "Resource not found for the segment '\(function)'.")
        }
        let period: String
        switch report.request.parameter {
        case .none:
            guard arguments.isEmpty else { return Self.graphError(400, "BadRequest", "The function takes no parameters.") }
            period = ""
        case .fixedPeriod(let value):
            guard arguments["period"] == value else {
                return Self.graphError(400, "BadRequest", "Invalid value for period: \(arguments["period"] ?? "none").")
            }
            period = value
        case .period:
            guard let value = arguments["period"], ["D7", "D28", "D30", "D90", "D180", "ALL"].contains(value) else {
                return Self.graphError(400, "BadRequest", "Invalid value for period: \(arguments["period"] ?? "none").")
            }
            period = value
        }
        if let asked = arguments["version"], report.refusedVersions.contains(asked) || !report.request.versions.contains(asked) {
            return Self.graphError(400, "BadRequest", "Invalid value for version: \(asked).")
        }
        guard Set(arguments.keys).isSubset(of: ["period", "version"]) else {
            return Self.graphError(400, "BadRequest", "Unknown function parameter.")
        }
        if let status = await state.flakyStatus(for: function) {
            return Self.graphError(status, "ServiceUnavailable", "The service is temporarily unavailable.")
        }
        var expired = false
        var revokeAfterRedirect = false
        var downloadFault: FakeFault?
        if let fault = await state.nextFault(for: function, clientRequestID: logged.clientRequestID) {
            switch fault {
            case .throttle(let retryAfter):
                var response = Self.graphError(429, "TooManyRequests", "Too many requests.")
                if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
                return response
            case .throttleUntilDate(let seconds):
                var response = Self.graphError(429, "TooManyRequests", "Too many requests.")
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                let at = (Date().timeIntervalSince1970 + Double(seconds)).rounded(.up)
                response.headers[.retryAfter] = formatter.string(from: Date(timeIntervalSince1970: at))
                return response
            case .status(let code):
                return Self.graphError(code, "ServiceUnavailable", "The service is temporarily unavailable.")
            case .body(let bytes):
                return Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            case .expiredDownload:
                expired = true
            case .hang:
                await state.hang()
                return Self.graphError(504, "GatewayTimeout", "Gateway timeout.")
            case .trickle:
                return Response(
                    status: .ok, headers: [.contentType: "application/octet-stream"],
                    body: ResponseBody { writer in
                        while await !state.stopping {
                            try await writer.write(ByteBuffer(string: "R"))
                            try await Task.sleep(for: .milliseconds(200))
                        }
                        try await writer.finish(nil)
                    })
            case .revokeTokensAfterRedirect:
                revokeAfterRedirect = true
            case .hugeDownload, .hangingDownload:
                downloadFault = fault
            }
        }
        switch report.request.answer {
        case .redirectToCSV:
            break
        case .csv:
            guard let body = await state.body(function: function, period: period, tenant: tenant) else {
                return Self.graphError(404, "NotFound", "No report.")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        case .json:
            guard request.uri.queryParameters["$format"].map(String.init) == "application/json" else {
                return Self.graphError(400, "BadRequest", "This report is served as JSON here; ask with $format.")
            }
            let page = request.uri.queryParameters["$skiptoken"].flatMap { Int(String($0)) } ?? 0
            let pages = [report.any ?? []] + report.morePages
            guard page >= 0, page < pages.count else { return Self.graphError(400, "BadRequest", "Invalid skip token.") }
            var body = pages[page]
            if page + 1 < pages.count {
                // The next link of Graph's pages: the same request with a skip token.
                let link = "\(graphURL)\(path)?$format=application/json&$skiptoken=\(page + 1)"
                body = Self.addingNextLink(link, to: body)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        let etag = await state.etag(function: function, period: period, tenant: tenant)
        if let etag, request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: [.eTag: etag])
        }
        let id = await state.makeDownload(
            function: function, period: period, tenant: tenant, expired: expired, fault: downloadFault)
        var headers = HTTPFields()
        headers[.location] = "\(downloadURL)/reports/\(id)/\(function).csv?sv=2018-03-28&sig=fake"
        // Graph's 302 carries a tag of its own, never the file's: a client
        // must send back the tag of the file it downloaded.
        if let tag = await state.redirectTag() { headers[.eTag] = tag }
        if revokeAfterRedirect { await state.revokeTokens() }
        return Response(status: .found, headers: headers)
    }

    private static func answerDownload(_ request: Request, state: FakeGraphState) async throws -> Response {
        let path = request.uri.path
        await state.log(await state.makeRequest(host: .download, method: request.method.rawValue, path: path, authorization: request.headers[.authorization]))
        let parts = path.split(separator: "/")
        if parts.count == 3, let fault = await state.downloadFault(String(parts[1])) {
            return Self.faultyDownload(fault, state: state)
        }
        guard parts.count == 3, parts[0] == "reports", let (body, etag) = await state.download(String(parts[1])) else {
            return Response(
                status: .forbidden, headers: [.contentType: "application/xml"],
                body: .init(byteBuffer: ByteBuffer(string: "<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code></Error>")))
        }
        var headers: HTTPFields = [.contentType: "application/octet-stream"]
        if let etag { headers[.eTag] = etag }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A download that is too large or never ends.
    private static func faultyDownload(_ fault: FakeFault, state: FakeGraphState) -> Response {
        switch fault {
        case .hugeDownload(let total):
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: ResponseBody { writer in
                    // One row repeated: 1 MiB chunks, written as the client reads.
                    let row = Array("2026-11-20,7,7,7,7,7,2026-11-19,7\n".utf8)
                    var chunk: [UInt8] = []
                    while chunk.count < 1 << 20 { chunk += row }
                    let buffer = ByteBuffer(bytes: chunk)
                    var sent = 0
                    while sent < total, await !state.stopping {
                        try await writer.write(buffer)
                        sent += buffer.readableBytes
                    }
                    try await writer.finish(nil)
                })
        default:
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: ResponseBody { writer in
                    await state.hang()
                    try await writer.finish(nil)
                })
        }
    }

    /// A JSON page with `"@odata.nextLink"` as its first member.
    static func addingNextLink(_ link: String, to page: [UInt8]) -> [UInt8] {
        guard let brace = page.firstIndex(of: UInt8(ascii: "{")) else { return page }
        let rest = page[page.index(after: brace)...]
        let empty = rest.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") } == UInt8(ascii: "}")
        var body = Array(page[...brace])
        body += Array("\"@odata.nextLink\":\"\(link)\"\(empty ? "" : ",")".utf8)
        body += rest
        return body
    }

    private static func json(_ status: Int, _ body: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private static func graphError(_ status: Int, _ code: String, _ message: String) -> Response {
        json(status, #"{"error":{"code":"\#(code)","message":"\#(message)","innerError":{"request-id":"00000000-0000-0000-0000-000000000000"}}}"#)
    }

    static func parseForm(_ text: String) -> [String: String] {
        var form: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            form[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return form
    }
}

/// Names for the fake's hosts, given out in its URLs instead of 127.0.0.1.
public struct FakeHostNames: Sendable {
    public let login: String
    public let graph: String
    public let download: String

    public init(login: String, graph: String, download: String) {
        self.login = login
        self.graph = graph
        self.download = download
    }
}

/// Hands a value from `onServerRunning` to the code waiting for it.
actor PortBox {
    private var port: Int?
    private var waiters: [CheckedContinuation<Int, Never>] = []

    func set(_ value: Int) {
        port = value
        for waiter in waiters { waiter.resume(returning: value) }
        waiters.removeAll()
    }

    func get() async throws -> Int {
        if let port { return port }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            waiters.append(continuation)
        }
    }
}
