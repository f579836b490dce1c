#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The hosts a `NO_PROXY` list exempts from the proxy, matched as Go's
/// `golang.org/x/net/http/httpproxy` matches them (which the Azure SDKs
/// follow too):
///
/// - entries are comma-separated, trimmed and lowercased; `*` exempts every host;
/// - `example.com` matches that host and every subdomain, `.example.com`
///   and `*.example.com` only the subdomains;
/// - an IP address matches that address, a CIDR block (`10.0.0.0/8`,
///   `fd00::/8`) every address in it, compared as addresses, not as text;
/// - any entry may end in `:port` (`[v6]:port` for IPv6) and then matches
///   that port only.
///
/// Loopback targets (`localhost`, `127.0.0.0/8`, `::1`) are never proxied,
/// whatever the list says, as in Go.
public struct NoProxyList: Sendable, Equatable {
    private var everything = false
    private var addresses: [AddressRule] = []
    private var domains: [DomainRule] = []

    private struct AddressRule: Sendable, Equatable {
        let network: [UInt8]
        let prefixLength: Int
        let port: String?
    }

    private struct DomainRule: Sendable, Equatable {
        /// With a leading dot.
        let suffix: String
        /// Whether the domain itself matches too (`example.com`, not `.example.com`).
        let matchesDomain: Bool
        let port: String?
    }

    /// An empty list: every non-loopback host goes through the proxy.
    public init() {}

    public init(_ text: String) {
        for raw in text.split(separator: ",") {
            let entry = raw.trimmingASCIISpacesSubstring().lowercased()
            if entry.isEmpty { continue }
            if entry == "*" { everything = true; return }
            if let slash = entry.firstIndex(of: "/") {
                // A CIDR block, never with a port.
                guard let network = IPAddress.bytes(String(entry[..<slash])),
                      let length = Int(entry[entry.index(after: slash)...]), (0...network.count * 8).contains(length)
                else { continue }
                addresses.append(AddressRule(network: network, prefixLength: length, port: nil))
                continue
            }
            guard let (host, port) = HostAndPort.split(Substring(entry)), !host.isEmpty else { continue }
            let portText = port.map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            if let address = IPAddress.bytes(host) {
                addresses.append(AddressRule(network: address, prefixLength: address.count * 8, port: portText))
                continue
            }
            var suffix = host
            if suffix.hasPrefix("*.") { suffix.removeFirst() }
            let matchesDomain = !suffix.hasPrefix(".")
            if matchesDomain { suffix = "." + suffix }
            domains.append(DomainRule(suffix: suffix, matchesDomain: matchesDomain, port: portText))
        }
    }

    /// Whether a request to `host` on `port` goes direct.
    public func bypasses(host rawHost: String, port: String) -> Bool {
        let host = rawHost.lowercased()
        if host == "localhost" { return true }
        let address = IPAddress.bytes(host)
        if let address, IPAddress.isLoopback(address) { return true }
        if everything { return true }
        if let address {
            for rule in addresses where rule.port == nil || rule.port == port {
                if IPAddress.bytes(address, in: rule.network, prefixLength: rule.prefixLength) { return true }
            }
        }
        for rule in domains where rule.port == nil || rule.port == port {
            if host.hasSuffix(rule.suffix) || (rule.matchesDomain && host == rule.suffix.dropFirst()) { return true }
        }
        return false
    }
}

/// IPv4 and IPv6 addresses as bytes, through the C library's `inet_pton`
/// (the parser every resolver uses); an IPv4-mapped IPv6 address counts as
/// its IPv4 address, as in Go.
enum IPAddress {
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff { return Array(bytes[12...]) }
            return bytes
        }
        return nil
    }

    static func isLoopback(_ address: [UInt8]) -> Bool {
        if address.count == 4 { return address[0] == 127 }
        return address == [UInt8](repeating: 0, count: 15) + [1]
    }

    static func bytes(_ address: [UInt8], in network: [UInt8], prefixLength: Int) -> Bool {
        guard address.count == network.count else { return false }
        var remaining = prefixLength
        for index in address.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            if address[index] & mask != network[index] & mask { return false }
            remaining -= bits
        }
        return true
    }
}

extension Substring {
    func trimmingASCIISpacesSubstring() -> Substring {
        var view = self
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return view
    }
}
