import Foundation
import M365TestSupport
import Testing

/// deploy/docker, deploy/kubernetes and deploy/systemd checked by the tools
/// their users run: hadolint, docker-compose, kubectl kustomize with
/// kubernetes-validate against the Kubernetes schemas, systemd-analyze.
/// (No Docker engine on the build machines: the image's build is proven by
/// scripts/test-static-build, which runs the same scripts/build-static.)
@Suite struct DeployManifestTests {
    // MARK: Docker

    @Test func hadolintFindsNothingInTheDockerfile() throws {
        let lint = try ExternalTool.run("hadolint", [Repository.path("deploy/docker/Dockerfile")])
        #expect(lint.status == 0, "\(lint.output)")
        #expect(lint.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(lint.output)")
    }

    @Test func theImageIsBuiltByTheTestedScriptAndRunsUnprivileged() throws {
        let dockerfile = try Repository.text("deploy/docker/Dockerfile")
        let lines = dockerfile.split(separator: "\n").map(String.init)
        #expect(lines.contains("RUN scripts/build-static /opt/m365-exporter"))
        #expect(lines.contains(#"ENTRYPOINT ["/opt/m365-exporter/m365-exporter"]"#))
        #expect(lines.contains("EXPOSE 10365"))
        let user = try #require(lines.last { $0.hasPrefix("USER ") })
        #expect(!user.hasPrefix("USER root") && !user.hasPrefix("USER 0"), "\(user)")
        #expect(dockerfile.contains("HEALTHCHECK") && dockerfile.contains("/-/healthy"))
        // The build context lets in what scripts/build-static needs.
        let ignore = try Repository.text("deploy/docker/Dockerfile.dockerignore").split(separator: "\n")
        for needed in ["!Package.swift", "!Package.resolved", "!Sources", "!Tests", "!scripts/build-static",
                       "!scripts/swift-build-release", "!linker/hot-text.order"] {
            #expect(ignore.contains(Substring(needed)), "Dockerfile.dockerignore lacks \(needed)")
        }
    }

