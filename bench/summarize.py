"""Turns bench/data/results.jsonl (written by bench/run.sh) into bench/RESULTS.md.

    python3 bench/summarize.py RESULTS.jsonl            # the whole Markdown report
    python3 bench/summarize.py --brief CORPUS RESULTS   # one corpus's medians, as text
"""

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

MB = 1024 * 1024
brief = sys.argv[2] if sys.argv[1] == "--brief" else None
lines = [json.loads(line) for line in open(sys.argv[-1]) if line.strip()]
notes = {r["note"]: r["value"] for r in lines if "note" in r}
# A command's runs come in rounds: gather them, then take the median of all.
by = {}
for r in lines:
    if "times" in r:
        row = by.setdefault((r["corpus"], r["name"]), dict(r, times=[], rss_kb=0))
        row["times"] += r["times"]
for r in lines:
    if "rss_kb" in r and (r["corpus"], r["name"]) in by:
        by[(r["corpus"], r["name"])]["rss_kb"] = r["rss_kb"]
for row in by.values():
    row["median"] = statistics.median(row["times"])
    row["min"] = min(row["times"])
    row["stddev"] = statistics.stdev(row["times"]) if len(row["times"]) > 1 else 0.0
    row["runs"] = len(row["times"])
runs = list(by.values())
corpora = list(dict.fromkeys(r["corpus"] for r in runs))
size = {r["corpus"]: r["bytes"] for r in runs}

if brief:
    for r in (r for r in runs if r["corpus"] == brief):
        rss = f"{r['rss_kb'] / 1024:8.1f} MB" if r["rss_kb"] else ""
        print(f"  {r['name']:24} {r['median'] * 1000:10.1f} ms {rss}")
    sys.exit(0)


def get(corpus, name):
    return by.get((corpus, name))


def t(corpus, name):
    r = get(corpus, name)
    return r["median"] if r else None


def first_line(path, prefix):
    try:
        for line in open(path):
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def run(*command):
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


mem_kb = first_line("/proc/meminfo", "MemTotal")
mem = f"{int(mem_kb.split()[0]) / MB:.1f} GiB" if mem_kb != "?" else "?"
machine = {
    "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    "cores (nproc)": run("nproc"),
    "CPU": first_line("/proc/cpuinfo", "model name"),
    "memory": mem,
    "kernel": f"{platform.system()} {platform.release()}",
    "rustc": run("rustc", "--version"),
    "roadmap": notes.get("commit", "?"),
    "hyperfine": notes.get("hyperfine", "?"),
    "grep": notes.get("grep", "?"),
    "load average (1, 5, 15 min) before / after": f"{notes.get('load-before', '?')} / {notes.get('load-after', '?')}",
    "run time": f"{int(notes.get('seconds', 0)) // 60} min {int(notes.get('seconds', 0)) % 60} s",
}

targets = []


def target(measure, value, goal, ok, detail=""):
    if value is None:
        targets.append(f"| {measure} | n/a | {goal} | not measured{detail} |")
        return
    verdict = "met" if ok else "**missed**"
    targets.append(f"| {measure} | {value} | {goal} | {verdict} |")


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt(x, digits=2):
    return None if x is None else f"{x:.{digits}f}×"


# Bundled plans: next and list against grep.
for name in ("next", "list", "list --format json"):
    r = ratio(t("bundled", name), t("bundled", "grep -cE"))
    target(f"bundled plans: `{name}` / `grep -cE`", fmt(r), "≤ 1.2×", r is not None and r <= 1.2)

big = "100mb" if "100mb" in size else None
if big:
    mbs = lambda name: size[big] / MB / t(big, name)
    r = ratio(mbs("list --format json"), mbs("floor"))
    target(
        "100 MB: `list --format json` throughput / floor's",
        f"{mbs('list --format json'):.0f} / {mbs('floor'):.0f} MB/s = {r:.2f}×",
        "≥ 1.0×",
        r >= 1.0,
    )
    for name in ("check", "check --undo"):
        r = ratio(t(big, name), t(big, "floor + copy"))
        target(f"100 MB: `{name}` / (floor parse + copy)", fmt(r), "≤ 1.3×", r <= 1.3)
    rss = [
        (get(big, n)["rss_kb"] * 1024 / size[big], n)
        for n in ("list --format json", "next", "report --format json", "check", "check --undo")
        if get(big, n)
    ]
    r, worst = max(rss)
    list_rss = get(big, "list --format json")["rss_kb"] * 1024 / size[big]
    floor_rss = get(big, "floor")["rss_kb"] * 1024 / size[big]
    target(
        "100 MB: peak RSS / file size, `list --format json` (worst command; floor)",
        f"{list_rss:.2f}× ({worst}: {r:.2f}×; floor {floor_rss:.2f}×)",
        "≤ 5.5×",
        r <= 5.5,
    )
