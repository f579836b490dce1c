import Foundation

/// A real HTTP proxy, Debian's `squid`, on a free loopback port, with its
/// configuration, logs and helpers in a temporary directory:
///
/// - `hosts` are names only the proxy resolves (its `hosts_file`), as in a
///   network where only the proxy reaches the outside;
/// - with `credentials`, every request must carry them (Basic
///   `Proxy-Authorization`); a small helper script checks them;
/// - `refuseAll` makes it answer `403` to every request, as a proxy whose
///   policy forbids the destination does;
/// - its access log has one line per request: client, method, URL, status,
///   the `Authorization` header it forwarded, and the proxy user.
public final class SquidProxy: @unchecked Sendable {
    // @unchecked: the Process is only touched by the owning test.
    private let process: Process
    private let directory: URL
    public let port: Int

    private init(process: Process, directory: URL, port: Int) {
        self.process = process
        self.directory = directory
        self.port = port
    }

    /// One request in the access log.
    public struct Entry: Sendable, CustomStringConvertible {
        public let method: String
        public let url: String
        public let status: Int
        /// The `Authorization` header the proxy forwarded, `nil` for none.
        public let authorization: String?
        /// The proxy user that authenticated, `nil` for none.
        public let user: String?
        public var description: String { "\(method) \(url) \(status) auth=\(authorization ?? "-") user=\(user ?? "-")" }
    }

    public static func start(
        hosts: [String], credentials: (user: String, password: String)? = nil, refuseAll: Bool = false
    ) async throws -> SquidProxy {
        let squid = try ExternalTool.path(of: "squid")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("squid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Squid started as root drops to its own user, which must write here.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
        let path = directory.path
        try "127.0.0.1 \(hosts.joined(separator: " "))\n".write(toFile: "\(path)/hosts", atomically: true, encoding: .utf8)
        var access = refuseAll ? "http_access deny all\n" : "http_access allow all\n"
        if let credentials {
            let script = """
                #!/bin/sh
                while read -r user pass; do
                  if [ "$user" = "\(credentials.user)" ] && [ "$pass" = "\(credentials.password)" ]; then echo OK; else echo ERR; fi
                done

                """
            try script.write(toFile: "\(path)/auth.sh", atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: "\(path)/auth.sh")
            access = """
                auth_param basic program \(path)/auth.sh
                auth_param basic children 1
                auth_param basic realm m365-test
                acl authed proxy_auth REQUIRED
                \(refuseAll ? "http_access deny all" : "http_access allow authed")
                http_access deny all

                """
        }
        for attempt in 0..<5 {
            let port = try freeLoopbackPort()
            let configuration = """
                http_port 127.0.0.1:\(port)
                pid_filename \(path)/squid.pid
                cache_log \(path)/cache.log
                logformat probe %rm %ru %>Hs [%{Authorization}>h] [%un]
                access_log stdio:\(path)/access.log probe
                buffered_logs off
                cache deny all
                cache_mem 1 MB
                coredump_dir \(path)
                hosts_file \(path)/hosts
                dns_nameservers 127.0.0.1
                shutdown_lifetime 0 seconds
                forwarded_for delete
                \(access)
                """
            try configuration.write(toFile: "\(path)/squid.conf", atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: squid)
            process.arguments = ["-N", "-f", "\(path)/squid.conf"]
            let output = FileHandle(forWritingAtPath: "/dev/null")
            process.standardOutput = output
            process.standardError = output
            try process.run()
            // Squid listens once its helpers and log are set up.
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline, process.isRunning {
                if canConnect(port: port) { return SquidProxy(process: process, directory: directory, port: port) }
                try await Task.sleep(for: .milliseconds(100))
            }
            // Not listening (the port was taken meanwhile?): try another.
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            if attempt == 4 { break }
        }
        let log = (try? String(contentsOfFile: "\(path)/cache.log", encoding: .utf8)) ?? ""
        throw SquidFailed(log: String(log.suffix(2000)))
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// The access log as written so far.
    public var accessLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("access.log"), encoding: .utf8)) ?? ""
    }

    /// The requests logged so far (squid writes a line when a request ends).
    public var entries: [Entry] {
        let text = accessLog
        return text.split(separator: "\n").compactMap { line in
            // GET http://host/path 200 [Bearer x] [user]
            let parts = line.split(separator: " ", maxSplits: 3)
            guard parts.count == 4, let status = Int(parts[2]) else { return nil }
            let rest = String(parts[3])
            guard let close = rest.range(of: "] [") else { return nil }
            let authorization = String(rest[rest.index(after: rest.startIndex)..<close.lowerBound])
            let user = String(rest[close.upperBound...].dropLast())
            return Entry(
                method: String(parts[0]), url: String(parts[1]), status: status,
                authorization: authorization == "-" ? nil : authorization, user: user == "-" ? nil : user)
        }
    }

    public func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    public struct SquidFailed: Error, CustomStringConvertible {
        public let log: String
        public var description: String { "squid did not start listening:\n\(log)" }
    }

    /// A port that was free a moment ago (bound to port 0, then closed).
    public static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SquidFailed(log: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw SquidFailed(log: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
