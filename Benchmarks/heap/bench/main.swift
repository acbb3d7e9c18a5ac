// heapbench: times Sleuth's HeapProfile `top` and `diff` from a cold start, for
// Benchmarks/heap/run.sh (which compares it with `go tool pprof -top` / `-top -base`).
//
//   heapbench top FILE            prints the same report as `go tool pprof -top FILE`
//   heapbench diff BASE FILE      prints the same report as `go tool pprof -top -base BASE FILE`
import Foundation
import HeapProfile

let args = CommandLine.arguments
do {
    switch (args.count, args.count > 1 ? args[1] : "") {
    case (3, "top"):
        let p = try Profile(contentsOfFile: args[2])
        FileHandle.standardOutput.write(try p.top().text().data(using: .utf8)!)
    case (4, "diff"):
        let diff = try Profile.diff(baseFile: args[2], newFile: args[3])
        FileHandle.standardOutput.write(try diff.top().text().data(using: .utf8)!)
    default:
        FileHandle.standardError.write("usage: heapbench top FILE | heapbench diff BASE FILE\n".data(using: .utf8)!)
        exit(2)
    }
} catch {
    FileHandle.standardError.write("\(error)\n".data(using: .utf8)!)
    exit(1)
}
