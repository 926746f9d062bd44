// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ocop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ocop", targets: ["ocop"]),
        .executable(name: "ocop-bench", targets: ["ocop-bench"]),
        .library(name: "LibPQ", targets: ["LibPQ"]),
        .library(name: "Workflow", targets: ["Workflow"]),
        .library(name: "OCOP", targets: ["OCOP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C headers of libpq, found through pkg-config; Debian: libpq-dev.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The shared basics, pure: calendar dates, bilingual text, source locations.
        .target(name: "Basics", swiftSettings: swiftSettings),
        // Swift over libpq: connections, queries, pool, embedded cluster. Knows nothing of workflows.
        .target(
            name: "LibPQ",
            dependencies: ["CLibPQ", "Basics", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The pure workflow engine: definitions, validation, transition(). No SQL, no HTTP, no clock.
        .target(
            name: "Workflow",
            dependencies: ["Basics", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The OCOP and NTM domain: rule sets, scoring, stars, criteria. Pure.
        .target(
            name: "OCOP",
            dependencies: ["Basics", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The guards the OCOP and NTM workflow files name, built on the domain rules. Pure.
        .target(
            name: "Domain",
            dependencies: ["Workflow", "OCOP"],
            swiftSettings: swiftSettings
        ),
        // The only module with SQL: migrations, instances, history, timers, domain tables, reports.
        .target(
            name: "Store",
            dependencies: [
                "LibPQ", "Workflow", "OCOP", .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        // The admin HTTP endpoint: a door onto Store's services (no LibPQ, no SQL).
        .target(
            name: "AdminServer",
            dependencies: [
                "Store", "Workflow", "OCOP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // The CLI and composition root: a door onto Store's services (no LibPQ, no SQL).
        .executableTarget(
            name: "ocop",
            dependencies: [
                "Store", "AdminServer", "Domain", "OCOP", "Workflow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks and load drivers: prints figures as ratios against pgbench on the same server and SQL.
        .executableTarget(
            name: "ocop-bench",
            dependencies: [
                "Store", "LibPQ", "Workflow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared test fixtures: the throwaway cluster and per-test databases.
        .target(
            name: "TestSupport",
            dependencies: ["LibPQ", "Store"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LibPQTests", dependencies: ["LibPQ", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "OCOPTests", dependencies: ["OCOP"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AdminServerTests",
            dependencies: [
                "AdminServer", "Store", "LibPQ", "Workflow", "OCOP", "Domain", "TestSupport", "ocop",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "Workflow", "OCOP"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StoreTests", dependencies: ["Store", "LibPQ", "TestSupport", "Workflow", "OCOP", "Domain", "ocop-bench"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        // Runs the built `ocop` binary as a user would; depending on the target makes `swift test` build it.
        .testTarget(name: "CLITests", dependencies: ["ocop", "LibPQ", "Store", "OCOP", "Workflow", "TestSupport"], swiftSettings: swiftSettings),
    ]
)
