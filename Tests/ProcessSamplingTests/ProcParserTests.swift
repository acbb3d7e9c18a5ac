import Foundation
import Testing
@testable import ProcessSampling

/// Runs a byte parser on a string.
func withBytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try Array(text.utf8).withUnsafeBytes(body)
}

func fixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
}

@Suite struct ProcParserTests {
    @Test func statusOfARealProcess() throws {
        let text = try String(contentsOf: fixture("proc-status-cat.txt"), encoding: .utf8)
        let status = try withBytes(text) { try ProcStatus.parse($0) }
        #expect(status.name == "cat")
        #expect(try #require(status.vmRSSKiB) > 0)
        #expect(status.rssAnonKiB != nil && status.rssFileKiB != nil && status.rssShmemKiB != nil)
        #expect(status.vmHWMKiB != nil && status.vmSwapKiB != nil)
        #expect(status.threads == 1)
        #expect(!status.isGone)
    }

    @Test func zombieAndKernelThreadHaveNoMemory() throws {
        let status = try withBytes("Name:\tkworker/0:1\nUmask:\t0000\nState:\tZ (zombie)\nThreads:\t1\n") { try ProcStatus.parse($0) }
        #expect(status.isGone)
        #expect(status.vmRSSKiB == nil)
    }

    @Test func aThreadCountBeyondIntIsUnknownNotATrap() throws {
        // Found by `make fuzz` (Fuzz/Regressions/proc-files/threads-overflowing-int).
        let status = try withBytes("Name:\tx\nState:\tS\nThreads:\t10000000000000000000\n") { try ProcStatus.parse($0) }
        #expect(status.threads == nil)
    }

    @Test func statusErrorsNameTheField() {
        #expect(throws: SamplingError(.malformed, file: "/proc/9/status", "field 'VmRSS' is not a number")) {
            try withBytes("Name:\tx\nState:\tS\nVmRSS:\t  lots kB\n") { try ProcStatus.parse($0, file: "/proc/9/status") }
        }
        let error = SamplingError(.malformed, file: "/proc/9/status", "no 'Name' field")
        #expect(error.description == "/proc/9/status: error: no 'Name' field")
        #expect(throws: error) { try withBytes("State:\tS\n") { try ProcStatus.parse($0, file: "/proc/9/status") } }
    }

    @Test func statWithParenthesesAndSpacesInComm() throws {
        let line = "4242 (my (odd) name) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 12 3 0 0 20 0 1 0 8731 123456 789 18446744073709551615\n"
        let stat = try withBytes(line) { try ProcStat.parse($0) }
        #expect(stat.pid == 4242)
        #expect(stat.comm == "my (odd) name) x")
        #expect(stat.state == "S")
        #expect(stat.parentPid == 1)
        #expect(stat.userTicks == 12 && stat.systemTicks == 3)
        #expect(stat.startTimeTicks == 8731)
    }

    @Test func statOfThisProcess() throws {
        let reader = ProcFileReader()
        let stat = try ProcStat.parse(reader.read("/proc/self/stat"))
        #expect(stat.pid == getpid())
        #expect(stat.startTimeTicks > 0)
        #expect(throws: SamplingError.self) { try withBytes("12 (cut short) S 1") { try ProcStat.parse($0) } }
    }

    @Test func cmdline() {
        let args = withBytes("/usr/bin/python3\0-c\0print(1)\0") { ProcCmdline.parse($0) }
        #expect(args == ["/usr/bin/python3", "-c", "print(1)"])
        #expect(ProcCmdline.basename(args) == "python3")
        #expect(ProcCmdline.basename(["nginx: worker process"]) == "nginx:")
        #expect(withBytes("") { ProcCmdline.parse($0) } == [])
    }

    @Test func smapsRollupAndMeminfo() throws {
        let rollup = try withBytes("""
            55d0c0a00000-7ffc35bfb000 ---p 00000000 00:00 0                          [rollup]
            Rss:               10560 kB
            Pss:                5362 kB
            Pss_Anon:           4188 kB
            Pss_File:           1174 kB
            Pss_Shmem:             0 kB
            Swap:                  4 kB
            SwapPss:               2 kB

            """) { try SmapsRollup.parse($0) }
        #expect(rollup.pssKiB == 5362 && rollup.pssAnonKiB == 4188 && rollup.pssFileKiB == 1174)
        #expect(rollup.rssKiB == 10560 && rollup.swapKiB == 4 && rollup.swapPssKiB == 2)
        #expect(try withBytes("MemTotal:       24684084 kB\nMemFree: 1 kB\n") { try Meminfo.memTotalKiB($0) } == 24_684_084)
        #expect(try Meminfo.memTotalKiB() > 0)
    }

    @Test func readerGrowsForLargeFilesAndReportsMissingOnes() throws {
        let reader = ProcFileReader(initialCapacity: 256)
        let bytes = try reader.read("/proc/self/maps")
        #expect(bytes.count > 256)
        #expect(throws: SamplingError(.notFound, file: "/proc/0/status", "no such file (or the process has exited)")) {
            _ = try reader.read("/proc/0/status")
        }
    }
}

