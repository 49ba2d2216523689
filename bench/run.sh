#!/usr/bin/env bash
# Benchmarks roadmap side by side with its floors, in one go, on the same inputs,
# and writes bench/RESULTS.md. Not a test: CI runs none of this.
#
#   bench/run.sh                 # about 6 minutes on 2 cores, 1 GB of disk
#   RUNS=3 bench/run.sh          # fewer runs of the large inputs (100 MB, vault)
#   QUICK=1 bench/run.sh         # no 100 MB plan, a 200-file vault: a smoke test
#
# Corpora (bench/data/, gitignored, regenerated every run by examples/gencorpus):
# the bundled plans (plans/*.md), plans of 1, 10 and 100 MB, and a vault of 2,000
# files of 50 KB in nested folders with `plans = ["**/*.md"]` in its roadmap.toml.
# On each: roadmap list --format json, report --format json, next, check and
# check --undo (on a copy, reset before every run), the floor (examples/floor.rs:
# the bare pulldown-cmark loop), the floor plus a copy of the file (what a check
# cannot beat), and the grep one-liner in the default UTF-8 locale.
#
# Needs hyperfine, GNU time (/usr/bin/time) and python3. As root with apt-get it
# installs what is missing; otherwise: apt-get install hyperfine time python3 (or
# cargo install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]}"
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bench/run.sh needs ${missing[*]}: apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi

# grep runs in the default locale, which must be a UTF-8 one (the plans are
# Russian); fall back to C.UTF-8 where the default is not.
if [ "$(locale charmap 2>/dev/null)" != UTF-8 ]; then export LC_ALL=C.UTF-8; fi
GREP_RE='^[[:space:]]*([-*+]|[0-9]+[.)])[[:space:]]+\[[ xX]\]'

RUNS=${RUNS:-5}   # runs of each command on the 100 MB plan and the vault
QUICK=${QUICK:-}
DATA=$ROOT/bench/data
RESULTS=$DATA/results.jsonl
mkdir -p "$DATA/bin"
: > "$RESULTS"
START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== build"
cargo build --release --bins --examples
# Copies: other work in this tree may rebuild target/ while the benchmark runs.
# The build goes where cargo puts it: CARGO_TARGET_DIR when set.
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cp "$TARGET/release/roadmap" "$TARGET/release/examples/floor" "$TARGET/release/examples/gencorpus" "$DATA/bin/"
ROADMAP=$DATA/bin/roadmap
FLOOR=$DATA/bin/floor
GEN=$DATA/bin/gencorpus
if "$ROADMAP" report --help >/dev/null 2>&1; then HAVE_REPORT=1; else HAVE_REPORT=; fi

echo "== corpora"
SIZES="1 10 100"
VAULT_N=2000
if [ -n "$QUICK" ]; then SIZES="1 10"; VAULT_N=200; fi
for size in $SIZES; do
  "$GEN" --size "${size}MB" --out "$DATA/plan-${size}mb.md" | tee "$DATA/plan-${size}mb.tasks"
done
rm -rf "$DATA/vault"
"$GEN" --vault "$VAULT_N" --file-size 50KB --out "$DATA/vault" | tee "$DATA/vault.tasks"
printf 'plans = ["**/*.md"]\n' > "$DATA/vault/roadmap.toml"
# Paths relative to the vault: 2,000 absolute ones overflow one argument.
(cd "$DATA/vault" && find . -name '*.md' | sed 's|^\./||' | sort) > "$DATA/vault.files"

# note KEY VALUE: a fact for the summary.
note() {
  python3 -c 'import json,sys; print(json.dumps({"note": sys.argv[1], "value": sys.argv[2]}))' "$1" "$2" >> "$RESULTS"
}

# add NAME COMMAND PREPARE RSS: one command of the current corpus. COMMAND is a
#   command line that hyperfine splits into words itself and runs without a shell,
#   in the corpus's folder; PREPARE ("" for none) runs untimed before each run; RSS
#   ("rss" or "") asks for the peak resident set size too.
add() { NAMES+=("$1"); CMDS+=("$2"); PREPS+=("$3"); WANT_RSS+=("$4"); }

