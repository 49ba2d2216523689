#!/usr/bin/env bash
# Checks that `check --all` takes time in proportion to the number of tasks it
# changes (issue 10, item 12: it was quadratic). Run by hand, not in CI:
#
#   bench/scaling.sh                  # N = 250,000 and 1,000,000 tasks, release build
#   N=50000 bench/scaling.sh          # 50,000 and 200,000
#   ROADMAP=path/to/roadmap bench/scaling.sh   # time this binary, build nothing
#
# For a plan of N tasks and one of 4N (20 tasks under each heading), it times
# `check --all --stamp`, `--skip`, `--undo` of the stamped tasks and `--dry-run
# --stamp` (CPU time, the best of RUNS runs, default 3; the plan is reset before
# each), and fails when 4N tasks take more than 6 times as long as N. Needs bash,
# awk and GNU time (/usr/bin/time); builds with cargo into $CARGO_TARGET_DIR (or
# target/).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-250000}
RUNS=${RUNS:-3}
LIMIT=6
if [ -z "${ROADMAP:-}" ]; then
  cargo build --release --locked --bin roadmap
  ROADMAP=${CARGO_TARGET_DIR:-target}/release/roadmap
fi
ROADMAP=$(realpath "$ROADMAP")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# plan TASKS FILE: a plan of TASKS open tasks, 20 under each heading.
plan() {
  awk -v n="$1" 'BEGIN {
    print "# Plan"
    for (i = 0; i < n; i++) {
      if (i % 20 == 0) printf "\n## Part %d\n\n", i / 20
      printf "- [ ] task number %d\n", i
    }
  }' > "$2"
}

# seconds PREPARE -- ARGS...: the CPU time (user + system) of `roadmap ARGS` in
# $WORK, the best of RUNS runs, each after copying PREPARE over plan.md. CPU time,
# not wall time: on a shared machine the wall clock measures the neighbours too.
seconds() {
  local prepare=$1 best='' t
  shift 2
  for _ in $(seq "$RUNS"); do
    cp "$prepare" "$WORK/plan.md"
    t=$(cd "$WORK" && ROADMAP_TODAY=2026-11-24 /usr/bin/time -f '%U %S' \
          "$ROADMAP" -p plan.md "$@" 2>&1 > /dev/null | awk 'END { printf "%.3f", $1 + $2 }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then
      best=$t
    fi
  done
  echo "$best"
}

failed=0
printf '%-32s %12s %12s %7s\n' "CPU seconds" "$N tasks" "$((4 * N)) tasks" "ratio"
for n in "$N" "$((4 * N))"; do
  plan "$n" "$WORK/open-$n.md"
  # The stamped plan, for the undo.
  cp "$WORK/open-$n.md" "$WORK/plan.md"
  (cd "$WORK" && ROADMAP_TODAY=2026-11-24 "$ROADMAP" -p plan.md check --all --stamp task > /dev/null)
  cp "$WORK/plan.md" "$WORK/stamped-$n.md"
done
while IFS='|' read -r name prepare args; do
  read -r -a words <<< "$args"
  small=$(seconds "$WORK/$prepare-$N.md" -- "${words[@]}")
  large=$(seconds "$WORK/$prepare-$((4 * N)).md" -- "${words[@]}")
  ratio=$(awk -v s="$small" -v l="$large" 'BEGIN { printf "%.2f", (s > 0 ? l / s : 0) }')
  verdict=ok
  if awk -v r="$ratio" -v m="$LIMIT" 'BEGIN { exit !(r > m) }'; then
    verdict="FAIL (more than x$LIMIT)"
    failed=1
  fi
  printf '%-32s %11ss %11ss %6sx  %s\n' "$name" "$small" "$large" "$ratio" "$verdict"
done <<'EOF'
check --all --stamp|open|check --all --stamp task
check --all --skip|open|check --all --skip task
check --all --undo (stamped)|stamped|check --all --undo task
check --all --dry-run --stamp|open|check --all --dry-run --stamp task
EOF
exit "$failed"
