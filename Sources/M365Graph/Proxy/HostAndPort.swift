/// Splits the authority part of a URL (`host`, `host:port`, `[v6]`,
/// `[v6]:port`) without Foundation's URL, whose treatment of IPv6 brackets
/// and empty ports differs between platforms.
enum HostAndPort {
    /// The host (lowercased, IPv6 without brackets) and the port text if
    /// any; `nil` for an authority that is not well formed.
    static func split(_ authority: Substring) -> (host: String, port: Substring?)? {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let host = authority[authority.index(after: authority.startIndex)..<close].lowercased()
            let after = authority[authority.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":") else { return nil }
            return (host, after.dropFirst())
        }
        let colons = authority.filter { $0 == ":" }.count
        if colons == 0 { return (authority.lowercased(), nil) }
        // A bare IPv6 address (NO_PROXY entries may be written so).
        if colons > 1 { return (authority.lowercased(), nil) }
        let colon = authority.firstIndex(of: ":")!
        return (authority[..<colon].lowercased(), authority[authority.index(after: colon)...])
    }

    /// Scheme, host and port of an absolute `http`/`https` URL, the port
    /// defaulted from the scheme.
    static func target(of url: String) -> (scheme: String, host: String, port: String)? {
        guard let range = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<range.lowerBound].lowercased()
        var rest = url[range.upperBound...]
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        guard let (host, port) = split(rest), !host.isEmpty else { return nil }
        let defaultPort = scheme == "https" ? "443" : "80"
        return (scheme, host, port.map(String.init).flatMap { $0.isEmpty ? nil : $0 } ?? defaultPort)
    }
}
