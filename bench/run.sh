#!/usr/bin/env bash
# Benchmarks roadmap side by side with its floors, in one go, on the same inputs, and
# writes bench/RESULTS.md. Not a test: nothing here runs in CI.
#
#   bench/run.sh            # about 10 minutes on 2 cores
#   RUNS=3 bench/run.sh     # fewer runs of the large inputs
#
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time); installs
# them with apt-get when it can.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine /usr/bin/time python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
      apt-get install -y -qq hyperfine time >/dev/null
    else
      echo "bench/run.sh needs $tool" >&2; exit 2
    fi
  fi
done

RUNS=${RUNS:-5}
DATA=bench/data
OUT=bench/results.json
mkdir -p "$DATA"
export LC_ALL=C.UTF-8   # grep in the default UTF-8 locale

cargo build --release --quiet --bins --examples
ROADMAP=$PWD/target/release/roadmap
FLOOR=$PWD/target/release/examples/floor
GEN=$PWD/target/release/examples/gencorpus
# The grep one-liner's pattern, in a file: hyperfine -N runs commands without a shell,
# so the pattern must not need quoting.
printf '%s\n' '^[[:space:]]*([-*+]|[0-9]+[.)])[[:space:]]+\[[ xX]\]' > "$DATA/grep-pattern"
GREP="grep -cE -f $DATA/grep-pattern"

for size in 1 10 100; do
  [ -f "$DATA/plan-${size}mb.md" ] || "$GEN" --size "${size}MB" --out "$DATA/plan-${size}mb.md" >/dev/null
done
if [ ! -f "$DATA/vault/roadmap.toml" ]; then
  rm -rf "$DATA/vault"
  "$GEN" --vault 2000 --file-size 50KB --out "$DATA/vault" >/dev/null
  printf 'plans = ["**/*.md"]\n' > "$DATA/vault/roadmap.toml"
fi
VAULT_FILES=$(find "$DATA/vault" -name '*.md' | sort)

echo "[]" > "$OUT"
# time NAME RUNS COMMAND: median wall seconds into $OUT (via hyperfine's JSON).
time_it() {
  local name=$1 runs=$2; shift 2
  # -N: no shell in between; commands that need one say `sh -c` themselves.
  # --output=pipe: GNU grep stops at the first match when its output is /dev/null.
  hyperfine -N --output=pipe --warmup 1 --runs "$runs" --export-json /tmp/roadmap-bench.json "$@" >/dev/null
  python3 - "$name" <<'PY'
import json, sys
r = json.load(open("/tmp/roadmap-bench.json"))["results"][0]
out = json.load(open("bench/results.json"))
out.append({"name": sys.argv[1], "median": r["median"], "runs": len(r["times"])})
json.dump(out, open("bench/results.json", "w"))
PY
}
# rss NAME COMMAND...: peak resident set in KB.
rss_it() {
  local name=$1; shift
  /usr/bin/time -f '%M' -o /tmp/roadmap-rss.txt "$@" >/dev/null 2>&1 || true
  python3 - "$name" "$(tail -1 /tmp/roadmap-rss.txt)" <<'PY'
import json, sys
out = json.load(open("bench/results.json"))
out.append({"name": sys.argv[1], "rss_kb": int(sys.argv[2])})
json.dump(out, open("bench/results.json", "w"))
PY
}

echo "bundled plans"
time_it bundled-next 50 "$ROADMAP -C . next"
time_it bundled-list 50 "$ROADMAP -C . list"
time_it bundled-grep 50 "$GREP plans/go-backend.md plans/backend-roadmap.md"
time_it bundled-floor 50 "$FLOOR plans/go-backend.md plans/backend-roadmap.md"

for size in 1 10 100; do
  f=$DATA/plan-${size}mb.md
  runs=$RUNS; [ "$size" -lt 100 ] && runs=$((RUNS * 2))
  echo "$size MB plan"
  time_it "list-$size" "$runs" "$ROADMAP -p $f list --format json"
  time_it "floor-$size" "$runs" "$FLOOR $f"
  time_it "grep-$size" "$runs" "$GREP $f"
  if [ "$size" = 100 ]; then
    time_it "report-$size" "$runs" "$ROADMAP -p $f report --format json"
    time_it "next-$size" "$runs" "$ROADMAP -p $f next"
    # check + undo on a copy; the floor for it: a parse plus a copy of the file.
    cp "$f" "$DATA/check.md"
    line=$(grep -n -m1 -E '^- \[ \]' "$DATA/check.md" | cut -d: -f1)
    # One check and one --undo per run, so every run really writes twice.
    time_it "check-undo-$size" "$runs" "sh -c '$ROADMAP -p $DATA/check.md check --no-stamp $DATA/check.md:$line >/dev/null; $ROADMAP -p $DATA/check.md check --undo $DATA/check.md:$line >/dev/null'"
    time_it "floor-copy-$size" "$runs" "sh -c '$FLOOR $f >/dev/null; cp $f $DATA/copy.md'"
    rss_it "rss-list-$size" "$ROADMAP" -p "$f" list --format json
    rss_it "rss-floor-$size" "$FLOOR" "$f"
  fi
done

echo "vault of 2,000 files"
time_it vault-report "$RUNS" "$ROADMAP -C $DATA/vault report --format json"
time_it vault-floor "$RUNS" "$FLOOR $(echo $VAULT_FILES)"
time_it vault-grep "$RUNS" "$GREP -r $DATA/vault"
rss_it rss-vault-report "$ROADMAP" -C "$DATA/vault" report --format json

python3 bench/summarize.py "$OUT" > bench/RESULTS.md
cat bench/RESULTS.md
