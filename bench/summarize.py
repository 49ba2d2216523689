"""Turns bench/results.json (written by bench/run.sh) into bench/RESULTS.md."""

import datetime
import json
import os
import platform
import subprocess
import sys

results = json.load(open(sys.argv[1]))
t = {r["name"]: r["median"] for r in results if "median" in r}
rss = {r["name"]: r["rss_kb"] for r in results if "rss_kb" in r}
mb = 1024 * 1024
size = lambda path: os.path.getsize(path)
plan = {n: size(f"bench/data/plan-{n}mb.md") for n in (1, 10, 100)}
vault_bytes = sum(
    os.path.getsize(os.path.join(d, f))
    for d, _, files in os.walk("bench/data/vault")
    for f in files
    if f.endswith(".md")
)


def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def mem():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            return f"{int(line.split()[1]) / mb:.0f} GiB"
    return "?"


rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
rows = []


def target(name, value, goal, ok):
    rows.append(f"| {name} | {value} | {goal} | {'met' if ok else '**missed**'} |")


bn, bl, bg = t["bundled-next"], t["bundled-list"], t["bundled-grep"]
target("bundled plans: `next` / `grep -cE`", f"{bn / bg:.2f}×", "≤ 1.2×", bn / bg <= 1.2)
target("bundled plans: `list` / `grep -cE`", f"{bl / bg:.2f}×", "≤ 1.2×", bl / bg <= 1.2)
thr_list = plan[100] / mb / t["list-100"]
thr_floor = plan[100] / mb / t["floor-100"]
target("100 MB: `list --format json` throughput / floor's", f"{thr_list:.1f} / {thr_floor:.1f} MB/s = {thr_list / thr_floor:.2f}×", "≥ 1.0×", thr_list / thr_floor >= 1.0)
check = t["check-undo-100"] / 2
target("100 MB: `check` (half of check + undo) / (floor parse + copy)", f"{check / t['floor-copy-100']:.2f}×", "≤ 1.3×", check / t["floor-copy-100"] <= 1.3)
ratio_rss = rss["rss-list-100"] * 1024 / plan[100]
target("100 MB: peak RSS of `list --format json` / file size", f"{ratio_rss:.2f}× ({rss['rss-list-100'] / 1024:.0f} MB; floor {rss['rss-floor-100'] / 1024:.0f} MB)", "≤ 5.5×", ratio_rss <= 5.5)
vr, vf, vg = t["vault-report"], t["vault-floor"], t["vault-grep"]
target("vault: `report` / floor (single thread)", f"{vr / vf:.2f}×", "≤ 0.6×", vr / vf <= 0.6)
target("vault: `report` / `grep -rcE`", f"{vr / vg:.2f}×", "≤ 0.5×", vr / vg <= 0.5)
target("vault: peak RSS of `report`", f"{rss['rss-vault-report'] / 1024:.1f} MB", "≤ 30 MB", rss["rss-vault-report"] / 1024 <= 30)
per_mb = [t[f"list-{n}"] / (plan[n] / mb) for n in (1, 10, 100)]
worst = max(per_mb) / min(per_mb)
target("scaling 1 → 10 → 100 MB (time per MB, worst / best)", f"{worst:.2f}× ({', '.join(f'{x * 1000:.1f}' for x in per_mb)} ms/MB)", "≤ 1.2×", worst <= 1.2)

print(f"""# Benchmark results

Made by `bench/run.sh` on {datetime.date.today()} — {os.cpu_count()} cores ({cpu()}), {mem()}, {rustc}.
Medians of hyperfine runs; peak RSS from GNU time. Inputs from `examples/gencorpus.rs`
(deterministic): plans of {plan[1] / mb:.1f}, {plan[10] / mb:.1f} and {plan[100] / mb:.1f} MB and a vault of
2,000 files ({vault_bytes / mb:.0f} MB). The floor is `examples/floor.rs`: the minimal pulldown-cmark loop.

## Targets

| measure | result | target | |
| --- | --- | --- | --- |
{chr(10).join(rows)}

## Times (median seconds)

| command | median |
| --- | --- |""")
for r in results:
    if "median" in r:
        print(f"| {r['name']} | {r['median']:.4f} |")
print("\n## Peak RSS\n\n| command | KB |\n| --- | --- |")
for r in results:
    if "rss_kb" in r:
        print(f"| {r['name']} | {r['rss_kb']} |")
