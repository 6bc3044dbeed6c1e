#!/usr/bin/env python3
"""Figures for bench/run.sh.

  report.py interval CSV WARMUP      one PerfTest -o CSV -> "figure value" lines (intervals after WARMUP s)
  report.py table DIR [--no-rabbit-reason TEXT]
                                     DIR/figures.tsv -> medians, table (stdout + DIR/table.md),
                                     DIR/results.json, DIR/chart.png (when matplotlib is there)

Throughput = mean of the per-second rates after the warm-up. Latency p50/p95/p99 = median over the
per-second intervals after the warm-up of PerfTest's per-interval percentile (PerfTest reports
consumer latency in microseconds; shown here in ms).
"""
import csv
import json
import os
import statistics
import sys

# figure key, label, unit, higher_is_better, scale (raw -> shown), target (kind, value) from issue 4
ROWS = [
    ("S1.published", "S1 transient: published", "msg/s", True, 1, ("ratio>=", 3)),
    ("S1.received", "S1 transient: delivered", "msg/s", True, 1, ("ratio>=", 3)),
    ("S2.confirmed", "S2 durable: confirmed", "msg/s", True, 1, ("ratio>=", 3)),
    ("S2.received", "S2 durable: delivered", "msg/s", True, 1, ("ratio>=", 3)),
    ("S3.published", "S3 fanout 1->4: published", "msg/s", True, 1, ("ratio>=", 3)),
    ("S3.received", "S3 fanout 1->4: delivered", "msg/s", True, 1, ("ratio>=", 3)),
    ("S4.received", "S4 10k msg/s: delivered", "msg/s", True, 1, None),
    ("S4.p50_ms", "S4 latency p50", "ms", False, 1, None),
    ("S4.p95_ms", "S4 latency p95", "ms", False, 1, None),
    ("S4.p99_ms", "S4 latency p99", "ms", False, 1, ("abs<", 1)),
    ("S5.received", "S5 50 queues: delivered", "msg/s", True, 1, None),
    ("S5.p50_ms", "S5 latency p50", "ms", False, 1, None),
    ("S5.p95_ms", "S5 latency p95", "ms", False, 1, None),
    ("S5.p99_ms", "S5 latency p99", "ms", False, 1, ("ratio<=", 0.25)),
    ("fill.seconds", "FILL: time", "s", False, 1, ("ratio<=", 0.25)),
    ("fill.rss_after_mb", "FILL: RSS right after", "MB", False, 1, None),
    ("fill.rss_later_mb", "FILL: RSS later", "MB", False, 1, None),
    ("fill.rss_peak_mb", "FILL: peak RSS", "MB", False, 1, ("ratio<=", 0.125)),
    ("startup.ms", "start-up to 1st handshake", "s", False, 0.001, ("abs<", 0.5)),
    ("idle.rss_mb", "idle RSS", "MB", False, 1, ("abs<", 100)),
    ("recovery.ms", "RECOVERY: restart with the queue", "s", False, 0.001, None),
    ("recovery.messages", "RECOVERY: messages after restart", "msgs", True, 1, None),
]


def interval(path, warmup):
    if not os.path.exists(path):
        return
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if len(rows) < 2:
        return
    head = rows[0]

    def col(prefix):
        return next(i for i, h in enumerate(head) if h.startswith(prefix))

    t, pub, conf, rec = col("time"), col("published"), col("confirmed"), col("received")
    p50, p95, p99 = col("median consumer"), col("95th p. consumer"), col("99th p. consumer")
    data = [r for r in rows[1:] if len(r) == len(head) and float(r[t]) > warmup + 0.5]
    if not data:
        data = rows[1:]

    def num(r, i):
        return float(r[i]) if r[i] not in ("", None) else None

    def mean(i):
        v = [num(r, i) for r in data if num(r, i) is not None]
        return statistics.fmean(v) if v else None

    def med_ms(i):
        v = [num(r, i) / 1000.0 for r in data if num(r, i) is not None and num(r, i) > 0]
        return statistics.median(v) if v else None

    out = {"published": mean(pub), "confirmed": mean(conf), "received": mean(rec),
           "p50_ms": med_ms(p50), "p95_ms": med_ms(p95), "p99_ms": med_ms(p99)}
    for k, v in out.items():
        if v is not None:
            print(k, round(v, 3))


