// Streams kernel logs through the KernelLog scanner.
//
//     kernellog-bench FILE...          prints "events N lookalikes N lines N bytes N seconds S MB/s R"
//     kernellog-bench --json FILE...   prints the scan as JSON ({"events": [...], "lookalikes": [...]})
//     kernellog-bench --explain FILE   prints the plain-words explanation of each event
//
// Built by run.sh with `swiftc -O` together with the module's sources (one module, so no import).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

var arguments = Array(CommandLine.arguments.dropFirst())
let json = arguments.first == "--json"
let explain = arguments.first == "--explain"
if json || explain { arguments.removeFirst() }
if arguments.isEmpty {
    fputs("usage: kernellog-bench [--json|--explain] FILE...\n", stderr)
    exit(2)
}

var start = timespec()
clock_gettime(CLOCK_MONOTONIC, &start)
var events: [OOMEvent] = []
var lookalikes: [Lookalike] = []
var eventCount = 0
var lookalikeCount = 0
var lines = 0
var bytes = 0
do {
    for path in arguments {
        var scanner = KernelLogScanner(source: path)
        // Events are drained after every chunk, so a long log never piles them up here.
        func drain() {
            let e = scanner.takeEvents()
            let l = scanner.takeLookalikes()
            eventCount += e.count
            lookalikeCount += l.count
            if json || explain {
                events += e
                lookalikes += l
            }
        }
        try FileLogSource(path: path).read {
            scanner.feed($0)
            drain()
        }
        scanner.finish()
        drain()
        lines += scanner.lineCount
        bytes += scanner.byteCount
    }
} catch let error as KernelLogError {
    fputs("\(error)\n", stderr)
    exit(1)
}
var end = timespec()
clock_gettime(CLOCK_MONOTONIC, &end)
let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9

if json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(KernelLogScan(events: events, lookalikes: lookalikes))
    print(String(decoding: data, as: UTF8.self))
} else if explain {
    for event in events {
        print("--- \(event.lines.source):\(event.lines.first)-\(event.lines.last)")
        print(event.explanation())
    }
} else {
    print("events \(eventCount) lookalikes \(lookalikeCount) lines \(lines) bytes \(bytes) seconds \(seconds) MB/s \(Double(bytes) / seconds / 1e6)")
}
