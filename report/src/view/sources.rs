//! Sources: numbered in the order they are first cited.

#[allow(unused_imports)]
use super::*;

/// Numbers sources in the order they are first cited.
#[derive(Default)]
pub(super) struct Citer {
    order: Vec<SourceId>,
    numbers: HashMap<SourceId, usize>,
}

impl Citer {
    pub(super) fn number(&mut self, id: &SourceId) -> usize {
        if let Some(&n) = self.numbers.get(id) {
            return n;
        }
        self.order.push(id.clone());
        self.numbers.insert(id.clone(), self.order.len());
        self.order.len()
    }

    /// The source numbers of the citations that back `path` (or a field
    /// within it, or a field it lies within), as ` [2]` or ` [2, 5]`;
    /// empty when no citation names it.
    pub(super) fn backing(&mut self, citations: &[accord_model::Citation], path: &str) -> String {
        let within = |outer: &str, inner: &str| {
            inner == outer
                || inner
                    .strip_prefix(outer)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        };
        let mut numbers: Vec<usize> = citations
            .iter()
            .filter(|c| {
                c.supports
                    .iter()
                    .any(|s| within(s.as_str(), path) || within(path, s.as_str()))
            })
            .map(|c| self.number(&c.source))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        if numbers.is_empty() {
            return String::new();
        }
        let numbers: Vec<String> = numbers.iter().map(ToString::to_string).collect();
        format!(" [{}]", numbers.join(", "))
    }

    /// Where a fact from outside knowledge comes from, in words: the
    /// reference, and a source record of the dataset by its number.
    pub(super) fn outside(
        &mut self,
        dataset: &Dataset,
        from: &accord_model::OutsideKnowledge,
    ) -> String {
        let mut parts = Vec::new();
        if let Some(reference) = &from.reference {
            parts.push(reference.to_string());
        }
        if let Some(id) = &from.source {
            let n = self.number(id);
            let title = dataset
                .sources
                .get(id)
                .map_or_else(|| id.to_string(), |s| s.title.to_string());
            parts.push(format!("[{n}] {title}"));
        }
        if let Some(locator) = &from.locator {
            parts.push(locator.to_string());
        }
        parts.join(", ")
    }

    /// The line explaining a mark.
    pub(super) fn note(&mut self, dataset: &Dataset, mark: &marks::Mark<'_>) -> String {
        mark.note(&mut |from| self.outside(dataset, from))
    }

    /// `inferred: …` or `from outside knowledge: …`.
    pub(super) fn explain(&mut self, dataset: &Dataset, basis: accord_model::Basis<'_>) -> String {
        marks::explain(basis, &mut |from| self.outside(dataset, from))
    }

    pub(super) fn entries(&self, dataset: &Dataset) -> Vec<SourceEntry> {
        self.order
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let Some(source) = dataset.sources.get(id) else {
                    return SourceEntry {
                        number: i + 1,
                        text: format!("(missing source `{id}`)"),
                        url: None,
                        archived: None,
                    };
                };
                let mut text = format!("{}. {}", source.title, format::source_kind(source.kind));
                if let Some(publisher) = &source.publisher {
                    text.push_str(&format!(", {publisher}"));
                }
                match &source.published {
                    Some(date) => text.push_str(&format!(", {}", format::date_value(date))),
                    None => text.push_str(", undated"),
                }
                text.push('.');
                if let Some(retrieved) = &source.retrieved {
                    text.push_str(&format!(" Retrieved {}.", format::date_value(retrieved)));
                }
                // What each sign on the source's own dates stands on.
                for mark in marks::source(source) {
                    let why = marks::explain(mark.basis, &mut |from| from.to_string());
                    text.push_str(&format!(" {} {}: {why}", mark.sign(), mark.field));
                    if !text.ends_with('.') {
                        text.push('.');
                    }
                }
                let address = |u: &accord_model::Url| Address {
                    text: u.to_string(),
                    link: link_address(u),
                };
                SourceEntry {
                    number: i + 1,
                    text,
                    url: source.url.as_ref().map(address),
                    archived: source.archived_url.as_ref().map(address),
                }
            })
            .collect()
    }
}
