
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'roadmap' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'roadmap'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'roadmap' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of the nearest roadmap.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tasks under their headings, with status and ID')
            [CompletionResult]::new('next', 'next', [CompletionResultType]::ParameterValue, 'Show what to study next: tasks in progress, then the first open task of each plan')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Mark tasks done (or open, in progress, skipped) in the plan files')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Show progress per plan and stage: counts, bars, pace from done dates, schedule')
            [CompletionResult]::new('milestone', 'milestone', [CompletionResultType]::ParameterValue, 'Show milestones and where each stands; with NAME, the tasks left in it')
            [CompletionResult]::new('week', 'week', [CompletionResultType]::ParameterValue, 'The week in review: what was done, what is in progress, due and overdue')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Start studying: write a bundled plan into ./plans/ and a starter roadmap.toml')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'roadmap;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Show only tasks with this status')
            [CompletionResult]::new('--section', '--section', [CompletionResultType]::ParameterName, 'Show only tasks under a heading containing TEXT (case-insensitive)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of the nearest roadmap.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'roadmap;next' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'How many tasks to show per plan')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'How many tasks to show per plan')
            [CompletionResult]::new('--section', '--section', [CompletionResultType]::ParameterName, 'Look only under a heading containing TEXT (case-insensitive)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of the nearest roadmap.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'roadmap;check' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of the nearest roadmap.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports')
            [CompletionResult]::new('--undo', '--undo', [CompletionResultType]::ParameterName, 'Mark as not done: `[ ]`, removing any done date')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Mark as in progress: `[/]`')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Mark as skipped: `[-]`')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Act on every task a text query matches')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the change as a unified diff and write nothing')
            [CompletionResult]::new('--stamp', '--stamp', [CompletionResultType]::ParameterName, 'Write a done date ( ✅ YYYY-MM-DD) when marking done')
            [CompletionResult]::new('--no-stamp', '--no-stamp', [CompletionResultType]::ParameterName, 'Write no done date, whatever roadmap.toml says')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'roadmap;report' {
            [CompletionResult]::new('--depth', '--depth', [CompletionResultType]::ParameterName, 'How deep to go: 1 shows each stage, 2 also their parts, and so on')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of the nearest roadmap.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'roadmap;milestone' {
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit with 1 when any milestone is in this state (for CI)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of the nearest roadmap.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'roadmap;week' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The first day of the week in review (YYYY-MM-DD); else 6 days before today')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of the nearest roadmap.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'roadmap;init' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of the nearest roadmap.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the bundled plans and exit')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite plans/TEMPLATE.md and roadmap.toml if they exist')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'roadmap;completions' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Plan to use: a path, a file name or a stem such as go-backend (repeatable)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of the nearest roadmap.toml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Take this date as today (YYYY-MM-DD), for done dates, due dates and reports')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'roadmap;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tasks under their headings, with status and ID')
            [CompletionResult]::new('next', 'next', [CompletionResultType]::ParameterValue, 'Show what to study next: tasks in progress, then the first open task of each plan')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Mark tasks done (or open, in progress, skipped) in the plan files')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Show progress per plan and stage: counts, bars, pace from done dates, schedule')
            [CompletionResult]::new('milestone', 'milestone', [CompletionResultType]::ParameterValue, 'Show milestones and where each stands; with NAME, the tasks left in it')
            [CompletionResult]::new('week', 'week', [CompletionResultType]::ParameterValue, 'The week in review: what was done, what is in progress, due and overdue')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Start studying: write a bundled plan into ./plans/ and a starter roadmap.toml')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'roadmap;help;list' {
            break
        }
        'roadmap;help;next' {
            break
        }
        'roadmap;help;check' {
            break
        }
        'roadmap;help;report' {
            break
        }
        'roadmap;help;milestone' {
            break
        }
        'roadmap;help;week' {
            break
        }
        'roadmap;help;init' {
            break
        }
        'roadmap;help;completions' {
            break
        }
        'roadmap;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
