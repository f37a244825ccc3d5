//! GitHub Actions workflow commands, one per diagnostic.

use super::human::shown;
use crate::diagnostic::{Diagnostic, Severity};

/// One diagnostic as a GitHub Actions workflow command, so it shows on the
/// pull request's line: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = vec![format!(
        "file={}",
        escape_property(&shown(&d.file.display().to_string()))
    )];
    if let Some(span) = d.span {
        properties.push(format!("line={}", span.start.line));
        properties.push(format!("col={}", span.start.column));
        if span.end.line >= span.start.line && span.end.line > 0 {
            properties.push(format!("endLine={}", span.end.line));
            if span.end.line == span.start.line && span.end.column > span.start.column {
                properties.push(format!("endColumn={}", span.end.column));
            }
        }
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("accord {level}[{}]", d.code))
    ));
    // Text from a file is shown harmlessly, as in the human format: the
    // log viewer would act on escape sequences. Only the line breaks put
    // here between the parts remain, escaped below.
    let mut message = shown(&d.message).into_owned();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(&shown(hint));
    }
    for label in &d.labels {
        message.push_str(&format!(
            "\n{}:{}:{}: {}",
            shown(&label.file.display().to_string()),
            label.span.start.line,
            label.span.start.column,
            shown(&label.message)
        ));
    }
    format!(
        "::{level} {}::{}\n",
        properties.join(","),
        escape_data(&message)
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
