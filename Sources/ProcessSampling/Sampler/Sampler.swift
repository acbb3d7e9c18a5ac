#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What to sample, how often, for how long, and the caller's hooks.
public struct SamplerConfiguration {
    /// When sampling stops (besides the target exiting or the caller cancelling).
    public enum Stop: Sendable, Equatable {
        /// After this many seconds (samples at 0, interval, 2·interval, … ≤ seconds).
        case after(seconds: Double)
        /// When the process exits or the cgroup is removed.
        case untilExit
    }

    public var target: ResolvedTarget
    /// Seconds between samples (`--every`).
    public var intervalSeconds: Double
    public var stop: Stop
    /// Also read smaps_rollup for PSS every sample (`--pss`): milliseconds per sample on large
    /// processes, against microseconds for status.
    public var pss: Bool
    /// The work counter (`--work`), read right after memory at each sample.
    public var work: (any WorkCounter)?
    /// For a target that is the caller's child: called once after the target is seen gone, it
    /// reaps the child (it may block briefly) and reports how it ended.
    public var childExit: (() -> ChildExit?)?
    /// Called once after the target is seen gone: whether the kernel log shows an OOM kill of this
    /// pid (the KernelLog module's live check, wired by the Workbench).
    public var oomKillCheck: ((Int32) -> Bool)?
    /// Samples kept at most (about 100 bytes each); sampling ends with `sample-limit` beyond.
    public var maximumSamples: Int
    /// The proc filesystem root.
    public var procRoot: String

    public init(target: ResolvedTarget, intervalSeconds: Double, stop: Stop, pss: Bool = false,
                work: (any WorkCounter)? = nil, childExit: (() -> ChildExit?)? = nil,
                oomKillCheck: ((Int32) -> Bool)? = nil, maximumSamples: Int = 1_000_000, procRoot: String = "/proc") {
        self.target = target
        self.intervalSeconds = intervalSeconds
        self.stop = stop
        self.pss = pss
        self.work = work
        self.childExit = childExit
        self.oomKillCheck = oomKillCheck
        self.maximumSamples = maximumSamples
        self.procRoot = procRoot
    }
}

/// Samples a process or a cgroup on absolute deadlines of the monotonic clock.
///
/// The k-th sample is due at start + k·interval, so lateness never accumulates (no drift); when a
/// sample overruns (a slow work counter), the missed deadlines are skipped and counted. Each sample
/// re-reads (pread at offset 0) a `/proc/PID/status` descriptor opened at the start: once that
/// process is gone the read fails even if its pid is reused, and the start time in
/// `/proc/PID/stat` then tells `pid-reused` from `exited`. The cgroup's usage is re-read the same
/// way every sample and its limit about once a second. The cancellation check runs at least
/// every 50 ms while waiting.
public struct Sampler {
    public let configuration: SamplerConfiguration

    /// - Throws: `.invalidArgument` for an interval or duration that is not positive.
    public init(_ configuration: SamplerConfiguration) throws(SamplingError) {
        guard configuration.intervalSeconds > 0, configuration.intervalSeconds.isFinite else {
            throw SamplingError(.invalidArgument, "--every must be positive, not \(configuration.intervalSeconds) s")
        }
        if case .after(let seconds) = configuration.stop, !(seconds >= 0 && seconds.isFinite) {
            throw SamplingError(.invalidArgument, "--for must be positive, not \(seconds) s")
        }
        self.configuration = configuration
    }

