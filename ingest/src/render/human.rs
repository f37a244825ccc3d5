//! The compiler-style format for people: the message, the file, line and
//! column, the line quoted with a caret under the place, labels and hint.

use std::fmt::Write;

use crate::diagnostic::{Diagnostic, Severity, Span};

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, style: &str, text: &str) -> String {
        if self.on {
            format!("\u{1b}[{style}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }
}

/// One diagnostic in the compiler style, quoting `text` (the file's
/// contents) with a caret under the offending value; ANSI colour when
/// `color` is true.
pub fn human(d: &Diagnostic, text: Option<&str>, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    let head = match d.severity {
        Severity::Error => paint.wrap("1;31", &format!("error[{}]", d.code)),
        Severity::Warning => paint.wrap("1;33", &format!("warning[{}]", d.code)),
        Severity::Note => paint.wrap("1;36", &format!("note[{}]", d.code)),
    };
    let _ = writeln!(out, "{head}: {}", paint.wrap("1", &shown(&d.message)));
    let arrow = paint.wrap("1;34", "-->");
    match d.span {
        Some(span) => {
            let _ = writeln!(
                out,
                "  {arrow} {}:{}:{}",
                shown(&d.file.display().to_string()),
                span.start.line,
                span.start.column
            );
            if let Some(text) = text {
                // Labels in the same file on the same line are marked in
                // the quoted line too.
                let labels: Vec<_> = d
                    .labels
                    .iter()
                    .filter(|l| l.file == d.file && l.span.start.line == span.start.line)
                    .map(|l| l.span.start.offset..l.span.end.offset)
                    .collect();
                snippet(&mut out, text, span, &labels, &paint, d.severity);
            }
        }
        None => {
            let _ = writeln!(out, "  {arrow} {}", shown(&d.file.display().to_string()));
        }
    }
    for label in &d.labels {
        let _ = writeln!(
            out,
            "  {} {}:{}:{}: {}",
            paint.wrap("1;34", ":::"),
            shown(&label.file.display().to_string()),
            label.span.start.line,
            label.span.start.column,
            shown(&label.message)
        );
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "   {} {}", paint.wrap("1;36", "= hint:"), shown(hint));
    }
    out.push('\n');
    out
}

/// The widest part of a line that is quoted, in terminal columns: a longer
/// line (a minified JSON file is one line) is cut to a window around the
/// place, so that the caret can be found and one diagnostic stays a few
/// lines long.
pub const EXCERPT_WIDTH: usize = 100;

/// How many columns before the marked place a cut line keeps, when the line
/// goes on far enough after it.
const EXCERPT_BEFORE: usize = 30;

/// One character of a quoted line as shown: where it is in the file, what
/// is printed for it and how many terminal columns that takes.
struct Cell {
    offset: usize,
    shown: char,
    width: usize,
}

impl Cell {
    fn new(offset: usize, c: char) -> Self {
        // A tab would throw the caret off: it is shown as one space.
        let shown = if c == '\t' { ' ' } else { shown_char(c) };
        Cell {
            offset,
            shown,
            width: unicode_width::UnicodeWidthChar::width(shown).unwrap_or(0),
        }
    }
}

fn is_line_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Quotes the line where `span` starts, with a caret under the span and a
/// `-` under each label in `labels` (byte ranges of the same file) on the
/// same line. A line wider than [`EXCERPT_WIDTH`] is cut around the span,
/// with `…` where it was cut. Only the window is looked at, so quoting
/// stays quick however long the line.
fn snippet(
    out: &mut String,
    text: &str,
    span: Span,
    labels: &[std::ops::Range<usize>],
    paint: &Paint,
    severity: Severity,
) {
    let mut at = span.start.offset;
    // Past the end, or at the end after the last line break: there is no
    // line to quote.
    if at > text.len() || (at == text.len() && (at == 0 || text.ends_with(['\n', '\r']))) {
        return;
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    // A place on the line feed of a `\r\n` is at the end of the line the
    // pair ends.
    let before_end = if text[at..].starts_with('\n') && text[..at].ends_with('\r') {
        at - 1
    } else {
        at
    };
    // Up to a window's width on each side of the place, stopping at the
    // line's ends.
    let mut left = Vec::new();
    let mut left_width = 0;
    let mut left_whole = true;
    for (i, c) in text[..before_end].char_indices().rev() {
        if is_line_break(c) {
            break;
        }
        if left_width > EXCERPT_WIDTH {
            left_whole = false;
            break;
        }
        let cell = Cell::new(i, c);
        left_width += cell.width;
        left.push(cell);
    }
    let mut right = Vec::new();
    let mut right_width = 0;
    let mut right_whole = true;
    for (i, c) in text[at..].char_indices() {
        if is_line_break(c) {
            break;
        }
        if right_width > EXCERPT_WIDTH {
            right_whole = false;
            break;
        }
        let cell = Cell::new(at + i, c);
        right_width += cell.width;
        right.push(cell);
    }
    let whole = left_whole && right_whole && left_width + right_width <= EXCERPT_WIDTH;
    let (mut cut_left, mut cut_right) = (false, false);
    if !whole {
        // Keep some context before the place, more when the line ends soon
        // after it.
        let mut before = left_width.min(EXCERPT_BEFORE);
        if right_whole && right_width < EXCERPT_WIDTH - before {
            before = left_width.min(EXCERPT_WIDTH - right_width);
        }
        let mut taken = 0;
        let keep = left
            .iter()
            .take_while(|c| {
                taken += c.width;
                taken <= before
            })
            .count();
        cut_left = keep < left.len() || !left_whole;
        left.truncate(keep);
        let room = EXCERPT_WIDTH - left.iter().map(|c| c.width).sum::<usize>();
        let mut taken = 0;
        let keep = right
            .iter()
            .take_while(|c| {
                taken += c.width;
                taken <= room
            })
            .count();
        cut_right = keep < right.len() || !right_whole;
        right.truncate(keep);
    }
    left.reverse();
    let cells: Vec<Cell> = left.into_iter().chain(right).collect();
    // What goes under each cell: the caret under the span (to the end of
    // the line when the span goes on past it, or is empty), a `-` under
    // labels.
    let end = if span.end.line == span.start.line && span.end.offset > at {
        span.end.offset
    } else {
        usize::MAX
    };
    let mark = |cell: &Cell| {
        if (at..end).contains(&cell.offset) {
            '^'
        } else if labels
            .iter()
            .any(|l| (l.start..l.end.max(l.start + 1)).contains(&cell.offset))
        {
            '-'
        } else {
            ' '
        }
    };
    let mut marks: Vec<char> = Vec::new();
    if cut_left {
        marks.push(' ');
    }
    for cell in &cells {
        let m = mark(cell);
        marks.extend(std::iter::repeat_n(m, cell.width));
    }
    if !marks.contains(&'^') {
        // An empty span, a zero-width character or the end of the line:
        // one caret where the place is.
        let column = usize::from(cut_left)
            + cells
                .iter()
                .take_while(|c| c.offset < at)
                .map(|c| c.width)
                .sum::<usize>();
        match marks.get_mut(column) {
            Some(m) => *m = '^',
            None => marks.push('^'),
        }
    }
    while marks.last() == Some(&' ') {
        marks.pop();
    }
    let mut line = String::new();
    if cut_left {
        line.push('…');
    }
    line.extend(cells.iter().map(|c| c.shown));
    if cut_right {
        line.push('…');
    }
    let number = span.start.line.to_string();
    let pad = " ".repeat(number.len());
    let bar = paint.wrap("1;34", "|");
    let caret_style = if severity == Severity::Error {
        "1;31"
    } else {
        "1;33"
    };
    let mut under = String::new();
    let mut rest = &marks[..];
    while let Some(&first) = rest.first() {
        let run = rest.iter().take_while(|&&m| m == first).count();
        let piece: String = rest[..run].iter().collect();
        under.push_str(&match first {
            '^' => paint.wrap(caret_style, &piece),
            '-' => paint.wrap("1;34", &piece),
            _ => piece,
        });
        rest = &rest[run..];
    }
    let _ = writeln!(out, " {pad} {bar}");
    let _ = writeln!(out, " {} {bar} {line}", paint.wrap("1;34", &number));
    let _ = writeln!(out, " {pad} {bar} {under}");
}

/// One character safe to print on a terminal; see [`shown`].
fn shown_char(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if is_unsafe(c) => '\u{fffd}',
        c => c,
    }
}

/// Control characters and the bidirectional overrides and isolates.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` safe to print on a terminal, one character for each: control
/// characters (escape sequences from a hostile file could rewrite the
/// screen) become their Unicode control pictures (`␛`, `␍`), and C1 controls
/// and the bidirectional overrides that can reorder what is shown become
/// `�`. Keeping the count of characters keeps the caret in place.
pub(super) fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return text.into();
    }
    text.chars().map(shown_char).collect::<String>().into()
}
