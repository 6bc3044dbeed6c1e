#!/usr/bin/env python3
"""Hot spots of a JFR recording, using the JDK's `jfr` tool (no other dependency).

  jfr_hot.py RECORDING.jfr [TOP]

Prints: CPU samples by top frame (self time) and by method anywhere on the stack (total time),
the hottest 3-frame stacks, allocation samples by class and by allocating method, and GC pauses.
"""
import collections
import json
import shutil
import subprocess
import sys


def events(path, name):
    jfr = shutil.which("jfr") or "jfr"
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", name, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(f):
    m = f["method"]
    t = m["type"]["name"].replace("/", ".")
    if "$$Lambda$" in t:
        t = t.split("$$Lambda$")[0] + "$$Lambda"
    return f"{t}.{m['name']}"


def top(counter, total, n, title):
    print(f"\n== {title} ({total} samples)")
    for k, c in counter.most_common(n):
        print(f"{100.0 * c / max(total, 1):6.1f}%  {c:6d}  {k}")


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    samples = events(path, "jdk.ExecutionSample")
    self_c, total_c, stack_c, thread_c = (collections.Counter() for _ in range(4))
    for e in samples:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        names = [frame_name(f) for f in frames]
        self_c[names[0]] += 1
        for name in set(names):
            total_c[name] += 1
        stack_c["  <-  ".join(names[:3])] += 1
        t = e["values"].get("sampledThread") or {}
        tn = (t.get("javaName") or t.get("osName") or "?")
        thread_c["".join(ch for ch in tn if not ch.isdigit()).rstrip("-#")] += 1
    total = len(samples)
    print(f"{total} Java execution samples; threads in native code (socket I/O, epoll, fsync) are counted "
          f"separately below")
    top(thread_c, total, 10, "CPU samples by thread (digits removed)")
    top(self_c, total, n, "hot methods, self (top frame)")
    top(collections.Counter({k: v for k, v in total_c.items() if k.startswith("dev.warren")}), total, n,
        "Warren methods, total (anywhere on the stack)")
    top(stack_c, total, 15, "hot stacks (top 3 frames)")

    native = collections.Counter()
    nsamples = events(path, "jdk.NativeMethodSample")
    for e in nsamples:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        if frames:
            names = [frame_name(f) for f in frames]
            native["  <-  ".join(names[:2])] += 1
    top(native, len(nsamples), 10, "native method samples (top 2 frames; includes idle waits)")

    alloc_cls, alloc_site = collections.Counter(), collections.Counter()
    for e in events(path, "jdk.ObjectAllocationSample"):
        v = e["values"]
        w = int(v.get("weight") or 0)
        alloc_cls[((v.get("objectClass") or {}).get("name") or "?").replace("/", ".")] += w
        frames = (v.get("stackTrace") or {}).get("frames") or []
        site = next((frame_name(f) for f in frames if frame_name(f).startswith("dev.warren")), None)
        if site:
            alloc_site[site] += w
    mb = sum(alloc_cls.values()) / 1e6
    print(f"\n== allocation (sampled weight, {mb:,.0f} MB in the recording) by class")
    for k, w in alloc_cls.most_common(12):
        print(f"{w / 1e6:10,.1f} MB  {k}")
    print("\n== allocation by first Warren frame on the stack")
    for k, w in alloc_site.most_common(12):
        print(f"{w / 1e6:10,.1f} MB  {k}")

    gcs = events(path, "jdk.GarbageCollection")
    if gcs:
        def ms(d):  # JFR JSON durations look like "PT0.0123S"
            return float(str(d).strip("PTS") or 0) * 1000 if str(d).startswith("PT") else 0.0
        pauses = [ms(g["values"].get("sumOfPauses", "PT0S")) for g in gcs]
        names = collections.Counter(g["values"].get("name") for g in gcs)
        print(f"\n== GC: {len(gcs)} collections {dict(names)}, pauses total {sum(pauses):.0f} ms, "
              f"max {max(pauses):.1f} ms")


if __name__ == "__main__":
    main()
