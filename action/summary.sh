#!/usr/bin/env bash
# The step of the `roadmap` GitHub Action (action.yml) that does the work: append
# the Markdown of each command in ROADMAP_COMMANDS to $GITHUB_STEP_SUMMARY, then,
# with ROADMAP_FAIL_ON, fail when a milestone is in that state. Runnable by hand:
#   GITHUB_STEP_SUMMARY=summary.md ROADMAP_COMMANDS="report milestone" action/summary.sh
set -euo pipefail
# The command list is split on spaces, never expanded as a glob (`*` stays `*`).
set -f

# Unset: report and milestone. Set but empty: no summary, only the milestone check.
commands=${ROADMAP_COMMANDS-report milestone}
fail_on=${ROADMAP_FAIL_ON:-}
summary=${GITHUB_STEP_SUMMARY:?GITHUB_STEP_SUMMARY is not set}
cd -- "${ROADMAP_DIRECTORY:-.}"

# Checked first: a bad input fails before anything is appended to the summary.
for command in $commands; do
  case $command in
    report | milestone | week) ;;
    *) printf 'roadmap action: `%s` has no Markdown form (report, milestone, week)\n' "$command" >&2; exit 2 ;;
  esac
done
case $fail_on in
  "" | overdue | behind) ;;
  *) printf 'roadmap action: fail-on must be overdue, behind or empty, not `%s`\n' "$fail_on" >&2; exit 2 ;;
esac

for command in $commands; do
  # Each Markdown output ends with a blank line: the next one starts its own table.
  roadmap "$command" --format markdown >> "$summary"
done

if [ -n "$fail_on" ]; then
  # Exit 1 when a milestone is in that state, 2 on any error: both fail the job.
  roadmap milestone --fail-on "$fail_on" > /dev/null
fi
