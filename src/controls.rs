//! The ISO/IEC 27001:2022 Annex A catalogue: 93 controls in four themes,
//! compiled in from `src/data/annex-a-2022.csv`.

use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Control {
    pub id: &'static str,
    pub theme: &'static str,
    pub title: &'static str,
}

static CATALOGUE: LazyLock<Vec<Control>> = LazyLock::new(|| {
    include_str!("data/annex-a-2022.csv")
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut parts = line.splitn(3, ',');
            let id = parts.next().unwrap_or_default();
            let theme = parts.next().unwrap_or_default();
            let title = parts.next().unwrap_or_default().trim_matches('"');
            Control { id, theme, title }
        })
        .collect()
});

/// Every control in catalogue order (5.1 … 8.34).
pub fn all() -> &'static [Control] {
    &CATALOGUE
}

pub fn find(id: &str) -> Option<&'static Control> {
    CATALOGUE.iter().find(|control| control.id == id)
}

pub fn ids() -> impl Iterator<Item = &'static str> {
    CATALOGUE.iter().map(|control| control.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_93_controls_in_four_themes() {
        assert_eq!(all().len(), 93);
        let count = |theme| all().iter().filter(|c| c.theme == theme).count();
        assert_eq!(count("Organizational"), 37);
        assert_eq!(count("People"), 8);
        assert_eq!(count("Physical"), 14);
        assert_eq!(count("Technological"), 34);
        assert_eq!(
            find("5.27").unwrap().title,
            "Learning from information security incidents"
        );
        assert!(find("5.38").is_none());
    }
}