@Suite struct CgroupParserTests {
    @Test func membershipV1AndV2() {
        let v1 = withBytes("9:name=systemd:/\n4:memory:/process_api/fd6c\n3:cpu,cpuacct:/\n0::/\n") { CgroupMembership.parse($0) }
        #expect(v1 == CgroupMembership(memoryV1: "/process_api/fd6c", unified: "/"))
        let v2 = withBytes("0::/system.slice/app.service\n") { CgroupMembership.parse($0) }
        #expect(v2 == CgroupMembership(memoryV1: nil, unified: "/system.slice/app.service"))
    }

    @Test func mountsWithEscapesAndContainerRoots() {
        let mounts = withBytes("""
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            33 31 0:30 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            35 31 0:32 /docker/abc /sys/fs/cgroup/my\\040memory rw,relatime shared:9 - cgroup cgroup rw,memory
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate

            """) { CgroupMounts.parse($0) }
        #expect(mounts.memoryV1 == CgroupMounts.Mount(root: "/docker/abc", mountPoint: "/sys/fs/cgroup/my memory"))
        #expect(mounts.unified == CgroupMounts.Mount(root: "/", mountPoint: "/sys/fs/cgroup/unified"))
        let cg = MemoryCgroup.locate(membership: CgroupMembership(memoryV1: "/docker/abc/inner"), mounts: mounts)
        #expect(cg == MemoryCgroup(version: .v1, path: "/docker/abc/inner", directory: "/sys/fs/cgroup/my memory/inner"))
    }

    @Test func limitsAndUnlimited() throws {
        #expect(try withBytes("9223372036854771712\n") { try MemoryCgroup.parseLimit($0, file: "l") } == nil)
        #expect(try withBytes("4611686018427387904\n") { try MemoryCgroup.parseLimit($0, file: "l") } == nil)
        #expect(try withBytes("max\n") { try MemoryCgroup.parseLimit($0, file: "l") } == nil)
        #expect(try withBytes("67108864\n") { try MemoryCgroup.parseLimit($0, file: "l") } == 67_108_864)
        #expect(throws: SamplingError(.malformed, file: "memory.max", "'lots' is not a number")) {
            try withBytes("lots\n") { try MemoryCgroup.parseLimit($0, file: "memory.max") }
        }
    }

    @Test func thisProcessesCgroupReads() throws {
        let resolver = TargetResolver(excluded: [])
        guard let cgroup = try resolver.memoryCgroup(getpid()) else { return }   // no memory cgroup on this machine
        let reading = try cgroup.read(reader: ProcFileReader())
        #expect(reading.usageBytes > 0)
        #expect(reading.oomKills != nil)
        let named = try resolver.resolve(.cgroup(cgroup.path))
        #expect(named.cgroup == cgroup)
        #expect(named.isCgroup)
    }
}

@Suite struct DurationParserTests {
    @Test(arguments: [("200ms", 0.2), ("5s", 5), ("2m", 120), ("1h", 3600), ("1.5s", 1.5), ("1m30s", 90), ("3", 3), ("250us", 0.00025)])
    func valid(text: String, seconds: Double) throws {
        #expect(abs(try DurationParser.seconds(text) - seconds) < 1e-12)
    }

    @Test func invalid() {
        #expect(throws: SamplingError(.invalidArgument, "--every '5x' has an unknown unit 'x'; use a duration such as 200ms, 1.5s, 2m or 1h")) {
            try DurationParser.seconds("5x", what: "--every")
        }
        for bad in ["", "s", "ms5", "1.2.3s", "-1s", "5 s"] {
            #expect(throws: SamplingError.self, "\(bad)") { try DurationParser.seconds(bad) }
        }
    }
}
