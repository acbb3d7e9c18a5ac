// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Sleuth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sleuth", targets: ["sleuth"]),
        // For the libFuzzer harness package in Fuzz/Harness only.
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // C shim around libedit's variadic el_set/history calls.
        .target(name: "CLibEdit", linkerSettings: [.linkedLibrary("edit")]),
        .target(name: "LineEditor", dependencies: ["CLibEdit"]),
        .target(name: "Notebook", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "KernelLog"),
        // System zlib (Debian zlib1g-dev), used for gzip decoding in HeapProfile.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "HTTPFetch"),
        .target(name: "HeapProfile",
                dependencies: ["CZlib", "HTTPFetch", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
                exclude: ["Proto/profile.proto"]),
        .target(name: "Analysis"),
        .target(name: "ProcessSampling"),
        .target(name: "Report", dependencies: ["Notebook"]),
        .target(name: "Workbench", dependencies: ["Notebook", "KernelLog", "HeapProfile", "HTTPFetch", "Report",
                                                  "Analysis", "ProcessSampling"]),
        .target(name: "Playbook", dependencies: ["Workbench", "Notebook", .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "sleuth", dependencies: [
            "Workbench", "LineEditor", "Report", "Notebook", "Playbook",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // One fuzz target per parser: run by libFuzzer (`make fuzz`) and replayed by FuzzRegressionTests.
        .target(name: "FuzzTargets", dependencies: ["KernelLog", "HeapProfile", "Playbook", "ProcessSampling", "Workbench"],
                path: "Fuzz/Targets"),

        // Real-environment helpers shared by the tests: memory cgroups, a scripted HTTP server, and whether CI
        // demands the real tests.
        .target(name: "RealEnvironment", path: "Tests/RealEnvironment"),
        .testTarget(name: "KernelLogTests", dependencies: ["KernelLog"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HeapProfileTests", dependencies: ["HeapProfile", "HTTPFetch", "RealEnvironment"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HTTPFetchTests", dependencies: ["HTTPFetch", "RealEnvironment"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis"]),
        .testTarget(name: "ProcessSamplingTests", dependencies: ["ProcessSampling", "Analysis"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlaybookTests", dependencies: ["Playbook", "Workbench", "Notebook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Notebook", .product(name: "GRDB", package: "GRDB.swift")],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "Notebook"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets"]),
        .testTarget(name: "SleuthEndToEndTests", dependencies: ["Notebook", "sleuth", "RealEnvironment"]),
    ]
)
