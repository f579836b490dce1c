import AsyncHTTPClient

/// An outbound proxy as a proxy URL names it (`http://user:pass@proxy:3128`,
/// `proxy:3128`, `socks5://proxy:1080`). Its credentials are secrets: the
/// description names the host and port only, so that a log line or an error
/// that names the proxy never carries them.
public struct ProxyServer: Sendable, Equatable, CustomStringConvertible {
    /// How requests reach the proxy.
    public enum Kind: Sendable, Hashable {
        /// An HTTP proxy: CONNECT tunnels to `https` targets, absolute-URI
        /// forwarding to `http` ones.
        case http
        /// A SOCKS5 proxy (without authentication: AsyncHTTPClient has none).
        case socks5
    }

    public let kind: Kind
    public let host: String
    public let port: Int
    public let username: Secret?
    public let password: Secret?

    public init(kind: Kind = .http, host: String, port: Int, username: Secret? = nil, password: Secret? = nil) {
        self.kind = kind
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// `host:port`, never the credentials.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Reads a proxy URL as Go's `ProxyFromEnvironment` does: without a
    /// scheme it is `http://`; the port defaults to the scheme's (80 for
    /// `http`, 1080 for `socks5`). An `https://` proxy (TLS to the proxy
    /// itself) is refused: AsyncHTTPClient speaks plain HTTP to a proxy.
    /// Errors never quote the URL, which may carry a password.
    public static func parse(_ text: String) throws(ProxyURLError) -> ProxyServer {
        var rest = Substring(text.trimmingASCIISpaces())
        guard !rest.isEmpty else { throw .empty }
        var kind = Kind.http
        var defaultPort = 80
        if let range = rest.firstRange(of: "://") {
            let scheme = rest[..<range.lowerBound].lowercased()
            switch scheme {
            case "http": break
            case "socks5", "socks5h": kind = .socks5; defaultPort = 1080
            case "https": throw .unsupportedScheme(scheme)
            default: throw .unsupportedScheme(scheme)
            }
            rest = rest[range.upperBound...]
        }
        // The authority ends at the first "/", "?" or "#".
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        var username: Secret?
        var password: Secret?
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userinfo.firstIndex(of: ":") {
                username = Secret(try percentDecoded(userinfo[..<colon]))
                password = Secret(try percentDecoded(userinfo[userinfo.index(after: colon)...]))
            } else {
                username = Secret(try percentDecoded(userinfo))
            }
        }
        guard let (host, port) = HostAndPort.split(rest) else { throw .badHostOrPort }
        guard !host.isEmpty else { throw .badHostOrPort }
        let number: Int
        if let port {
            guard let value = Int(port), (1...65535).contains(value) else { throw .badHostOrPort }
            number = value
        } else {
            number = defaultPort
        }
        // AsyncHTTPClient speaks SOCKS5 without authentication: credentials
        // would be dropped without a word, and the proxy would refuse.
        if kind == .socks5, username != nil { throw .socksCredentials }
        return ProxyServer(kind: kind, host: host, port: number, username: username, password: password)
    }

    /// The proxy as AsyncHTTPClient's configuration takes it; the
    /// credentials go out as `Proxy-Authorization: Basic …`.
    var clientProxy: HTTPClient.Configuration.Proxy {
        switch kind {
        case .socks5:
            return .socksServer(host: host, port: port)
        case .http:
            guard let username else { return .server(host: host, port: port) }
            return .server(
                host: host, port: port,
                authorization: .basic(username: username.exposedValue, password: password?.exposedValue ?? ""))
        }
    }

    private static func percentDecoded(_ text: Substring) throws(ProxyURLError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .badCredentials
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .badCredentials }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Why a proxy URL cannot be used. Never quotes the URL: it may carry a password.
public enum ProxyURLError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case unsupportedScheme(String)
    case badHostOrPort
    case badCredentials
    case socksCredentials

    public var description: String {
        switch self {
        case .empty: "the proxy URL is empty"
        case .unsupportedScheme(let scheme):
            "proxy scheme \"\(scheme)\" is not supported (http:// or socks5://; an https:// proxy is not)"
        case .badHostOrPort: "the proxy URL has no usable host and port (http://HOST:PORT)"
        case .badCredentials: "the proxy URL's user or password is not valid percent-encoded UTF-8"
        case .socksCredentials: "a socks5:// proxy with a user and password is not supported (only without authentication)"
        }
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" || first == "\n" || first == "\r" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" || last == "\n" || last == "\r" { view.removeLast() }
        return String(view)
    }
}
