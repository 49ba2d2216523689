# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_roadmap_global_optspecs
    string join \n p/plan= C= config= color= today= h/help V/version
end

function __fish_roadmap_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_roadmap_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_roadmap_using_subcommand
    set -l cmd (__fish_roadmap_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c roadmap -n "__fish_roadmap_needs_command" -s p -l plan -d 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)' -r -F
complete -c roadmap -n "__fish_roadmap_needs_command" -s C -d 'Run as if started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c roadmap -n "__fish_roadmap_needs_command" -l config -d 'Read this config file instead of the nearest roadmap.toml' -r -F
complete -c roadmap -n "__fish_roadmap_needs_command" -l color -d 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE' -r -f -a "auto\t'Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it'
always\t'Always colour'
never\t'Never colour'"
complete -c roadmap -n "__fish_roadmap_needs_command" -l today -d 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports' -r
complete -c roadmap -n "__fish_roadmap_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roadmap -n "__fish_roadmap_needs_command" -s V -l version -d 'Print version'
complete -c roadmap -n "__fish_roadmap_needs_command" -f -a "list" -d 'List tasks under their headings, with status and ID'
complete -c roadmap -n "__fish_roadmap_needs_command" -f -a "next" -d 'Show what to study next: tasks in progress, then the first open task of each plan'
complete -c roadmap -n "__fish_roadmap_needs_command" -f -a "check" -d 'Mark tasks done (or open, in progress, skipped) in the plan files'
complete -c roadmap -n "__fish_roadmap_needs_command" -f -a "report" -d 'Show progress per plan and stage: counts, bars, pace from done dates, schedule'
complete -c roadmap -n "__fish_roadmap_needs_command" -f -a "milestone" -d 'Show milestones and where each stands; with NAME, the tasks left in it'
complete -c roadmap -n "__fish_roadmap_needs_command" -f -a "week" -d 'The week in review: what was done, what is in progress, due and overdue'
complete -c roadmap -n "__fish_roadmap_needs_command" -f -a "init" -d 'Start studying: write a bundled plan into ./plans/ and a starter roadmap.toml'
complete -c roadmap -n "__fish_roadmap_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c roadmap -n "__fish_roadmap_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c roadmap -n "__fish_roadmap_using_subcommand list" -l status -d 'Show only tasks with this status' -r -f -a "todo\t'`[ ]`'
done\t'`[x]`'
doing\t'`[/]`, in progress'
skipped\t'`[-]`'
open\t'todo and doing'
all\t'every task'"
complete -c roadmap -n "__fish_roadmap_using_subcommand list" -l section -d 'Show only tasks under a heading containing TEXT (case-insensitive)' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand list" -l format -d 'Output format' -r -f -a "text\t'For people'
json\t'One JSON array of tasks'
plain\t'Task text only, one per line'"
complete -c roadmap -n "__fish_roadmap_using_subcommand list" -s p -l plan -d 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand list" -s C -d 'Run as if started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c roadmap -n "__fish_roadmap_using_subcommand list" -l config -d 'Read this config file instead of the nearest roadmap.toml' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand list" -l color -d 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE' -r -f -a "auto\t'Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it'
always\t'Always colour'
never\t'Never colour'"
complete -c roadmap -n "__fish_roadmap_using_subcommand list" -l today -d 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roadmap -n "__fish_roadmap_using_subcommand next" -s n -l count -d 'How many tasks to show per plan' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand next" -l section -d 'Look only under a heading containing TEXT (case-insensitive)' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand next" -l format -d 'Output format' -r -f -a "text\t'For people'
json\t'One JSON array of tasks'
plain\t'Task text only, one per line'"
complete -c roadmap -n "__fish_roadmap_using_subcommand next" -s p -l plan -d 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand next" -s C -d 'Run as if started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c roadmap -n "__fish_roadmap_using_subcommand next" -l config -d 'Read this config file instead of the nearest roadmap.toml' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand next" -l color -d 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE' -r -f -a "auto\t'Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it'
always\t'Always colour'
never\t'Never colour'"
complete -c roadmap -n "__fish_roadmap_using_subcommand next" -l today -d 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand next" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -s p -l plan -d 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -s C -d 'Run as if started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -l config -d 'Read this config file instead of the nearest roadmap.toml' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -l color -d 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE' -r -f -a "auto\t'Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it'
always\t'Always colour'
never\t'Never colour'"
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -l today -d 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -l undo -d 'Mark as not done: `[ ]`, removing any done date'
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -l start -d 'Mark as in progress: `[/]`'
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -l skip -d 'Mark as skipped: `[-]`'
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -l all -d 'Act on every task a text query matches'
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -l dry-run -d 'Print the change as a unified diff and write nothing'
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -l stamp -d 'Write a done date ( ✅ YYYY-MM-DD) when marking done'
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -l no-stamp -d 'Write no done date, whatever roadmap.toml says'
complete -c roadmap -n "__fish_roadmap_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roadmap -n "__fish_roadmap_using_subcommand report" -l depth -d 'How deep to go: 1 shows each stage, 2 also their parts, and so on' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand report" -l format -d 'Output format' -r -f -a "text\t'For people'
json\t'One JSON object'
markdown\t'GitHub-flavoured Markdown tables (for an issue or $GITHUB_STEP_SUMMARY)'
html\t'One self-contained HTML page'"
complete -c roadmap -n "__fish_roadmap_using_subcommand report" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand report" -s p -l plan -d 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand report" -s C -d 'Run as if started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c roadmap -n "__fish_roadmap_using_subcommand report" -l config -d 'Read this config file instead of the nearest roadmap.toml' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand report" -l color -d 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE' -r -f -a "auto\t'Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it'
always\t'Always colour'
never\t'Never colour'"
complete -c roadmap -n "__fish_roadmap_using_subcommand report" -l today -d 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roadmap -n "__fish_roadmap_using_subcommand milestone" -l fail-on -d 'Exit with 1 when any milestone is in this state (for CI)' -r -f -a "overdue\t'A milestone\'s due date has passed with work left'
behind\t'A milestone is behind its schedule or overdue'"
complete -c roadmap -n "__fish_roadmap_using_subcommand milestone" -l format -d 'Output format' -r -f -a "text\t'For people'
json\t'JSON'
markdown\t'A GitHub-flavoured Markdown table'"
complete -c roadmap -n "__fish_roadmap_using_subcommand milestone" -s p -l plan -d 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand milestone" -s C -d 'Run as if started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c roadmap -n "__fish_roadmap_using_subcommand milestone" -l config -d 'Read this config file instead of the nearest roadmap.toml' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand milestone" -l color -d 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE' -r -f -a "auto\t'Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it'
always\t'Always colour'
never\t'Never colour'"
complete -c roadmap -n "__fish_roadmap_using_subcommand milestone" -l today -d 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand milestone" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roadmap -n "__fish_roadmap_using_subcommand week" -l since -d 'The first day of the week in review (YYYY-MM-DD); else 6 days before today' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand week" -l format -d 'Output format' -r -f -a "text\t'For people'
json\t'One JSON object with the lists `done`, `in_progress`, `due`, `overdue`'
markdown\t'Markdown to paste into a weekly report or an issue'"
complete -c roadmap -n "__fish_roadmap_using_subcommand week" -s p -l plan -d 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand week" -s C -d 'Run as if started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c roadmap -n "__fish_roadmap_using_subcommand week" -l config -d 'Read this config file instead of the nearest roadmap.toml' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand week" -l color -d 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE' -r -f -a "auto\t'Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it'
always\t'Always colour'
never\t'Never colour'"
complete -c roadmap -n "__fish_roadmap_using_subcommand week" -l today -d 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand week" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roadmap -n "__fish_roadmap_using_subcommand init" -s p -l plan -d 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand init" -s C -d 'Run as if started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c roadmap -n "__fish_roadmap_using_subcommand init" -l config -d 'Read this config file instead of the nearest roadmap.toml' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand init" -l color -d 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE' -r -f -a "auto\t'Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it'
always\t'Always colour'
never\t'Never colour'"
complete -c roadmap -n "__fish_roadmap_using_subcommand init" -l today -d 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand init" -l list -d 'List the bundled plans and exit'
complete -c roadmap -n "__fish_roadmap_using_subcommand init" -l force -d 'Overwrite plans/TEMPLATE.md and roadmap.toml if they exist'
complete -c roadmap -n "__fish_roadmap_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roadmap -n "__fish_roadmap_using_subcommand completions" -s p -l plan -d 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand completions" -s C -d 'Run as if started in DIR' -r -f -a "(__fish_complete_directories)"
complete -c roadmap -n "__fish_roadmap_using_subcommand completions" -l config -d 'Read this config file instead of the nearest roadmap.toml' -r -F
complete -c roadmap -n "__fish_roadmap_using_subcommand completions" -l color -d 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE' -r -f -a "auto\t'Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it'
always\t'Always colour'
never\t'Never colour'"
complete -c roadmap -n "__fish_roadmap_using_subcommand completions" -l today -d 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports' -r
complete -c roadmap -n "__fish_roadmap_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roadmap -n "__fish_roadmap_using_subcommand help; and not __fish_seen_subcommand_from list next check report milestone week init completions help" -f -a "list" -d 'List tasks under their headings, with status and ID'
complete -c roadmap -n "__fish_roadmap_using_subcommand help; and not __fish_seen_subcommand_from list next check report milestone week init completions help" -f -a "next" -d 'Show what to study next: tasks in progress, then the first open task of each plan'
complete -c roadmap -n "__fish_roadmap_using_subcommand help; and not __fish_seen_subcommand_from list next check report milestone week init completions help" -f -a "check" -d 'Mark tasks done (or open, in progress, skipped) in the plan files'
complete -c roadmap -n "__fish_roadmap_using_subcommand help; and not __fish_seen_subcommand_from list next check report milestone week init completions help" -f -a "report" -d 'Show progress per plan and stage: counts, bars, pace from done dates, schedule'
complete -c roadmap -n "__fish_roadmap_using_subcommand help; and not __fish_seen_subcommand_from list next check report milestone week init completions help" -f -a "milestone" -d 'Show milestones and where each stands; with NAME, the tasks left in it'
complete -c roadmap -n "__fish_roadmap_using_subcommand help; and not __fish_seen_subcommand_from list next check report milestone week init completions help" -f -a "week" -d 'The week in review: what was done, what is in progress, due and overdue'
complete -c roadmap -n "__fish_roadmap_using_subcommand help; and not __fish_seen_subcommand_from list next check report milestone week init completions help" -f -a "init" -d 'Start studying: write a bundled plan into ./plans/ and a starter roadmap.toml'
complete -c roadmap -n "__fish_roadmap_using_subcommand help; and not __fish_seen_subcommand_from list next check report milestone week init completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c roadmap -n "__fish_roadmap_using_subcommand help; and not __fish_seen_subcommand_from list next check report milestone week init completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
