import Foundation

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
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw CredentialError(source: path, reason: "the federated token file is empty")
        }
        return Secret(token)
    }

    public var description: String { "federated token file \(path)" }

    /// Foundation's reading errors, reduced to what a log line needs.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return POSIXError(code).localizedDescription
        }
        switch nsError.code {
        case NSFileReadNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError: return "permission denied"
        default: return nsError.localizedDescription
        }
    }
}
