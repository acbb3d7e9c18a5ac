// swift-tools-version:6.1
// The libFuzzer harness, a package of its own so the normal build never links it: `make fuzz` builds it
// with `--sanitize=fuzzer --sanitize=address` and runs each target of FuzzTargets (see scripts/fuzz.sh).
import PackageDescription

let package = Package(
    name: "SleuthFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Sleuth", path: "../..")],
    targets: [
        .executableTarget(name: "sleuth-fuzz", dependencies: [.product(name: "FuzzTargets", package: "Sleuth")]),
    ]
)
