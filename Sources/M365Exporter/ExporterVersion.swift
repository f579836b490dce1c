/// The version reported by `m365_exporter_build_info` and `--version`.
public enum ExporterVersion {
    public static let current = "0.1.0"
}
