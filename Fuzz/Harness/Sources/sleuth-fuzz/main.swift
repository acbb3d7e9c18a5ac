// The libFuzzer entry point for every Sleuth fuzz target; SLEUTH_FUZZ_TARGET names the one to run.
// Built only by `make fuzz` (scripts/fuzz.sh), with `swift build --sanitize=fuzzer --sanitize=address`:
// libFuzzer supplies `main`. The test suite replays the corpora without it (FuzzRegressionTests).
import FuzzTargets
import Foundation

private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["SLEUTH_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget.named(name) else {
        let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("sleuth-fuzz: set SLEUTH_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    target.run(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}
