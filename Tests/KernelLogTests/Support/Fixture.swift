import Foundation
import Testing
@testable import KernelLog

/// Loading fixtures (from `Fixtures/`, via `Bundle.module`) and scanning them.
enum Fixture {
    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static var allLogNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".log") }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = directory.appendingPathComponent(name)
        return Array(try Data(contentsOf: url))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    static func scan(_ name: String, options: KernelLogScanner.Options = .init()) throws -> KernelLogScan {
        KernelLogScanner.scan(try bytes(name), source: name, options: options)
    }

    /// Feeds `bytes` in chunks of `size` bytes.
    static func scanChunked(_ bytes: [UInt8], chunk size: Int, source: String = "-",
                            options: KernelLogScanner.Options = .init()) -> KernelLogScan {
        var scanner = KernelLogScanner(source: source, options: options)
        var events: [OOMEvent] = []
        var lookalikes: [Lookalike] = []
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + size)
            scanner.feed(bytes[i..<end])
            events += scanner.takeEvents()
            lookalikes += scanner.takeLookalikes()
            i = end
        }
        scanner.finish()
        return KernelLogScan(events: events + scanner.takeEvents(), lookalikes: lookalikes + scanner.takeLookalikes())
    }
}

extension KernelLogScan {
    /// The events with their times and source names removed, to compare the same report across
    /// renderings.
    var withoutTimes: [OOMEvent] {
        events.map { event in
            var e = event
            e.time = EventTime()
            e.lines.source = "-"
            return e
        }
    }
}

extension OOMEvent {
    /// Convenience for expectations.
    var victimPid: Int? { victim?.pid }
}

func encodeJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
