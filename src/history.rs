//! Done dates from git history: the day of the commit that ticked a task.
