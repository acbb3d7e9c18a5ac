import Foundation
import Notebook
import Testing
@testable import Report

let chromium = "/usr/bin/chromium"

/// The HTML report opened in a real headless Chromium: it draws something, and the hostile name stays text.
/// `make test` installs Chromium (Debian's `chromium`); without it these tests are skipped.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: chromium), "needs Chromium at /usr/bin/chromium (make test installs it)"),
       .serialized)
struct HTMLInChromiumTests {
    @Test func thePageRendersChartsAndTables() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = dir + "/report.html"
        try report.write(.html, to: page)
        let shot = dir + "/report.png"
        let run = try Headless.run(["--screenshot=\(shot)", "--window-size=1200,2000", "file://" + page], profile: dir + "/profile")
        #expect(run.status == 0, "chromium: \(run.stderr.suffix(500))")
        let png = try PNGImage(path: shot)
        #expect(png.width == 1200 && png.height == 2000)
        let size = try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int ?? 0
        #expect(size > 40_000, "a blank 1200×2000 screenshot compresses to a few KB; got \(size) bytes")
        let stats = try png.colourStatistics()
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
            #expect(stats != nil, "the screenshot's pixels could not be decoded")
        }
        if let stats {
            #expect(stats.distinctColours > 50, "\(stats)")
            #expect(stats.nonBackgroundShare > 0.03, "\(stats)")
            if ProcessInfo.processInfo.environment["SLEUTH_SHOW_PNG_STATS"] == "1" { print("screenshot: \(stats)") }
        }
    }

    @Test func thePagePrints() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = dir + "/report.html"
        try report.write(.html, to: page)
        let pdf = dir + "/report.pdf"
        let run = try Headless.run(["--print-to-pdf=\(pdf)", "--no-pdf-header-footer", "file://" + page], profile: dir + "/profile")
        #expect(run.status == 0, "chromium: \(run.stderr.suffix(500))")
        let data = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(data.starts(with: Array("%PDF".utf8)))
        #expect(data.count > 30_000)
    }

    @Test func theDOMHasNoScriptAndShowsTheHostileNameAsText() throws {
        let (report, dir) = try ReportSnapshotTests.fixtureReport()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = dir + "/report.html"
        try report.write(.html, to: page)
        let run = try Headless.run(["--dump-dom", "file://" + page], profile: dir + "/profile")
        #expect(run.status == 0, "chromium: \(run.stderr.suffix(500))")
        let dom = run.stdout
        #expect(dom.contains("<svg class=\"chart\""))
        #expect(dom.contains("Postmortem: Why was api OOM-killed at 09:41?"))
        #expect(!dom.lowercased().contains("<script"), "the DOM gained a script element")
        #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }
}

/// Runs headless Chromium with a private profile and a deadline.
enum Headless {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ arguments: [String], profile: String, timeout: TimeInterval = 90) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                       "--user-data-dir=\(profile)", "--disable-extensions", "--disable-background-networking"] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read while it runs: a full pipe would stall it.
        nonisolated(unsafe) var stdout = Data(), stderr = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { stdout = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { stderr = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            Issue.record("chromium did not finish within \(Int(timeout)) s")
        }
        p.waitUntilExit()
        group.wait()
        return Run(status: p.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Just enough PNG to tell a drawn page from a blank one: the header, and the pixels (8-bit RGB/RGBA)
/// after inflating the image data with python3's zlib.
struct PNGImage {
    let width: Int
    let height: Int
    let colourType: UInt8
    let bitDepth: UInt8
    let idat: Data

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let bytes = [UInt8](data)
        guard bytes.count > 33, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw ReportError(path: path, "not a PNG")
        }
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var i = 8
        var w = 0, h = 0, depth: UInt8 = 0, type: UInt8 = 0
        var idat = Data()
        while i + 8 <= bytes.count {
            let length = u32(i)
            let kind = String(decoding: bytes[i + 4..<i + 8], as: UTF8.self)
            let body = i + 8
            guard body + length <= bytes.count else { break }
            if kind == "IHDR" { w = u32(body); h = u32(body + 4); depth = bytes[body + 8]; type = bytes[body + 9] }
            if kind == "IDAT" { idat.append(contentsOf: bytes[body..<body + length]) }
            i = body + length + 4
        }
        width = w
        height = h
        bitDepth = depth
        colourType = type
        self.idat = idat
    }

    struct Statistics: CustomStringConvertible {
        var distinctColours: Int
        var nonBackgroundShare: Double
        var description: String { "\(distinctColours) colours, \(Int(nonBackgroundShare * 1000) / 10)% not background" }
    }

    /// Distinct colours and the share of pixels unlike the top-left one; nil without python3 or for
    /// pixel formats other than 8-bit RGB/RGBA.
    func colourStatistics() throws -> Statistics? {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python, bitDepth == 8, colourType == 2 || colourType == 6 else { return nil }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try idat.write(to: URL(fileURLWithPath: dir + "/idat"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import sys,zlib; open(sys.argv[2],'wb').write(zlib.decompress(open(sys.argv[1],'rb').read()))",
                       dir + "/idat", dir + "/raw"]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/raw")))
        let bpp = colourType == 6 ? 4 : 3
        let stride = width * bpp
        guard raw.count >= height * (stride + 1) else { return nil }
        var previous = [UInt8](repeating: 0, count: stride)
        var current = [UInt8](repeating: 0, count: stride)
        var colours = Set<UInt32>()
        var background: UInt32?
        var different = 0
        for y in 0..<height {
            let row = y * (stride + 1)
            let filter = raw[row]
            for x in 0..<stride {
                let v = raw[row + 1 + x]
                let a = x >= bpp ? Int(current[x - bpp]) : 0
                let b = Int(previous[x])
                let c = x >= bpp ? Int(previous[x - bpp]) : 0
                let predicted: Int
                switch filter {
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: predicted = 0
                }
                current[x] = UInt8(truncatingIfNeeded: Int(v) + predicted)
            }
            for x in Swift.stride(from: 0, to: stride, by: bpp) {
                let colour = UInt32(current[x]) << 16 | UInt32(current[x + 1]) << 8 | UInt32(current[x + 2])
                if colours.count < 100_000 { colours.insert(colour) }
                if background == nil { background = colour }
                if colour != background { different += 1 }
            }
            swap(&previous, &current)
        }
        return Statistics(distinctColours: colours.count, nonBackgroundShare: Double(different) / Double(width * height))
    }
}

/// Guards the guard: in CI (`SLEUTH_REQUIRE_REAL_TESTS=1`) the Chromium tests must have run, not been skipped.
@Suite struct ChromiumRequiredInCI {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SLEUTH_REQUIRE_REAL_TESTS"] == "1", "only where real-environment tests are required"))
    func chromiumIsInstalled() {
        #expect(FileManager.default.isExecutableFile(atPath: chromium),
                "SLEUTH_REQUIRE_REAL_TESTS=1 but /usr/bin/chromium is missing: add chromium to TEST_PACKAGES in the Makefile")
    }
}
