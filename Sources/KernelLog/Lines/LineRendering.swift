/// The way a kernel log line was rendered, detected per line (renderings may be mixed freely).
public enum LineRendering: String, Sendable, Codable, CaseIterable {
    /// No timestamp: `Killed process 1532 (badsysprogram) total-vm:1641388kB, ...`
    case plain
    /// `dmesg`: `[11272.036258] memory: usage 65536kB, limit 65536kB, failcnt 67`
    case dmesg
    /// `dmesg -T`: `[Thu Dec  7 00:05:15 2017] [28438]     0 28438  5063909 ...` (any locale's names)
    case dmesgCtime
    /// `dmesg --time-format iso`: `2026-11-26T10:00:00,123456+00:00 tail invoked oom-killer: ...`
    case dmesgISO
    /// `dmesg --raw`: `<6>[  12.345000] oom_reaper: reaped process 1381 (gunpowder-memho), ...`
    case dmesgRaw
    /// `/dev/kmsg` record: `6,1234,11272036465,-;Memory cgroup out of memory: Killed process 6115 (tail) ...`
    case kmsg
    /// `/dev/kmsg` dictionary line ` SUBSYSTEM=memory` following a record: skipped.
    case kmsgDictionary
    /// syslog / kern.log / `journalctl -k` short(-precise):
    /// `Aug 13 07:00:11 gcp-ubuntu-bionic kernel: runc:[1:CHILD] invoked oom-killer: ...`,
    /// also with the kernel's own `[ 7097.004932]` inside the message, and non-English month names
    /// (`апр 28 01:23:30 PC kernel: Out of memory: Kill process 27541 (bash) ...`).
    case syslog
    /// RFC 3339 syslog / `journalctl -o short-iso(-precise)`:
    /// `2026-11-26T10:00:00.123456+01:00 host kernel: Out of memory: Killed process ...`
    case syslogISO
    /// `journalctl -k -o short-monotonic`: `[  123.456789] host kernel: oom_reaper: reaped process ...`
    case journalMonotonic
    /// `journalctl -o json`: one JSON object per line (`MESSAGE`, `__REALTIME_TIMESTAMP`, ...).
    case journalJSON
}
