// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Sleuth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sleuth", targets: ["sleuth"]),
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

        // Real-environment helpers shared by the tests: memory cgroups, and whether CI demands them.
        .target(name: "RealEnvironment", path: "Tests/RealEnvironment"),
        .testTarget(name: "KernelLogTests", dependencies: ["KernelLog"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HeapProfileTests", dependencies: ["HeapProfile", "HTTPFetch"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HTTPFetchTests", dependencies: ["HTTPFetch"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis"]),
        .testTarget(name: "ProcessSamplingTests", dependencies: ["ProcessSampling", "Analysis"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlaybookTests", dependencies: ["Playbook", "Workbench", "Notebook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Notebook", .product(name: "GRDB", package: "GRDB.swift")],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "Notebook"]),
        .testTarget(name: "SleuthEndToEndTests", dependencies: ["Notebook", "sleuth", "RealEnvironment"]),
    ]
)
