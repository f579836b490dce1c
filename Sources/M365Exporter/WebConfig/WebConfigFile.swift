import Crypto
import FoundationEssentials
import NIOSSL

/// A `--web.config.file` on disk: reads it and every file it names, and
/// builds what the listener uses from them. The digest over all the bytes
/// read tells the watcher whether anything changed, certificates included.
public struct WebConfigFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Reads and checks the file and the certificate, key and CA files it
    /// names, and builds the TLS context: a configuration ready to serve.
    public func load() throws(WebConfigError) -> LoadedWebConfig {
        let (config, material, digest) = try read()
        return try LoadedWebConfig(config: config, material: material, digest: digest, file: path)
    }

    /// The parsed file, the PEM texts it names, and a digest of all of it.
    func read() throws(WebConfigError) -> (WebConfig, TLSMaterial?, [UInt8]) {
        var hasher = SHA256()
        let yaml = try Self.text(of: path, for: path, what: "web configuration file")
        hasher.update(data: Data(yaml.utf8))
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let config = try WebConfig.parse(yaml: yaml, file: path, directory: directory)
        var material: TLSMaterial?
        if let tls = config.tls {
            func pem(_ source: TLSServerConfig.PEMSource, _ what: String) throws(WebConfigError) -> String {
                switch source {
                case .inline(let text):
                    return text
                case .file(let file):
                    let text = try Self.text(of: file, for: path, what: what)
                    hasher.update(data: Data(text.utf8))
                    return text
                }
            }
            material = TLSMaterial(
                certificate: try pem(tls.certificate, "cert_file"),
                key: try pem(tls.key, "key_file"),
                clientCA: try tls.clientCA.map { source throws(WebConfigError) in try pem(source, "client_ca_file") })
        }
        return (config, material, Array(hasher.finalize()))
    }

    private static func text(of file: String, for configFile: String, what: String) throws(WebConfigError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            let reason = FileManager.default.fileExists(atPath: file) ? "cannot be read" : "does not exist"
            throw WebConfigError(file: configFile, reason: "\(what) \(file) \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw WebConfigError(file: configFile, reason: "\(what) \(file) is not UTF-8 text")
        }
        return text
    }
}
