#if M365_FUZZING
#else
import FoundationEssentials
#endif
import M365Exporter

/// Feeds one input to the parsers of `--config.file` and
/// `--web.config.file`: each must return a configuration or an error, never
/// trap or hang, whatever the bytes.
func parseConfigurations(_ bytes: UnsafeRawBufferPointer) {
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? ConfigurationFile.parse(text, file: "fuzz.yml")
    _ = try? WebConfig.parse(yaml: text, file: "web.yml", directory: "/nonexistent")
}

#if M365_FUZZING
/// libFuzzer's entry point (scripts/fuzz builds this target with
/// `--sanitize fuzzer` and `-DM365_FUZZING`; libFuzzer supplies `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfigurations(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    parseConfigurations(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
#else
/// Without libFuzzer: runs the files given as arguments through the parsers,
/// to reproduce a finding (`m365-config-fuzzer crash-…`) in a debugger.
@main
enum ConfigurationFuzzer {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            data.withUnsafeBytes { parseConfigurations($0) }
            print("\(path): parsed without a crash")
        }
    }
}
#endif
