import Foundation
import HeapProfile
import KernelLog
import Playbook
import ProcessSampling
import Workbench

/// One fuzz target: feeds arbitrary bytes to a parser and to what consumes its result, the way Sleuth
/// would. Errors are expected and ignored; a trap, a hang or an unbounded allocation is a finding.
/// The libFuzzer harness (`Fuzz/Harness`) and the regression tests (`FuzzRegressionTests`) both run these;
/// `Fuzz/seeds.txt` names the test fixtures that seed each one's corpus.
public struct FuzzTarget: Sendable {
    public let name: String
    public let run: @Sendable (UnsafeRawBufferPointer) -> Void

    /// All targets, by name.
    public static let all: [FuzzTarget] = [
        kernelLogLine, kernelLog, profileProto, profileGzip, heapText, goroutines, playbook, tokenizer,
        prometheus, procFiles, memoryCSV, safeText,
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// Tight limits, so an input that makes the decoder allocate beyond them is an error, and an
    /// allocation the limits do not bound shows up as an out-of-memory finding.
    static let profileLimits = Profile.Limits(
        maxDecompressedBytes: 16 << 20, maxSamples: 100_000, maxLocations: 100_000, maxStrings: 100_000,
        maxStackDepth: 10_000)

    /// One kernel log line, in any rendering, repeated inside a report so every line parser sees it.
    public static let kernelLogLine = FuzzTarget(name: "kernel-log-line") { bytes in
        var line = Array(bytes.prefix(4096))
        line.removeAll { $0 == 10 }
        var log = Array("x invoked oom-killer: gfp_mask=0x0, order=0, oom_score_adj=0\n".utf8)
        log += line + [10]
        log += Array("Out of memory: Killed process 5 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n".utf8)
        log += line + [10]
        consume(KernelLogScanner.scan(log))
    }

    /// Whole kernel logs: reports, interleavings, truncations; fed in uneven chunks as from a pipe.
    public static let kernelLog = FuzzTarget(name: "kernel-log") { bytes in
        var scanner = KernelLogScanner(options: .init(maxLineLength: 2048))
        var offset = 0
        var step = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            scanner.feed(Array(bytes[offset..<end]))
            offset = end
            step = step * 3 % 4093 + 1
        }
        scanner.finish()
        let events = scanner.takeEvents()
        for event in events { _ = event.explanation() }
        _ = RepeatedKill.find(in: events)
        _ = try? JSONEncoder().encode(events)
    }

    /// profile.proto bytes as they are (no gzip), then every query on what decodes.
    public static let profileProto = FuzzTarget(name: "profile-proto") { bytes in
        decodeAndQuery(Array(bytes))
    }

    /// gzip streams: the input after a gzip header, so the inflater and then the decoder see it.
    public static let profileGzip = FuzzTarget(name: "profile-gzip") { bytes in
        var input = Array(bytes)
        if !(input.count >= 2 && input[0] == 0x1f && input[1] == 0x8b) { input = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3] + input }
        decodeAndQuery(input)
    }

    /// Go's legacy text heap profile (`?debug=1`).
    public static let heapText = FuzzTarget(name: "heap-text") { bytes in
        var input = Array(bytes)
        if !input.starts(with: Array("heap profile:".utf8)) { input = Array("heap profile: 1: 2 [3: 4] @ heap/1048576\n".utf8) + input }
        decodeAndQuery(input)
    }

    /// Goroutine profiles: `?debug=1` counts and `?debug=2` full dumps.
    public static let goroutines = FuzzTarget(name: "goroutines") { bytes in
        var input = Array(bytes)
        if !(input.starts(with: Array("goroutine".utf8))) { input = Array("goroutine 1 [running]:\n".utf8) + input }
        guard let p = try? Profile(decoding: input, limits: profileLimits) else { return }
        query(p)
        _ = try? p.goroutineGroups()
        _ = try? Profile.goroutineDiff(before: p, after: p)
    }

    /// Playbook YAML: the format, then validation against the full command set.
    public static let playbook = FuzzTarget(name: "playbook") { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? Playbook.check(yaml: text, file: "fuzz.yaml", registry: registry, allowShell: false)
    }

    /// The command language: tokenizing, completion context, and argument binding of every command.
    public static let tokenizer = FuzzTarget(name: "tokenizer") { bytes in
        let line = String(decoding: bytes.prefix(8192), as: UTF8.self)
        _ = Tokenizer.tokenizeForCompletion(line)
        guard let tokens = try? Tokenizer.tokenize(line),
              let (command, consumed) = try? registry.resolve(tokens.map(\.text)) else { return }
        _ = try? ParsedArguments(spec: command.spec, words: Array(tokens.dropFirst(consumed)))
    }

    /// Prometheus text exposition (`sample --work url:…`).
    public static let prometheus = FuzzTarget(name: "prometheus") { bytes in
        _ = try? PrometheusText.parse(Array(bytes))
    }

    /// /proc/PID/stat, status and smaps_rollup and /proc/self/cgroup: a process name is attacker-chosen.
    public static let procFiles = FuzzTarget(name: "proc-files") { bytes in
        _ = try? ProcStat.parse(bytes)
        _ = try? ProcStatus.parse(bytes)
        _ = try? SmapsRollup.parse(bytes)
        _ = CgroupMounts.parse(bytes)
        _ = CgroupMembership.parse(bytes)
    }

    /// Memory series from CSV or psrecord files (`trend FILE`).
    public static let memoryCSV = FuzzTarget(name: "memory-csv") { bytes in
        _ = try? MemoryCSV.parse(bytes: Array(bytes))
    }

    /// Terminal neutralisation of untrusted text: never an escape byte out.
    public static let safeText = FuzzTarget(name: "safe-text") { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        for keep in [true, false] {
            let out = SafeText.neutralize(text, keepNewlines: keep)
            for u in out.unicodeScalars where u.value < 0x20 && !(keep && (u == "\n" || u == "\t")) || (0x7f...0x9f).contains(u.value) {
                fatalError("safe-text: control character U+\(String(u.value, radix: 16)) survived")
            }
        }
    }

    static let registry = CommandRegistry(CommandRegistry.standard.commands + Playbook.commands)

    static func decodeAndQuery(_ input: [UInt8]) {
        guard let p = try? Profile(decoding: input, limits: profileLimits) else { return }
        query(p)
        _ = try? p.diff(base: p)
        _ = try? Profile.growth([p, p])
    }

    static func query(_ p: Profile) {
        _ = try? p.top().text()
        _ = try? p.tracesText()
        _ = try? p.peek(".").text()
        _ = try? p.list(".").text()
    }

    static func consume(_ scan: KernelLogScan) {
        for event in scan.events { _ = event.explanation() }
    }
}
