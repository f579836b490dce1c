import Foundation
import M365TestSupport
import Testing

/// The shipped files for running many tenants: the Prometheus scrape
/// configurations of the multi-target and sharded styles (checked by
/// `promtool`) and the Kubernetes StatefulSet of shards (built by
/// `kubectl kustomize`, checked against the Kubernetes API schemas by
/// `kubernetes-validate`).
@Suite struct ScalingDeployFilesTests {
    static let root = Repository.root

    @Test(arguments: ["deploy/prometheus/multi-target.yml", "deploy/prometheus/sharded.yml"])
    func theScrapeConfigIsValid(_ file: String) throws {
        let check = try ExternalTool.run("promtool", ["check", "config", Self.root.appendingPathComponent(file).path])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("SUCCESS"), "\(check.output)")
    }

    @Test func theShardedStatefulSetIsValidKubernetes() throws {
        let build = try ExternalTool.run("kubectl", ["kustomize", Repository.path("deploy/kubernetes/sharded")])
        #expect(build.status == 0, "\(build.output)")
        let check = try ExternalTool.run("kubernetes-validate", ["--strict", "-"], input: build.output)
        #expect(check.status == 0, "\(check.output)")
        for resource in ["configmap/m365-exporter-sharded-config", "service/m365-exporter-sharded", "statefulset/m365-exporter-sharded"] {
            #expect(check.output.contains("passed for resource \(resource)"), "\(check.output)")
        }
        #expect(!check.output.contains("ERROR") && !check.output.contains("failed"), "\(check.output)")
        // Every replica gets its shard from its pod name, one shard per replica.
        #expect(build.output.contains("--tenants.shard=$(POD_NAME)/3"))
        #expect(build.output.contains("replicas: 3"))
        #expect(build.output.contains("fieldPath: metadata.name"))
    }

    /// The configuration file shipped in the ConfigMap is one the exporter accepts.
    @Test func theShardedConfigMapHoldsAValidConfigurationFile() async throws {
        let configMap = try String(
            contentsOf: Self.root.appendingPathComponent("deploy/kubernetes/sharded/configmap.yaml"), encoding: .utf8)
        let body = try #require(configMap.components(separatedBy: "m365.yml: |\n").last)
        let yaml = body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }.joined(separator: "\n")
        let files = try TemporaryFiles()
        let path = try files.write("m365.yml", yaml)
        let exporter = try await ExporterProcess.start(["--demo", "--config.file", path])
        #expect(try await eventually { try await httpRequest("\(exporter.baseURL)/-/ready").status == 200 })
        let series = parseExposition(try await httpRequest("\(exporter.baseURL)/metrics").body)
        #expect(series.keys.contains { $0.contains("tenant=\"fabrikam\"") })
        #expect(series.keys.contains { $0.contains("tenant=\"contoso\"") })
        await exporter.stop()
    }
}
