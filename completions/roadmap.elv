
use builtin;
use str;

set edit:completion:arg-completer[roadmap] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'roadmap'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'roadmap'= {
            cand -p 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand --plan 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand -C 'Run as if started in DIR'
            cand --config 'Read this config file instead of the nearest roadmap.toml'
            cand --color 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE'
            cand --today 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List tasks under their headings, with status and ID'
            cand next 'Show what to study next: tasks in progress, then the first open task of each plan'
            cand check 'Mark tasks done (or open, in progress, skipped) in the plan files'
            cand report 'Show progress per plan and stage: counts, bars, pace from done dates, schedule'
            cand milestone 'Show milestones and where each stands; with NAME, the tasks left in it'
            cand week 'The week in review: what was done, what is in progress, due and overdue'
            cand init 'Start studying: write a bundled plan into ./plans/ and a starter roadmap.toml'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'roadmap;list'= {
            cand --status 'Show only tasks with this status'
            cand --section 'Show only tasks under a heading containing TEXT (case-insensitive)'
            cand --format 'Output format'
            cand -p 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand --plan 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand -C 'Run as if started in DIR'
            cand --config 'Read this config file instead of the nearest roadmap.toml'
            cand --color 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE'
            cand --today 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'roadmap;next'= {
            cand -n 'How many tasks to show per plan'
            cand --count 'How many tasks to show per plan'
            cand --section 'Look only under a heading containing TEXT (case-insensitive)'
            cand --format 'Output format'
            cand -p 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand --plan 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand -C 'Run as if started in DIR'
            cand --config 'Read this config file instead of the nearest roadmap.toml'
            cand --color 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE'
            cand --today 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'roadmap;check'= {
            cand -p 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand --plan 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand -C 'Run as if started in DIR'
            cand --config 'Read this config file instead of the nearest roadmap.toml'
            cand --color 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE'
            cand --today 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports'
            cand --undo 'Mark as not done: `[ ]`, removing any done date'
            cand --start 'Mark as in progress: `[/]`'
            cand --skip 'Mark as skipped: `[-]`'
            cand --all 'Act on every task a text query matches'
            cand --dry-run 'Print the change as a unified diff and write nothing'
            cand --stamp 'Write a done date ( ✅ YYYY-MM-DD) when marking done'
            cand --no-stamp 'Write no done date, whatever roadmap.toml says'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'roadmap;report'= {
            cand --depth 'How deep to go: 1 shows each stage, 2 also their parts, and so on'
            cand --format 'Output format'
            cand -o 'Write the report to FILE instead of standard output'
            cand --output 'Write the report to FILE instead of standard output'
            cand -p 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand --plan 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand -C 'Run as if started in DIR'
            cand --config 'Read this config file instead of the nearest roadmap.toml'
            cand --color 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE'
            cand --today 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'roadmap;milestone'= {
            cand --fail-on 'Exit with 1 when any milestone is in this state (for CI)'
            cand --format 'Output format'
            cand -p 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand --plan 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand -C 'Run as if started in DIR'
            cand --config 'Read this config file instead of the nearest roadmap.toml'
            cand --color 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE'
            cand --today 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'roadmap;week'= {
            cand --since 'The first day of the week in review (YYYY-MM-DD); else 6 days before today'
            cand --format 'Output format'
            cand -p 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand --plan 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand -C 'Run as if started in DIR'
            cand --config 'Read this config file instead of the nearest roadmap.toml'
            cand --color 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE'
            cand --today 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'roadmap;init'= {
            cand -p 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand --plan 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand -C 'Run as if started in DIR'
            cand --config 'Read this config file instead of the nearest roadmap.toml'
            cand --color 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE'
            cand --today 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports'
            cand --list 'List the bundled plans and exit'
            cand --force 'Overwrite plans/TEMPLATE.md and roadmap.toml if they exist'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'roadmap;completions'= {
            cand -p 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand --plan 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)'
            cand -C 'Run as if started in DIR'
            cand --config 'Read this config file instead of the nearest roadmap.toml'
            cand --color 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE'
            cand --today 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'roadmap;help'= {
            cand list 'List tasks under their headings, with status and ID'
            cand next 'Show what to study next: tasks in progress, then the first open task of each plan'
            cand check 'Mark tasks done (or open, in progress, skipped) in the plan files'
            cand report 'Show progress per plan and stage: counts, bars, pace from done dates, schedule'
            cand milestone 'Show milestones and where each stands; with NAME, the tasks left in it'
            cand week 'The week in review: what was done, what is in progress, due and overdue'
            cand init 'Start studying: write a bundled plan into ./plans/ and a starter roadmap.toml'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'roadmap;help;list'= {
        }
        &'roadmap;help;next'= {
        }
        &'roadmap;help;check'= {
        }
        &'roadmap;help;report'= {
        }
        &'roadmap;help;milestone'= {
        }
        &'roadmap;help;week'= {
        }
        &'roadmap;help;init'= {
        }
        &'roadmap;help;completions'= {
        }
        &'roadmap;help;help'= {
        }
    ]
    $completions[$command]
}
