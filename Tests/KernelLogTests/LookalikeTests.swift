import Testing
@testable import KernelLog

/// Look-alikes are listed with kind, time, text and line, and never counted as kernel kills.
@Suite struct LookalikeTests {
    @Test func pageAllocationFailures() throws {
        let coreos = try Fixture.scan("lookalike-page-allocation-failure-4.9-coreos.log")
        #expect(coreos.events.isEmpty)
        #expect(coreos.lookalikes.map(\.kind) == [.pageAllocationFailure])
        #expect(coreos.lookalikes.first?.text.hasPrefix("java: page allocation failure: order:0") == true)
        #expect(coreos.lookalikes.first?.line == 1)

        let interleaved = try Fixture.scan("lookalike-page-allocation-failure-4.9-interleaved.log")
        #expect(interleaved.events.isEmpty)
        #expect(interleaved.lookalikes.map(\.line) == [1, 2, 7])
        #expect(interleaved.lookalikes.first?.time.uptimeSeconds == 2836069.534658)

        let xtensa = try Fixture.scan("lookalike-page-allocation-failure-6.8-xtensa.log")
        #expect(xtensa.lookalikes.map(\.kind) == [.pageAllocationFailure])
        #expect(xtensa.events.isEmpty)
    }

    @Test func vmallocFailures() throws {
        let kmod = try Fixture.scan("lookalike-vmalloc-4.14-kmodloader.log")
        #expect(kmod.events.isEmpty)
        #expect(kmod.lookalikes.map(\.kind) == [.vmallocFailure])
        #expect(kmod.lookalikes.first?.line == 2)
        let modprobe = try Fixture.scan("lookalike-vmalloc-4.4-modprobe.log")
        #expect(modprobe.lookalikes.map(\.kind) == [.vmallocFailure, .pageAllocationFailure])
        let modern = KernelLogScanner.scan(Array("[ 5.1] vmalloc error: size 8192, vm_struct allocation failed, mode:0xcc0(GFP_KERNEL)\n".utf8))
        #expect(modern.lookalikes.map(\.kind) == [.vmallocFailure])
    }

    @Test func systemdOomd() throws {
        let journal = try Fixture.scan("lookalike-systemd-oomd-journal.log", options: .init(assumedYear: 2023))
        #expect(journal.events.isEmpty)
        #expect(journal.lookalikes.map(\.kind) == [.systemdOomd])
        #expect(journal.lookalikes.first?.text.hasPrefix("Killed /user.slice/user-1001.slice/") == true)
        #expect(journal.lookalikes.first?.time.wallClock == "2023-12-18T19:34:56")
        let french = try Fixture.scan("lookalike-systemd-oomd-fr-considered.log", options: .init(assumedYear: 2024))
        #expect(french.lookalikes.map(\.kind) == [.systemdOomd])
        #expect(french.lookalikes.first?.text == "Considered 97 cgroups for killing, top candidates were:")
        #expect(french.lookalikes.first?.time.wallClock == "2024-04-16T21:08:50")
    }

    @Test func earlyoom() throws {
        let journal = try Fixture.scan("lookalike-earlyoom-journal.log")
        #expect(journal.events.isEmpty)
        #expect(journal.lookalikes.map(\.kind) == [.earlyoom, .earlyoom])
        #expect(journal.lookalikes.map(\.line) == [4, 8])
        let stdout = try Fixture.scan("lookalike-earlyoom-stdout-untagged.log")
        #expect(stdout.lookalikes.map(\.kind) == [.earlyoom])
        #expect(stdout.events.isEmpty)
    }

    @Test func lookalikesBetweenReportsDoNotBreakThem() throws {
        let kill = try Fixture.text("memcg-v1-4.8-docker-two-kills.log")
        let noise = try Fixture.text("lookalike-page-allocation-failure-4.9-coreos.log")
            + (try Fixture.text("lookalike-earlyoom-journal.log"))
        let scan = KernelLogScanner.scan(Array((noise + kill + noise).utf8))
        #expect(scan.events.map(\.victimPid) == [1381, 1667])
        #expect(scan.lookalikes.count == 6)
    }
}