def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "msg/s":
        return f"{v:,.0f}"
    if unit in ("MB", "msgs"):
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def table(d, no_rabbit_reason=None):
    vals = {}   # (broker, figure) -> list of values
    loads = {}  # broker -> list of load1
    with open(os.path.join(d, "figures.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            try:
                v = float(r["value"])
            except ValueError:
                continue
            if v != v:  # nan
                continue
            vals.setdefault((r["broker"], r["figure"]), []).append(v)
            loads.setdefault(r["broker"], []).append(float(r["load1"]))
    env = {}
    if os.path.exists(os.path.join(d, "env.txt")):
        for line in open(os.path.join(d, "env.txt"), encoding="utf-8"):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                env[k] = v
    rabbit = any(b == "rabbit" for b, _ in vals)
    results = []
    for key, label, unit, higher, scale, target in ROWS:
        w = vals.get(("warren", key))
        r = vals.get(("rabbit", key))
        wm = statistics.median(w) * scale if w else None
        rm = statistics.median(r) * scale if r else None
        ratio = wm / rm if wm is not None and rm not in (None, 0) else None
        met = None
        if target and wm is not None:
            kind, t = target
            if kind == "abs<":
                met = wm < t
            elif ratio is not None:
                met = ratio >= t if kind == "ratio>=" else ratio <= t
        results.append({"figure": key, "label": label, "unit": unit, "higher_is_better": higher,
                        "warren": wm, "rabbit": rm, "ratio": ratio,
                        "warren_runs": [x * scale for x in (w or [])],
                        "rabbit_runs": [x * scale for x in (r or [])],
                        "target": None if not target else f"{target[0]}{target[1]}", "met": met})
    lines = []
    hdr = "| figure | unit | Warren | RabbitMQ | Warren/RabbitMQ | target (issue 4) |"
    lines += [hdr, "|---|---|---:|---:|---:|---|"]
    for x in results:
        if x["warren"] is None and x["rabbit"] is None:
            continue
        tgt = "-"
        if x["target"]:
            t = x["target"]
            nice = t.replace("ratio>=", "ratio >= ").replace("ratio<=", "ratio <= ").replace("abs<", "< ")
            tgt = nice + ("" if x["met"] is None else (" met" if x["met"] else " **missed**"))
        ratio = "-" if x["ratio"] is None else f"{x['ratio']:.2f}"
        lines.append(f"| {x['label']} | {x['unit']} | {fmt(x['warren'], x['unit'])} | "
                     f"{fmt(x['rabbit'], x['unit'])} | {ratio} | {tgt} |")
    runs = env.get("settings", "")
    lw = loads.get("warren", [])
    lr = loads.get("rabbit", [])
    notes = [
        f"Date {env.get('date_utc', '?')}, {env.get('nproc', '?')} cores ({env.get('cpu', '?')}), "
        f"{env.get('mem_total_mb', '?')} MB RAM; {env.get('java', '')}; Warren {env.get('warren', '')}; "
        f"{env.get('perftest', '')}; RabbitMQ {env.get('rabbitmq', '')} (Erlang {env.get('erlang', '')}).",
        f"Settings: {runs}. Each figure is the median over the runs.",
        f"1-min load average while measuring: Warren {min(lw):.2f}-{max(lw):.2f}" if lw else "",
    ]
    if lr:
        notes[-1] += f", RabbitMQ {min(lr):.2f}-{max(lr):.2f}"
    if not rabbit:
        notes.append(f"RabbitMQ not measured: {no_rabbit_reason or 'unknown reason'}.")
    text = "\n".join(lines) + "\n\n" + "\n".join(n for n in notes if n) + "\n"
    print(text)
    with open(os.path.join(d, "table.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(d, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"env": env, "results": results, "no_rabbit_reason": no_rabbit_reason}, f, indent=1)
    chart(d, results, rabbit, env)


def chart(d, results, rabbit, env):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(no chart: matplotlib is not available for", sys.executable + ")", file=sys.stderr)
        return
    rows = [x for x in results if x["warren"] is not None]
    if rabbit:
        rows = [x for x in rows if x["ratio"]]
        # advantage: > 1 means Warren is better, whatever the direction of the figure
        adv = [x["ratio"] if x["higher_is_better"] else 1 / x["ratio"] for x in rows]
        fig, ax = plt.subplots(figsize=(9, 0.38 * len(rows) + 1.6))
        y = range(len(rows))
        # rate-limited scenarios deliver what is offered: their ratio only shows that both kept up
        colors = ["#9e9e9e" if x["figure"] in ("S4.received", "S5.received") or abs(a - 1) < 0.03
                  else "#2a9d8f" if a >= 1 else "#e76f51" for x, a in zip(rows, adv)]
        ax.barh(list(y), adv, color=colors)
        ax.set_xscale("log")
        ax.axvline(1, color="black", lw=1)
        ax.set_yticks(list(y))
        ax.set_yticklabels([f"{x['label']}  ({fmt(x['warren'], x['unit'])} vs {fmt(x['rabbit'], x['unit'])} {x['unit']})"
                            for x in rows], fontsize=8)
        ax.invert_yaxis()
        for i, a in enumerate(adv):
            ax.text(a, i, f" {a:.2f}x", va="center", fontsize=7)
        ax.set_xlabel("times better than RabbitMQ (log scale; > 1 = Warren better, green; grey = same)")
        ax.set_title(f"Warren vs RabbitMQ {env.get('rabbitmq', '')}, PerfTest, {env.get('nproc', '?')} cores, "
                     f"{env.get('date_utc', '')[:10]}", fontsize=10)
    else:
        fig, ax = plt.subplots(figsize=(8, 0.38 * len(rows) + 1.6))
        ax.axis("off")
        ax.table(cellText=[[x["label"], fmt(x["warren"], x["unit"]), x["unit"]] for x in rows],
                 colLabels=["figure", "Warren", "unit"], loc="center")
        ax.set_title("Warren (RabbitMQ not measured)")
    fig.tight_layout()
    fig.savefig(os.path.join(d, "chart.png"), dpi=110)
    print("chart:", os.path.join(d, "chart.png"), file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "interval":
        interval(sys.argv[2], float(sys.argv[3]))
    elif sys.argv[1] == "table":
        reason = None
        if "--no-rabbit-reason" in sys.argv:
            reason = sys.argv[sys.argv.index("--no-rabbit-reason") + 1]
        table(sys.argv[2], reason)
