//! The plans bundled in the binary, for `roadmap init`: the same files as `plans/`.

/// A bundled plan.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// Its name, which is also its file stem.
    pub name: &'static str,
    /// One line on what it is.
    pub summary: &'static str,
    /// The Markdown text.
    pub text: &'static str,
    /// Milestones for its starter `roadmap.toml`, as TOML.
    pub milestones: &'static str,
}

/// Every bundled plan.
pub const TEMPLATES: &[Template] = &[
    Template {
        name: "go-backend",
        summary: "Go for backend developers: 16 weeks in 4 stages (Russian, 183 tasks)",
        text: include_str!("../plans/go-backend.md"),
        milestones: r#"# The plan's own "Milestone проверки": weeks 3, 7, 12 and 16.
[[milestone]]
name = "Базовые Go навыки"
plan = "go-backend"
through = "Неделя 3"

[[milestone]]
name = "Первый backend API"
plan = "go-backend"
through = "Неделя 7"

[[milestone]]
name = "Production-ready навыки"
plan = "go-backend"
through = "Неделя 12"

[[milestone]]
name = "Полноценный backend разработчик"
plan = "go-backend"
through = "Неделя 16"
"#,
    },
    Template {
        name: "backend-roadmap",
        summary: "Backend developer from scratch: a multi-year roadmap in levels and stages (Russian, 345 tasks)",
        text: include_str!("../plans/backend-roadmap.md"),
        milestones: r#"# With no [[milestone]] of its own, each УРОВЕНЬ of the plan is a milestone.
# [[milestone]]
# name = "Основы"
# plan = "backend-roadmap"
# through = "ЭТАП 1.4"
# due = 2027-06-30
"#,
    },
];

/// The bundled plan with this name.
pub fn find(name: &str) -> Option<&'static Template> {
    let name = name.strip_suffix(".md").unwrap_or(name);
    TEMPLATES.iter().find(|t| t.name == name)
}
