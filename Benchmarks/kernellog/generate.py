#!/usr/bin/env python3
"""Writes a large kernel log in the dmesg rendering: ordinary kernel lines with real OOM reports
(from the test fixtures) repeated among them. Fast: one ~4 MiB block is built, then written
repeatedly with its timestamps left as they are (the scanner does not need them to increase).

usage: generate.py FIXTURES_DIR OUT_FILE SIZE_MIB
prints: bytes lines reports-per-block blocks expected-events
"""
import os
import random
import re
import sys

fixtures, out, size_mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(42)

ORDINARY = [
    "eth0: renamed from veth{h}",
    "docker0: port 2(veth{h}) entered blocking state",
    "docker0: port 2(veth{h}) entered forwarding state",
    "IPv6: ADDRCONF(NETDEV_CHANGE): veth{h}: link becomes ready",
    "EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.",
    "audit: type=1400 audit({n}.{n}:{n}): apparmor=\"DENIED\" operation=\"open\" profile=\"snap.lxd.daemon\" name=\"/proc/{n}/mounts\" pid={n} comm=\"lxd\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0",
    "[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=10.0.{n}.1 DST=10.0.0.2 LEN=40 TOS=0x00 PREC=0x00 TTL=244 ID={n} PROTO=TCP SPT={n} DPT=22 WINDOW=1024 RES=0x00 SYN URGP=0",
    "usb 1-1: new high-speed USB device number {n} using xhci_hcd",
    "nvme nvme0: I/O {n} QID 3 timeout, completion polled",
    "TCP: request_sock_TCP: Possible SYN flooding on port 8080. Sending cookies.  Check SNMP counters.",
    "perf: interrupt took too long ({n} > {n}), lowering kernel.perf_event_max_sample_rate to 25000",
    "kvm: {n}: cpu0 disabled perfctr wrmsr: 0xc2 data 0xffff",
    "device veth{h} entered promiscuous mode",
    "br-{h}: port 1(veth{h}) entered disabled state",
    "overlayfs: upperdir is in-use as upperdir/workdir of another mount, accessing files from both mounts will result in undefined behavior.",
    "systemd-journald[{n}]: Data hash table of /var/log/journal/{h}/system.journal has a fill level at 75.0 ({n} of {n} items), suggesting rotation.",
    "cgroup: fork rejected by pids controller in /kubepods/burstable/pod{h}",
    "xfs filesystem being remounted at /var/lib/kubelet/pods/{h}/volume-subpaths supports timestamps until 2038 (0x7fffffff)",
    "Memory cgroup stats for /kubepods/pod{h}: cache:0KB rss:{n}KB",
    "oom_score_adj of process {n} set to -998",
]

def fill(template):
    return template.replace("{h}", "%08x" % random.getrandbits(32)).replace("{n}", str(random.randint(1, 99999)))

def messages(name):
    text = open(os.path.join(fixtures, name), encoding="utf-8").read()
    out = []
    for line in text.splitlines():
        m = re.match(r"^\[\s*\d+\.\d+\] ?(.*)$", line)
        out.append(m.group(1) if m else line)
    return out

REPORTS = [
    ("memcg-v1-6.18-tail-64MiB-dmesg.log", 1),
    ("memcg-v1-4.8-docker-two-kills.log", 2),
    ("global-3.13-ubuntu-gce-badsysprogram.log", 1),
    ("memcg-v1-3.13-ubuntu-task-in-mem2.log", 1),
]

block_lines = []
uptime = 1000.0
events_per_block = 0
target_block = 4 << 20
size = 0
report_index = 0
while size < target_block:
    for _ in range(20000):
        uptime += 0.000137
        line = "[%12.6f] %s\n" % (uptime, fill(random.choice(ORDINARY)))
        block_lines.append(line)
        size += len(line)
    name, count = REPORTS[report_index % len(REPORTS)]
    report_index += 1
    events_per_block += count
    for m in messages(name):
        uptime += 0.000011
        line = "[%12.6f] %s\n" % (uptime, m)
        block_lines.append(line)
        size += len(line)

block = "".join(block_lines).encode()
blocks = max(1, (size_mib << 20) // len(block))
with open(out, "wb") as f:
    for _ in range(blocks):
        f.write(block)
print(len(block) * blocks, len(block_lines) * blocks, events_per_block, blocks, events_per_block * blocks)