    /// A reproducible image: the build takes the dependency versions of the
    /// committed Package.resolved and fails where it does not fit Package.swift.
    @Test func theImageIsBuiltWithTheCommittedDependencyVersions() throws {
        let script = try Repository.text("scripts/build-static")
        let build = try #require(script.split(separator: "\n").first { $0.hasPrefix("build=(scripts/swift-build-release") })
        #expect(build.contains("--force-resolved-versions"), "\(build)")
        // scripts/swift-build-release is `swift build -c release` with flags of layout, passing the rest on.
        let release = try Repository.text("scripts/swift-build-release")
        #expect(release.contains("exec swift build -c release") && release.contains("\"$@\""), "\(release)")
        let resolved = try Repository.text("Package.resolved")
        let manifest = try Repository.text("Package.swift")
        // Every package Package.swift names is pinned.
        for url in manifest.matches(of: #/\.package\(url: "([^"]+)"/#).map({ String($0.1) }) {
            let location = url.hasSuffix(".git") ? url : url + ".git"
            #expect(resolved.contains("\"location\" : \"\(location)\"") || resolved.contains("\"location\" : \"\(url)\""),
                    "Package.resolved does not pin \(url): run swift package resolve and commit it")
        }
    }

    @Test func composeFileIsValidInDemoAndWithCredentials() throws {
        let compose = Repository.path("deploy/docker/compose.yaml")
        let demo = try ExternalTool.run("docker-compose", ["-f", compose, "config"])
        #expect(demo.status == 0, "\(demo.output)")
        let demoServices = try #require(lookup(try YAMLDocuments.parse(demo.output).first, "services") as? [String: Any])
        #expect(Set(demoServices.keys) == ["m365-exporter", "prometheus", "grafana"])
        #expect(lookup(demoServices, "m365-exporter", "command") as? [String] == ["--demo"]
                || lookup(demoServices, "m365-exporter", "command") as? String == "--demo")
        #expect(lookup(demoServices, "m365-exporter", "read_only") as? Bool == true)

        let real = try ExternalTool.run(
            "docker-compose", ["-f", compose, "--env-file", Repository.path("deploy/docker/m365.env.example"), "config"])
        #expect(real.status == 0, "\(real.output)")
        let exporter = lookup(try YAMLDocuments.parse(real.output).first, "services", "m365-exporter")
        #expect(lookup(exporter, "command") as? String == "--reports.periods=D7,D30"
                || lookup(exporter, "command") as? [String] == ["--reports.periods=D7,D30"])
        #expect(lookup(exporter, "environment", "AZURE_TENANT_ID") as? String == "11111111-2222-3333-4444-555555555555")
    }

    // MARK: Kubernetes

    private func kustomize(_ directory: URL) throws -> String {
        let build = try ExternalTool.run("kubectl", ["kustomize", directory.path])
        guard build.status == 0 else { throw ToolFailed(tool: "kubectl kustomize", output: build.output) }
        return build.output
    }

    private func validate(_ manifests: String) throws {
        let check = try ExternalTool.run("kubernetes-validate", ["--strict", "-"], input: manifests)
        #expect(check.status == 0, "\(check.output)")
        // The built-in kinds must be checked, not skipped.
        for kind in ["deployment", "service", "serviceaccount"] {
            #expect(check.output.contains("passed for resource \(kind)/m365-exporter"), "\(check.output)")
        }
        #expect(!check.output.contains("ERROR") && !check.output.contains("failed"), "\(check.output)")
    }

    @Test func kustomizeBuildValidatesAgainstTheKubernetesSchemas() throws {
        let manifests = try kustomize(Repository.url("deploy/kubernetes"))
        try validate(manifests)

        let documents = try YAMLDocuments.parse(manifests)
        func object(_ kind: String) throws -> [String: Any] {
            try #require(documents.first { $0["kind"] as? String == kind }, "no \(kind)")
        }
        let deployment = try object("Deployment")
        let pod = lookup(deployment, "spec", "template")
        let container = lookup(pod, "spec", "containers", "0")
        #expect(lookup(container, "livenessProbe", "httpGet", "path") as? String == "/-/healthy")
        #expect(lookup(container, "readinessProbe", "httpGet", "path") as? String == "/-/ready")
        #expect(lookup(container, "securityContext", "readOnlyRootFilesystem") as? Bool == true)
        #expect(lookup(container, "securityContext", "allowPrivilegeEscalation") as? Bool == false)
        #expect(lookup(pod, "spec", "securityContext", "runAsNonRoot") as? Bool == true)
        #expect(lookup(container, "resources", "requests", "memory") != nil && lookup(container, "resources", "limits", "memory") != nil)
        #expect(lookup(container, "envFrom", "0", "secretRef", "name") as? String == "m365-exporter-credentials")

        // Service → pods, ServiceMonitor → Service, by labels and port name.
        let podLabels = lookup(pod, "metadata", "labels") as? [String: String] ?? [:]
        let service = try object("Service")
        let serviceSelector = lookup(service, "spec", "selector") as? [String: String] ?? [:]
        #expect(!serviceSelector.isEmpty && serviceSelector.allSatisfy { podLabels[$0.key] == $0.value }, "\(serviceSelector) vs \(podLabels)")
        #expect(lookup(service, "spec", "ports", "0", "targetPort") as? String == lookup(container, "ports", "0", "name") as? String)
        let monitor = try object("ServiceMonitor")
        let serviceLabels = lookup(service, "metadata", "labels") as? [String: String] ?? [:]
        let monitorSelector = lookup(monitor, "spec", "selector", "matchLabels") as? [String: String] ?? [:]
        #expect(!monitorSelector.isEmpty && monitorSelector.allSatisfy { serviceLabels[$0.key] == $0.value })
        #expect(lookup(monitor, "spec", "endpoints", "0", "port") as? String == lookup(service, "spec", "ports", "0", "name") as? String)
        // The alerts and dashboards select job="m365".
        let relabel = lookup(monitor, "spec", "endpoints", "0", "relabelings", "0") as? [String: Any] ?? [:]
        #expect(relabel["targetLabel"] as? String == "job" && relabel["replacement"] as? String == "m365")

        // The PrometheusRule holds the very rules that promtool tested.
        let rule = try object("PrometheusRule")
        let alerts = try #require(try YAMLDocuments.parse(Repository.text("deploy/prometheus/alerts.yml")).first)
        let ruleGroups = try JSONSerialization.data(withJSONObject: lookup(rule, "spec", "groups") ?? [], options: .sortedKeys)
        let alertGroups = try JSONSerialization.data(withJSONObject: alerts["groups"] ?? [], options: .sortedKeys)
        #expect(ruleGroups == alertGroups)
    }

    @Test func everyManifestIsInTheKustomization() throws {
        let kustomization = try #require(try YAMLDocuments.parse(Repository.text("deploy/kubernetes/kustomization.yaml")).first)
        let resources = Set(kustomization["resources"] as? [String] ?? [])
        let manifests = Set(try Repository.files(in: "deploy/kubernetes", extensions: ["yaml"])
            .map { String($0.dropFirst("deploy/kubernetes/".count)) })
            .subtracting(["kustomization.yaml", "demo-patch.yaml"])
        #expect(resources == manifests)
    }

    @Test func theDemoPatchGivesAValidDeploymentWithoutCredentials() throws {
        // The base plus the patch, as `kubectl patch --patch-file` applies it.
        let directory = try Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in try Repository.files(in: "deploy/kubernetes", extensions: ["yaml"]) {
            try FileManager.default.copyItem(at: Repository.url(file), to: directory.appendingPathComponent(URL(fileURLWithPath: file).lastPathComponent))
        }
        var kustomization = try String(contentsOf: directory.appendingPathComponent("kustomization.yaml"), encoding: .utf8)
        kustomization += "patches:\n  - target: {kind: Deployment, name: m365-exporter}\n    path: demo-patch.yaml\n"
        try kustomization.write(to: directory.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        let manifests = try kustomize(directory)
        try validate(manifests)
        let deployment = try #require(try YAMLDocuments.parse(manifests).first { $0["kind"] as? String == "Deployment" })
        let container = lookup(deployment, "spec", "template", "spec", "containers", "0")
        #expect((lookup(container, "args") as? [String])?.first == "--demo")
        #expect(lookup(container, "envFrom") == nil)
    }

    // MARK: systemd

    @Test func systemdAcceptsTheUnitAndRatesItsHardening() throws {
        // verify refuses an ExecStart binary that does not exist: point the
        // copy at the exporter binary that was built, the only change.
        let directory = try Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let unit = try Repository.text("deploy/systemd/m365-exporter.service")
        let execStart = "ExecStart=/opt/m365-exporter/m365-exporter "
        #expect(unit.contains(execStart))
        let copy = directory.appendingPathComponent("m365-exporter.service")
        try unit.replacingOccurrences(of: execStart, with: "ExecStart=\(ExporterProcess.binaryPath) ")
            .write(to: copy, atomically: true, encoding: .utf8)

        let verify = try ExternalTool.run("systemd-analyze", ["verify", "--man=no", copy.path])
        #expect(verify.status == 0, "\(verify.output)")
        // A misspelt or unknown setting is only a warning to systemd: any output fails.
        #expect(verify.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(verify.output)")

        // Exposure 0.0 (locked down) … 10.0 (unprotected): at most 2.0.
        let security = try ExternalTool.run("systemd-analyze", ["security", "--offline=yes", "--threshold=20", copy.path])
        #expect(security.status == 0, "\(security.output)")
        for setting in ["DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes", "EnvironmentFile=/etc/m365-exporter/m365-exporter.env"] {
            #expect(unit.split(separator: "\n").contains(Substring(setting)), "\(setting)")
        }
    }

    @Test func theSystemdEnvironmentFileStartsTheDemo() throws {
        let environment = try Repository.text("deploy/systemd/m365-exporter.env").split(separator: "\n")
        #expect(environment.contains("M365_EXPORTER_ARGS=--demo"))
        for name in ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"] {
            #expect(environment.contains { $0.hasPrefix("\(name)=") }, "\(name)")
        }
    }
}

struct ToolFailed: Error, CustomStringConvertible {
    let tool: String
    let output: String
    var description: String { "\(tool) failed:\n\(output)" }
}
