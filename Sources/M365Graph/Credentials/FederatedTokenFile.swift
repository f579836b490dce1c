import FoundationEssentials
import M365Reports
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The file of a workload identity (AKS's `AZURE_FEDERATED_TOKEN_FILE`): a
/// JWT that the platform writes and rotates, sent as the client assertion.
/// It is read for every token request, never cached, so a rotated token is
/// used as soon as it is on disk.
public struct FederatedTokenFile: Sendable, CustomStringConvertible {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The token now in the file, without surrounding whitespace.
    public func read() throws(CredentialError) -> Secret {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CredentialError(source: path, reason: "cannot read the federated token file: \(Self.reason(error))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CredentialError(source: path, reason: "the federated token file is not UTF-8 text")
        }
        let token = text.trimmingASCIIWhitespace()
        guard !token.isEmpty else {
            throw CredentialError(source: path, reason: "the federated token file is empty")
        }
        return Secret(token)
    }

    public var description: String { "federated token file \(path)" }

    /// Foundation's reading errors, reduced to what a log line needs: the
    /// system's own words for the underlying error (`No such file or
    /// directory`), without the path that the message already names.
    public static func reason(_ error: any Error) -> String {
        guard let cocoa = error as? CocoaError else { return String(describing: error) }
        if let posix = cocoa.underlying as? POSIXError, let text = strerror(posix.code.rawValue) {
            return String(cString: text)
        }
        switch cocoa.code {
        case .fileReadNoSuchFile: return "no such file"
        case .fileReadNoPermission: return "permission denied"
        default: return "error \(cocoa.code.rawValue)"
        }
    }
}
