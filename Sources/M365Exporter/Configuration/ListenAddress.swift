#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A listen address as Prometheus exporters spell it: `:10365` (every
/// interface, IPv6 and IPv4), `127.0.0.1:10365`, `0.0.0.0:10365` (every
/// IPv4 interface), `[::1]:10365`, `localhost:0` (any free port).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host as written; empty for every interface (`:10365`).
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65_535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") {
            guard host.hasSuffix("]") else { return nil }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil  // an IPv6 address needs brackets
        }
        self.host = host
        self.port = port
    }

    /// Whether the address means every interface of both stacks (`:port`).
    public var isEveryInterface: Bool { host.isEmpty }

    /// The host the listener binds: for every interface, the IPv6 wildcard
    /// `::`, which takes IPv4 connections too as IPv4-mapped addresses
    /// (Linux's default, `net.ipv6.bindv6only=0`, as Go exporters rely
    /// on), or `0.0.0.0` on a host without IPv6.
    public func bindHost(ipv6Available: Bool = ListenAddress.ipv6Available) -> String {
        guard isEveryInterface else { return host }
        return ipv6Available ? "::" : "0.0.0.0"
    }

    public var description: String {
        host.isEmpty ? ":\(port)" : host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Whether this host can open an IPv6 socket and bind the IPv6
    /// wildcard (false when IPv6 is disabled in the kernel).
    public static var ipv6Available: Bool {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_any
        address.sin6_port = 0
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        } == 0
    }

    /// Whether the kernel makes IPv6 wildcard sockets IPv6-only
    /// (`net.ipv6.bindv6only=1`), so that `::` would not take IPv4.
    public static var ipv6OnlyByDefault: Bool {
        guard let file = fopen("/proc/sys/net/ipv6/bindv6only", "r") else { return false }
        defer { fclose(file) }
        return fgetc(file) == Int32(UInt8(ascii: "1"))
    }
}