    /// Samples until the stop condition, the target's end, or cancellation.
    /// - Parameters:
    ///   - progress: called after each sample, on the calling thread (draw the live line here).
    ///   - isCancelled: polled between samples; returning true ends sampling with `interrupted`
    ///     and keeps every sample taken.
    /// - Returns: the series, whatever ended it.
    /// - Throws: only when sampling cannot start (the process is already gone, /proc unreadable).
    /// - Complexity: per sample, one pread of status (plus one of the cgroup's usage, the limit about
    ///   once a second, one smaps_rollup with `pss` — milliseconds on big processes —, one work
    ///   read); no open/close and no allocation besides the sample array.
    public func run(progress: (Sample) -> Void = { _ in }, isCancelled: () -> Bool = { false }) throws(SamplingError) -> Series {
        let config = configuration
        let reader = ProcFileReader()
        var series = Series(target: config.target, intervalSeconds: config.intervalSeconds)
        series.memTotalKiB = try? Meminfo.memTotalKiB(reader: reader, path: config.procRoot + "/meminfo")

        // Process: hold /proc/PID/status (and smaps_rollup) open and check the process is the one
        // resolved. The kept descriptors stay tied to that process even if its pid is reused.
        var kept: [Int32] = []
        defer { kept.forEach { close($0) } }
        func keep(_ fd: Int32) -> Int32 { kept.append(fd); return fd }
        var statusFD: Int32 = -1
        var smapsFD: Int32 = -1
        var statusPath = ""
        if let identity = config.target.process {
            let path = "\(config.procRoot)/\(identity.pid)"
            let directory = path.withCString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
            if directory < 0 { throw SamplingError(.notFound, file: path, "no process with pid \(identity.pid)") }
            _ = keep(directory)
            let stat = try ProcStat.parse(reader.read("stat", relativeTo: directory), file: path + "/stat")
            if stat.startTimeTicks != identity.startTimeTicks {
                series.endReason = .pidReused
                return series
            }
            statusPath = path + "/status"
            statusFD = keep(try ProcFileReader.openKept("status", relativeTo: directory))
            if config.pss, let fd = try? ProcFileReader.openKept("smaps_rollup", relativeTo: directory) { smapsFD = keep(fd) }
        }
        let cgroup = config.target.cgroup
        let usagePath = cgroup.map { $0.directory + ($0.version == .v1 ? "/memory.usage_in_bytes" : "/memory.current") } ?? ""
        let limitPath = cgroup.map { $0.directory + ($0.version == .v1 ? "/memory.limit_in_bytes" : "/memory.max") } ?? ""
        let usageFD = cgroup == nil ? -1 : ((try? ProcFileReader.openKept(usagePath)).map(keep) ?? -1)
        let limitFD = cgroup == nil ? -1 : ((try? ProcFileReader.openKept(limitPath)).map(keep) ?? -1)
        if config.target.isCgroup && usageFD < 0 {
            throw SamplingError(.notFound, file: usagePath, "the cgroup has no usage file (removed?)")
        }
        // Limits change rarely (docker update, systemctl set-property): re-read about once a second.
        let limitEvery = max(1, Int((1 / config.intervalSeconds).rounded()))
        var limitKiB: UInt64?
        let oomBaseline = cgroup.flatMap { try? $0.oomKillCount(reader: reader) }
        series.samples.reserveCapacity(min(config.maximumSamples, 4096))

        let interval = UInt64((config.intervalSeconds * 1e9).rounded())
        let stopAt: UInt64? = {
            if case .after(let seconds) = config.stop { return UInt64((seconds * 1e9).rounded()) + 1_000_000 }
            return nil
        }()
        let poll: UInt64 = 50_000_000
        var lateness: [UInt64] = []
        lateness.reserveCapacity(min(config.maximumSamples, 4096))
        let start = MonotonicClock.now()
        var k: UInt64 = 0

        sampling: while true {
            let deadline = start &+ k &* interval
            while true {
                if isCancelled() { series.endReason = .interrupted; break sampling }
                let now = MonotonicClock.now()
                if now >= deadline { break }
                MonotonicClock.sleep(until: min(deadline, now + poll))
            }
            let instant = MonotonicClock.now()
            lateness.append(instant - deadline)
            var sample = Sample(t: Double(instant - start) / 1e9)

            if let identity = config.target.process {
                let status: ProcStatus?
                do {
                    status = try ProcStatus.parse(reader.reread(statusFD, path: statusPath), file: statusPath, includeName: false)
                } catch where error.kind == .notFound {
                    status = nil
                }
                guard let status, !status.isGone else {
                    lateness.removeLast()
                    (series.endReason, series.exitStatus) = ending(identity, reader: reader, cgroup: cgroup, baseline: oomBaseline)
                    break sampling
                }
                sample.rssKiB = status.vmRSSKiB
                sample.anonKiB = status.rssAnonKiB
                sample.fileKiB = status.rssFileKiB
                sample.shmemKiB = status.rssShmemKiB
                sample.swapKiB = status.vmSwapKiB
                if smapsFD >= 0 {
                    sample.pssKiB = (try? SmapsRollup.parse(reader.reread(smapsFD, path: "smaps_rollup")))?.pssKiB
                }
            }
            if usageFD >= 0 {
                do {
                    sample.cgroupUsageKiB = try MemoryCgroup.parseLimit(reader.reread(usageFD, path: usagePath), file: usagePath).map { $0 / 1024 }
                    if limitFD >= 0, series.samples.count % limitEvery == 0 {
                        limitKiB = try MemoryCgroup.parseLimit(reader.reread(limitFD, path: limitPath), file: limitPath).map { $0 / 1024 }
                    }
                    sample.cgroupLimitKiB = limitKiB
                } catch where error.kind == .notFound && config.target.isCgroup {
                    lateness.removeLast()
                    series.endReason = .exited
                    break sampling
                } catch {
                    // A process's cgroup may be unreadable; the process figures still count.
                }
            }
            if let work = config.work {
                do {
                    sample.work = try work.read()
                } catch {
                    series.workErrors += 1
                    if series.firstWorkError == nil { series.firstWorkError = "\(error)" }
                }
            }
            series.samples.append(sample)
            progress(sample)

            if series.samples.count >= config.maximumSamples { series.endReason = .sampleLimit; break }
            k += 1
            let after = MonotonicClock.now()
            if after > start &+ k &* interval {
                let next = (after - start) / interval + 1
                series.missedDeadlines += Int(next - k)
                k = next
            }
            if let stopAt, k &* interval > stopAt { series.endReason = .completed; break }
        }

        if let baseline = oomBaseline, let now = try? cgroup?.oomKillCount(reader: reader) {
            series.oomKillsDuringSampling = now >= baseline ? now - baseline : nil
        }
        if series.samples.count >= 2 {
            series.achievedIntervalSeconds = (series.samples.last!.t - series.samples.first!.t) / Double(series.samples.count - 1)
        }
        if !lateness.isEmpty {
            let sorted = lateness.sorted()
            func quantile(_ q: Double) -> Double {
                Double(sorted[min(sorted.count - 1, Int((q * Double(sorted.count - 1)).rounded()))]) / 1e6
            }
            series.jitterP50Milliseconds = quantile(0.5)
            series.jitterP99Milliseconds = quantile(0.99)
        }
        return series
    }

    /// Why a process that can no longer be read ended: reused pid, OOM kill, or exit.
    func ending(_ identity: ProcessIdentity, reader: ProcFileReader, cgroup: MemoryCgroup?, baseline: UInt64?) -> (EndReason, ChildExit?) {
        let path = "\(configuration.procRoot)/\(identity.pid)/stat"
        if let stat = try? ProcStat.parse(reader.read(path)), stat.startTimeTicks != identity.startTimeTicks {
            return (.pidReused, nil)
        }
        let exit = configuration.childExit?()
        var oomKilled = false
        if let baseline, let now = try? cgroup?.oomKillCount(reader: reader), now > baseline {
            oomKilled = true
        }
        if !oomKilled, let check = configuration.oomKillCheck, check(identity.pid) {
            oomKilled = true
        }
        return (oomKilled ? .oomKilled : .exited, exit)
    }
}
