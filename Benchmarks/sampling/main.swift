// Sleuth's sampler at a fixed rate on one process, measuring its own CPU.
// Built by run.sh together with Sources/ProcessSampling (one module, so no import is needed).
// Usage: sampling-bench PID INTERVAL_SECONDS DURATION_SECONDS
#if canImport(Glibc)
import Glibc
#endif

func cpuSeconds() -> (rusage: Double, statTicks: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let r = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    let reader = ProcFileReader()
    let stat = try! ProcStat.parse(reader.read("/proc/self/stat"))
    return (r, Double(stat.userTicks + stat.systemTicks) / Double(sysconf(Int32(_SC_CLK_TCK))))
}

let args = CommandLine.arguments
guard args.count == 4, let pid = Int32(args[1]), let interval = Double(args[2]), let duration = Double(args[3]) else {
    print("usage: sampling-bench PID INTERVAL_SECONDS DURATION_SECONDS")
    exit(2)
}
do {
    let target = try TargetResolver().resolve(.pid(pid))
    let sampler = try Sampler(SamplerConfiguration(target: target, intervalSeconds: interval, stop: .after(seconds: duration)))
    let before = cpuSeconds()
    var last: UInt64 = 0
    let series = try sampler.run(progress: { last = $0.rssKiB ?? 0 })
    let after = cpuSeconds()
    let n = series.samples.count
    let cpu = after.rusage - before.rusage
    print("sleuth_samples \(n)")
    print("sleuth_end \(series.endReason.rawValue)")
    print("sleuth_last_rss_kib \(last)")
    print("sleuth_cpu_seconds \(cpu)")
    print("sleuth_cpu_seconds_proc_stat \(after.statTicks - before.statTicks)")
    print("sleuth_cpu_us_per_sample \(cpu / Double(max(n, 1)) * 1e6)")
    print("sleuth_achieved_interval_ms \((series.achievedIntervalSeconds ?? 0) * 1000)")
    print("sleuth_jitter_p50_ms \(series.jitterP50Milliseconds ?? -1)")
    print("sleuth_jitter_p99_ms \(series.jitterP99Milliseconds ?? -1)")
    print("sleuth_missed_deadlines \(series.missedDeadlines)")
} catch {
    print("\(error)")
    exit(1)
}