else:
    target("100 MB targets", None, "", False, " (QUICK run)")

if get("vault", "report --format json"):
    report = t("vault", "report --format json")
    r = ratio(report, t("vault", "floor"))
    target("vault: `report` / floor (the floor runs on one thread)", fmt(r), "≤ 0.6×", r <= 0.6)
    r = ratio(report, t("vault", "grep -rcE"))
    target("vault: `report` / `grep -rcE`", fmt(r), "≤ 0.5×", r <= 0.5)
    r = ratio(t("vault", "report (1 core)"), t("vault", "floor"))
    if r is not None:
        targets.append(f"| (for reference) vault: `report` on one core / floor | {r:.2f}× | | |")
    kb = get("vault", "report --format json")["rss_kb"]
    target("vault: peak RSS of `report`", f"{kb / 1024:.1f} MB", "≤ 30 MB", kb / 1024 <= 30)
    r = ratio(t("vault", "lint"), report)
    if r is not None:
        target("vault: `lint` / `report --format json`", fmt(r), "≤ 1.3×", r <= 1.3)
else:
    target("vault: `report`", None, "", False, " (no report subcommand)")

steps = [c for c in ("1mb", "10mb", "100mb") if c in size]
if len(steps) >= 2:
    parts, worst = [], 0.0
    for a, b in zip(steps, steps[1:]):
        grow = lambda name: (t(b, name) / t(a, name)) / (size[b] / size[a])
        r = grow("list --format json")
        worst = max(worst, r)
        parts.append(
            f"{a[:-2]}→{b[:-2]} MB: {r:.2f}× (next {grow('next'):.2f}×, floor {grow('floor'):.2f}×)"
        )
    target(
        "scaling of `list --format json`: time ÷ size growth, per step",
        "; ".join(parts),
        "≤ 1.2×",
        worst <= 1.2,
    )

out = ["# Benchmark results", ""]
out.append(
    """Made by `bench/run.sh`. Each command runs in 5 rounds, every command of a corpus in
turn within a round, so that load from elsewhere falls on all of them alike; times are
medians of all runs as hyperfine measured them (one warm-up run first, output to a
pipe); peak RSS is from one more run under GNU time. Inputs come from
`examples/gencorpus.rs` (deterministic). The floor is `examples/floor.rs`, the bare
pulldown-cmark loop on one thread; "floor + copy" is the floor on the same files plus
`cp` of the checked file: what a `check` cannot beat. Figures are only as quiet as the
machine was (see the load average): on a shared machine, read them to ±10-20%."""
)
out += ["", "## Machine", "", "| | |", "| --- | --- |"]
out += [f"| {k} | {v} |" for k, v in machine.items()]
out += ["", "## Targets", "", "| measure | result | target | |", "| --- | --- | --- | --- |"]
out += targets
labels = {
    "bundled": "Bundled plans (plans/*.md)",
    "1mb": "1 MB plan",
    "10mb": "10 MB plan",
    "100mb": "100 MB plan",
    "vault": "Vault of 50 KB plans in nested folders, `report`/`list`/`next` with `-C`",
}
for corpus in corpora:
    floor = t(corpus, "floor")
    tasks = notes.get(f"tasks-{corpus}", "?")
    out += [
        "",
        f"## {labels.get(corpus, corpus)}: {size[corpus] / MB:.2f} MB",
        "",
        f"Tasks found: {tasks}.",
        "",
        "| command | median | min | ± σ | runs | MB/s | peak RSS | RSS / size | time / floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in (r for r in runs if r["corpus"] == corpus):
        m = r["median"]
        rss = f"{r['rss_kb'] / 1024:.1f} MB" if r["rss_kb"] else ""
        rss_ratio = f"{r['rss_kb'] * 1024 / size[corpus]:.2f}×" if r["rss_kb"] else ""
        out.append(
            f"| `{r['name']}` | {m * 1000:.1f} ms | {r['min'] * 1000:.1f} ms "
            f"| {r['stddev'] * 1000:.1f} ms | {r['runs']} "
            f"| {size[corpus] / MB / m:.1f} | {rss} | {rss_ratio} | {m / floor:.2f}× |"
        )
if notes.get("report") == "missing":
    out += ["", "`report` was skipped: this build has no `report` subcommand."]
out += ["", "Command lines, as hyperfine ran them (no shell):", "", "```"]
seen = set()
for r in runs:
    c = r["command"].replace(os.getcwd() + "/", "")
    if len(c) > 160:
        c = c[:150] + " …"
    if (r["corpus"], c) not in seen:
        seen.add((r["corpus"], c))
        out.append(f"{r['corpus']:8} {c}")
out.append("```")
print("\n".join(out))
