// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "m365-exporter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "m365-exporter", targets: ["m365-exporter"]),
        // For the benchmarks package in Benchmarks/, which measures these modules.
        .library(name: "M365Reports", targets: ["M365Reports"]),
        .library(name: "M365Exporter", targets: ["M365Exporter"]),
    ],
    dependencies: [
        // No default traits: `FullFoundation` links all of Foundation and ICU's
        // data into the binary, `ConfigurationSupport` swift-configuration;
        // the exporter needs neither.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        // Tests only: property-based tests of the parsers.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Pure logic: report catalog, CSV reading, parsing, mapping, snapshot and
        // exposition rendering. No I/O. NIOCore only for `ByteBuffer`: the
        // exposition is kept in the buffers the listener writes, uncopied.
        .target(
            name: "M365Reports",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        // I/O towards Microsoft: credentials, tokens, the Graph reports client.
        .target(
            name: "M365Graph",
            dependencies: [
                "M365Reports",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                // The certificate credential: RSA signatures of client assertions,
                // PEM documents and X.509 certificates.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strictSettings
        ),
        // Scheduling and serving: the refresher, report sources (Graph, demo),
        // the snapshot store and the HTTP listener.
        .target(
            name: "M365Exporter",
            dependencies: [
                "CMallocTuning",
                "CCodePages",
                "M365Reports",
                "M365Graph",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                // The web configuration file: TLS, basic auth, response headers.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // The request parts the listener's request deadline watches.
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
                // The refresher's queue of due times.
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            // The demo's CSV files are compiled into the binary
            // (ReportSources/DemoDataFiles.swift, written by
            // scripts/embed-demo-data.py), so the binary stands alone.
            exclude: ["DemoData"],
            swiftSettings: strictSettings
        ),
        // glibc's malloc settings for a process that replaces megabytes of
        // exposition at every render (mmap threshold, arenas).
        .target(name: "CMallocTuning"),
        // Gives back the resident pages of code run only at start.
        .target(name: "CCodePages"),
        // libFuzzer's target for the configuration and web-configuration
        // parsers (scripts/fuzz builds it with --sanitize fuzzer); built
        // plainly, it runs files given as arguments through them.
        .executableTarget(
            name: "m365-config-fuzzer",
            dependencies: ["M365Exporter"],
            path: "Fuzz/ConfigurationFuzzer",
            swiftSettings: strictSettings
        ),
        // The command line: flags, environment, exit codes.
        .executableTarget(
            name: "m365-exporter",
            dependencies: [
                "M365Exporter",
                "CMallocTuning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Shared by every test target: a fake of Azure AD's token endpoint and
        // Graph's reports API on real loopback sockets, its fixtures, and
        // helpers that run the real exporter binary and read its exposition.
        .target(
            name: "M365TestSupport",
            dependencies: [
                "M365Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                // Test certificates and the fake token endpoint's checks of
                // client assertions.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/M365TestSupport",
            resources: [.copy("ReportSamples")],
            swiftSettings: strictSettings
        ),
        // The fake Graph above as a process of its own, serving the demo's
        // data to every tenant after a set latency: what scripts/load-test
        // measures Graph mode against.
        .executableTarget(
            name: "m365-fake-graph",
            dependencies: [
                "M365TestSupport",
                "M365Exporter",
                "M365Reports",
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Tests/FakeGraphServer",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "M365ReportsTests",
            dependencies: [
                "M365Reports",
                "M365TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "M365GraphTests",
            dependencies: [
                "M365Graph",
                "M365TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "M365ExporterTests",
            dependencies: [
                "CCodePages",
                "M365Exporter",
                "M365Graph",
                "M365TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The operating artefacts (deploy/, grafana/) and the landing page,
        // checked with the real tools: promtool and Prometheus, hadolint,
        // docker-compose, kubectl kustomize and kubernetes-validate,
        // systemd-analyze, headless Chromium.
        .testTarget(
            name: "DeploymentTests",
            dependencies: ["M365Reports", "M365TestSupport"],
            swiftSettings: strictSettings
        ),
    ]
)