# timed CORPUS BYTES ROUNDS PER_ROUND DIR
#   Runs every added command PER_ROUND times in each of ROUNDS rounds, one command
#   after the other, so that load from elsewhere on the machine falls on all of
#   them alike instead of on one. hyperfine times each run (one warm-up run in the
#   first round); the summary takes the median of all of a command's runs. Then one
#   more run of each command under GNU time gives its peak RSS.
timed() {
  local corpus=$1 bytes=$2 rounds=$3 per=$4 dir=$5 i round
  echo "== $corpus ($((bytes / 1024)) KB): $rounds rounds of $per run(s) of ${#NAMES[@]} commands"
  printf '  rounds:'
  for ((round = 1; round <= rounds; round++)); do
    printf ' %d' "$round"
    for i in "${!NAMES[@]}"; do
      # --output=pipe: with its output on /dev/null, GNU grep -c stops at the
      # first match, and every command should pay for writing what it prints.
      local args=(-N --output=pipe --runs "$per" --export-json "$DATA/hyperfine.json")
      [ "$round" = 1 ] && args+=(--warmup 1)
      [ -n "${PREPS[$i]}" ] && args+=(--prepare "${PREPS[$i]}")
      [ "${NAMES[$i]}" = lint ] && args+=(--ignore-failure)
      if ! (cd "$dir" && hyperfine "${args[@]}" "${CMDS[$i]}") >/dev/null 2>"$DATA/hyperfine.err"; then
        cat "$DATA/hyperfine.err" >&2
        exit 1
      fi
      python3 - "$corpus" "$bytes" "${NAMES[$i]}" "${CMDS[$i]}" "$DATA/hyperfine.json" "$RESULTS" <<'PY'
import json, sys
corpus, size, name, command, path, results = sys.argv[1:]
times = json.load(open(path))["results"][0]["times"]
with open(results, "a") as out:
    print(json.dumps({"corpus": corpus, "bytes": int(size), "name": name,
                      "command": command, "times": times}), file=out)
PY
    done
  done
  echo
  for i in "${!NAMES[@]}"; do
    [ -n "${WANT_RSS[$i]}" ] || continue
    [ -n "${PREPS[$i]}" ] && eval "${PREPS[$i]}"
    # eval: the command line is shell words, as hyperfine reads it.
    (cd "$dir" && eval "/usr/bin/time -f %M -o $DATA/time.txt ${CMDS[$i]}") >/dev/null ||
      [ "${NAMES[$i]}" = lint ]   # exit 1: findings
    python3 -c 'import json,sys; print(json.dumps({"corpus": sys.argv[1], "name": sys.argv[2], "rss_kb": int(sys.argv[3])}))' \
      "$corpus" "${NAMES[$i]}" "$(tail -1 "$DATA/time.txt")" >> "$RESULTS"
  done
  python3 bench/summarize.py --brief "$corpus" "$RESULTS"
}

