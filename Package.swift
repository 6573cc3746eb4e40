// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "probe",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ProbeEngine", targets: ["ProbeEngine"]),
        .library(name: "ProbeStore", targets: ["ProbeStore"]),
        .library(name: "Tiktoken", targets: ["Tiktoken"]),
        .executable(name: "probe", targets: ["probe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C shims over system libraries (Swift cannot call C variadics such as curl_easy_setopt).
        // libcurl is loaded with dlopen on first use (see ccurl.h), so start-up does not pay for it.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("dl")]),  // libcrypto via dlopen too

        // OpenAI BPE tokenizer, usable on its own.
        .target(name: "Tiktoken", dependencies: ["CCrypto", "ProbeJSON"], exclude: ["Resources"]),
        // Tokenizer tools: the differential test's Swift side and the throughput benchmark.
        .executableTarget(name: "tiktoken-oracle", dependencies: ["Tiktoken"], path: "Benchmarks/tiktoken-oracle"),
        .executableTarget(name: "tiktoken-bench", dependencies: ["Tiktoken"], path: "Benchmarks/tiktoken-bench"),

        // Strict RFC 8259 JSON values, parser and writer (the engine's and the model table's).
        .target(name: "ProbeJSON"),
        // The error taxonomy, chat types and routing shared by everything else.
        .target(name: "ProbeCore", dependencies: ["ProbeJSON"]),
        // Six providers: pure request builders and reply parsers.
        .target(name: "ProbeProviders", dependencies: ["ProbeCore"]),
        // HTTP over libcurl.
        .target(name: "ProbeTransport", dependencies: ["CCurl"]),
        // The probe loop, input contract, retries, logging: the public embedded API.
        .target(
            name: "ProbeEngine",
            dependencies: [
                "ProbeCore", "ProbeProviders", "ProbeTransport", "Tiktoken", "CCrypto",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Resources"]  // model-profiles.json, read at run time (DECISIONS D14)
        ),
        // libpq-dev's header for ProbeStore; libpq itself is loaded with dlopen on first use (like
        // libcurl), so `probe` starts without it.
        .systemLibrary(name: "CLibpq", path: "Sources/CLibpq", providers: [.apt(["libpq-dev"])]),
        // Results into PostgreSQL (SPEC §11): a library of its own, so embedders without a database
        // do not link libpq.
        .target(
            name: "ProbeStore",
            dependencies: ["CLibpq", "ProbeEngine", "ProbeTransport", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "probe",
            dependencies: [
                "ProbeEngine", "ProbeStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "ProbeCoreTests", dependencies: ["ProbeCore", "ProbeJSON"]),
        .testTarget(name: "ProbeProvidersTests", dependencies: ["ProbeProviders"]),
        // A scriptable loopback HTTP/1.1 server for the transport's and the engine's tests.
        .target(name: "ProbeTestSupport", dependencies: ["ProbeTransport"], path: "Tests/ProbeTestSupport"),
        // A keep-alive mock of the six provider APIs (real paths under a prefix), scriptable per request.
        .target(name: "ProbeMock", dependencies: ["ProbeTestSupport", "ProbeJSON"], path: "Tests/ProbeMock"),
        .testTarget(name: "ProbeMockTests", dependencies: ["ProbeMock", "ProbeTestSupport", "ProbeJSON"]),
        // The mock as a process of its own, for load tests: `probe-mock [--latency-ms N] [--fault-percent P] ...`.
        .executableTarget(name: "probe-mock", dependencies: ["ProbeMock", "ProbeTestSupport", "ProbeTransport", "ProbeJSON"], path: "Tests/probe-mock"),
        // The parity harness: Python reference vs `probe` binary vs in-process engine, on Fixtures/parity.
        .executableTarget(
            name: "probe-parity",
            dependencies: [
                "ProbeEngine", "ProbeMock", "ProbeTestSupport", "ProbeJSON", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/probe-parity"
        ),
        // Against a real PostgreSQL (scripts/test starts a throwaway cluster: PROBE_TEST_DATABASE_URL).
        .testTarget(
            name: "ProbeStoreTests",
            dependencies: ["ProbeStore", "ProbeEngine", "ProbeMock", "ProbeTestSupport", "probe",
                           .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "ProbeTransportTests", dependencies: ["ProbeTransport", "ProbeTestSupport"]),
        .testTarget(name: "TiktokenTests", dependencies: ["Tiktoken"]),
        // End to end through the built `probe` binary (and the engine in-process): bad input, transport faults.
        .testTarget(name: "ProbeCLITests", dependencies: ["ProbeEngine", "ProbeTestSupport", "probe", "ProbeTransport",
                                                          .product(name: "Logging", package: "swift-log")]),
        // Start-up benchmark: `probe` against the Python worker on an input that fails validation.
        .executableTarget(name: "probe-bench", path: "Benchmarks/probe-bench"),
        // Concurrency benchmark: `probe batch` against the mock provider, next to one Python worker per probe.
        .executableTarget(
            name: "probe-batch-bench",
            dependencies: ["ProbeEngine", "ProbeJSON", "ProbeTransport", "ProbeMock", "ProbeTestSupport"],
            path: "Benchmarks/probe-batch-bench"
        ),
        // Store benchmark: results written per second through `probe batch --database-url`, and one write's p50/p99.
        .executableTarget(
            name: "probe-store-bench",
            dependencies: [
                "ProbeEngine", "ProbeStore", "ProbeJSON", "ProbeMock", "ProbeTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/probe-store-bench"
        ),
        // Record and replay (DECISIONS D13): cassettes recorded against the mock, replayed, tampered with.
        .testTarget(
            name: "ProbeCassetteTests",
            dependencies: ["ProbeEngine", "ProbeTransport", "ProbeMock", "ProbeTestSupport", "CCrypto",
                           .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ProbeEngineTests",
            dependencies: ["ProbeEngine", "ProbeTransport", .product(name: "Logging", package: "swift-log")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
