#!/usr/bin/env bash
# Times `roadmap list --format json` on a plan whose done tasks are all dated from
# git history: the worst case, where every version must be read. Not a test.
#
#   bench/history.sh                    # 1,000 commits, release build
#   COMMITS=5000 bench/history.sh       # a longer history
#   ROADMAP=path/to/roadmap bench/history.sh   # time this binary, build nothing
#
# The repository (bench/data/history/, regenerated every run, by git fast-import)
# holds one plan of 1,000 tasks, 20 under each of 50 weeks, all open in the first
# commit. Each later commit, 6 hours after the one before (author dates in +03:00),
# does one thing: three in four tick the next task, the fourth edits the notes at
# the top, and every 50th unticks a task ticked before (ticked again 10 commits
# later). Halfway, the file is renamed (plans/plan.md → plans/go.md). The first
# task is ticked in the work tree, uncommitted. No task has a ✅ date, so each
# done one is followed back to the commit that ticked it, the oldest tick to the
# start. Prints the number of dated tasks, then the time (hyperfine when present,
# else the best of RUNS runs of `time`, default 10). Needs git and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

COMMITS=${COMMITS:-1000}
RUNS=${RUNS:-10}
command -v git >/dev/null 2>&1 || { echo "bench/history.sh needs git" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "bench/history.sh needs python3" >&2; exit 2; }
if [ -z "${ROADMAP:-}" ]; then
  cargo build --release --locked --bin roadmap
  ROADMAP=${CARGO_TARGET_DIR:-target}/release/roadmap
fi
ROADMAP=$(realpath "$ROADMAP")
REPO=$PWD/bench/data/history
rm -rf "$REPO"
mkdir -p "$REPO"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git init -q -b main "$REPO"

python3 - "$COMMITS" <<'EOF' | git -C "$REPO" fast-import --quiet
import sys

commits = int(sys.argv[1])
weeks, per_week = 50, 20
tasks = weeks * per_week
done = [False] * tasks
notes = 0
out = sys.stdout.buffer

def plan():
    lines = ["# Plan", "", f"Notes: edited {notes} times.", ""]
    for w in range(weeks):
        lines += [f"## Неделя {w + 1}", ""]
        for t in range(per_week):
            i = w * per_week + t
            box = "x" if done[i] else " "
            lines.append(f"- [{box}] Task {i}: read chapter {i} and do its exercises")
        lines.append("")
    return ("\n".join(lines)).encode()

start = 1767214800  # 2026-01-01 00:00 +03:00
path = "plans/plan.md"
ticked, unticked = 0, []
for c in range(commits):
    if c == commits // 2:
        out.write(b"commit refs/heads/main\n")
        stamp = f"{start + c * 21600 - 60} +0300"
        out.write(f"author A <a@example.com> {stamp}\ncommitter A <a@example.com> {stamp}\n".encode())
        out.write(b"data 6\nrename\n")
        out.write(b"R plans/plan.md plans/go.md\n\n")
        path = "plans/go.md"
    if c == 0:
        message = "start"
    elif c % 50 == 0 and ticked > 5:
        i = ticked - 5
        done[i] = False
        unticked.append((c + 10, i))
        message = f"untick {i}"
    elif unticked and unticked[0][0] <= c:
        i = unticked.pop(0)[1]
        done[i] = True
        message = f"tick {i} again"
    elif c % 4 == 3:
        notes += 1
        message = "notes"
    else:
        ticked += 1
        done[min(ticked, tasks - 1)] = True
        message = f"tick {ticked}"
    stamp = f"{start + c * 21600} +0300"
    body = plan()
    out.write(b"commit refs/heads/main\n")
    out.write(f"author A <a@example.com> {stamp}\ncommitter A <a@example.com> {stamp}\n".encode())
    out.write(f"data {len(message)}\n{message}\n".encode())
    out.write(f"M 100644 inline {path}\ndata {len(body)}\n".encode() + body + b"\n\n")
EOF
git -C "$REPO" checkout -q main
# One tick since the last commit.
sed -i 's/^- \[ \] Task 0:/- [x] Task 0:/' "$REPO/plans/go.md"

LIST=("$ROADMAP" -C "$REPO" --today 2026-12-01 list --format json)
echo "== $(git -C "$REPO" rev-list --count HEAD) commits, $(wc -c < "$REPO/plans/go.md") bytes"
"${LIST[@]}" | python3 -c '
import json, sys, collections
tasks = json.load(sys.stdin)
print("done:", sum(t["status"] == "done" for t in tasks), "of", len(tasks),
      "| dated:", dict(collections.Counter(t["done_on_source"] for t in tasks if t["status"] == "done")))'

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 2 --runs "$RUNS" --output=null "$(printf '%q ' "${LIST[@]}")"
else
  best=
  for _ in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    "${LIST[@]}" > /dev/null
    t=$(( ($(date +%s%N) - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "list --format json: best of $RUNS runs: $best ms"
fi