# suite CORPUS BYTES RUNS DIR FILES...
#   Every command on one corpus, RUNS runs each. roadmap runs with -C DIR and the
#   -p flags in $PLAN_ARGS; FILES (relative to DIR) are what the floor and grep read.
suite() {
  local corpus=$1 bytes=$2 runs=$3 dir=$4; shift 4
  local files="$*"
  local rm="$ROADMAP -C $dir $PLAN_ARGS"
  NAMES=(); CMDS=(); PREPS=(); WANT_RSS=()
  add "list --format json" "$rm list --format json" "" rss
  [ "$corpus" = bundled ] && add "list" "$rm list" "" rss
  add "next" "$rm next" "" rss
  if [ -n "$HAVE_REPORT" ]; then
    add "report --format json" "$rm report --format json" "" rss
    # report uses every core; on one it shows the work per byte.
    if [ "$corpus" = vault ] && command -v taskset >/dev/null 2>&1; then
      add "report (1 core)" "taskset -c 0 $rm report --format json" "" rss
    fi
    # Every row, and so every link of every plan: links joined per row once made
    # this take a minute (one scan of all links per row).
    [ "$corpus" = vault ] && add "report --depth 6" "$rm report --format json --depth 6" "" rss
  fi
  if [ "$corpus" != bundled ] && $rm links --help >/dev/null 2>&1; then
    add "links" "$rm links --format json" "" rss
  fi
  # Every rule on every plan, every link resolved; exit 1 on findings (timed
  # with --ignore-failure). The vault sits in this repository's work tree, so
  # done-without-date reads it too, and git is asked which plans it tracks.
  if [ "$corpus" != 100mb ] && $rm lint --help >/dev/null 2>&1; then
    add "lint" "$rm lint" "" rss
  fi
  # check and --undo: the first task next shows, by its ID, as a user would.
  local id check_file
  read -r id check_file < <($rm next --format json | python3 -c '
import json, os, sys
task = json.load(sys.stdin)[0]
print(task["id"], os.path.relpath(os.path.join(sys.argv[1], task["plan"]), sys.argv[1]))' "$dir")
  cp "$dir/$check_file" "$DATA/check-original.md"
  $rm check "$id" >/dev/null
  cp "$dir/$check_file" "$DATA/check-done.md"
  if cmp -s "$DATA/check-original.md" "$DATA/check-done.md"; then
    echo "check $id changed nothing" >&2; exit 1
  fi
  add "check" "$rm check $id" "cp $DATA/check-original.md $dir/$check_file" rss
  add "check --undo" "$rm check --undo $id" "cp $DATA/check-done.md $dir/$check_file" rss
  add "floor" "$FLOOR $files" "" rss
  # What check cannot beat: parse what it parses (every plan), copy what it writes.
  add "floor + copy" "sh -c '$FLOOR $files >/dev/null && cp $check_file $DATA/copy.md'" "" ""
  add "grep -cE" "grep -cE '$GREP_RE' $files" "" rss
  [ "$corpus" = vault ] && add "grep -rcE" "grep -rcE --include=*.md '$GREP_RE' ." "" rss
  local rounds=$((runs < 5 ? runs : 5))
  local per=$(((runs + rounds - 1) / rounds))
  timed "$corpus" "$bytes" "$rounds" "$per" "$dir"
  cmp -s "$DATA/check-original.md" "$dir/$check_file" || { echo "check + undo changed $check_file" >&2; exit 1; }
  # The same tasks everywhere: the floor's count and roadmap's.
  local floor_n list_n
  floor_n=$(cd "$dir" && $FLOOR $files)
  list_n=$($rm list --format json | grep -c '"id":' || true)
  note "tasks-$corpus" "floor $floor_n, list $list_n"
  [ "$floor_n" = "$list_n" ] || echo "  warning: floor counts $floor_n tasks, list $list_n" >&2
}

size_of() { stat -c %s "$@" | awk '{s += $1} END {print s}'; }

# Bundled plans: a copy of plans/ (check writes to it), found as ./plans/*.md.
BUNDLED=$(echo plans/*.md)
PLAN_ARGS=""
rm -rf "$DATA/bundled"
mkdir -p "$DATA/bundled/plans"
cp plans/*.md "$DATA/bundled/plans/"
printf 'plans = ["plans/*.md"]\n' > "$DATA/bundled/roadmap.toml"
# The single plans come by -p; this keeps a roadmap.toml further up from counting.
printf 'plans = ["plan-1mb.md"]\n' > "$DATA/roadmap.toml"
# shellcheck disable=SC2086
suite bundled "$(size_of $BUNDLED)" 100 "$DATA/bundled" $BUNDLED

for size in $SIZES; do
  runs=$RUNS
  [ "$size" = 1 ] && runs=30
  [ "$size" = 10 ] && runs=10
  PLAN_ARGS="-p plan-${size}mb.md"
  suite "${size}mb" "$(size_of "$DATA/plan-${size}mb.md")" "$runs" "$DATA" "plan-${size}mb.md"
done

PLAN_ARGS=""
# shellcheck disable=SC2046
suite vault "$(cd "$DATA/vault" && size_of $(cat "$DATA/vault.files"))" "$RUNS" "$DATA/vault" \
  $(cat "$DATA/vault.files")

note "load-before" "$LOAD_BEFORE"
note "load-after" "$(cut -d' ' -f1-3 /proc/loadavg)"
note "seconds" "$(($(date +%s) - START))"
note "report" "${HAVE_REPORT:-missing}"
note "commit" "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (with uncommitted changes in src/)')"
note "hyperfine" "$(hyperfine --version)"
note "grep" "$(grep --version | head -1), LC_ALL=${LC_ALL:-} LANG=${LANG:-} (charmap $(locale charmap))"
# A quick smoke run is not a result to keep: it goes beside the data instead.
if [ -n "$QUICK" ]; then OUT=$DATA/RESULTS-quick.md; else OUT=bench/RESULTS.md; fi
python3 bench/summarize.py "$RESULTS" > "$OUT"
echo
cat "$OUT"
