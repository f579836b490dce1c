// swift-tools-version: 6.1
import PackageDescription

// The exporter's benchmarks, apart from the main package so that its build
// and tests never wait for the benchmark tooling:
//   cd Benchmarks && swift package --disable-sandbox benchmark
let package = Package(
    name: "m365-exporter-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so that the identity does not depend on the folder of the clone.
        .package(name: "m365-exporter", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ExporterBenchmarks",
            dependencies: [
                .product(name: "M365Reports", package: "m365-exporter"),
                .product(name: "M365Exporter", package: "m365-exporter"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ExporterBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
