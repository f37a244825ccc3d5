//! Characters that must not reach a briefing as they are.
//!
//! Record text is checked when it is loaded, but the report does not rely
//! on that: control characters would break the layout of both formats (or
//! end up as raw bytes in the PDF's text), and bidirectional embeddings,
//! overrides and isolates reorder the text around them, so that a name or
//! an address reads backwards. Both renderers pass every character they
//! draw through [`visible`].

/// The replacement shown for a character that cannot be shown as it is.
pub const REPLACEMENT: char = '\u{FFFD}';

/// What a character is drawn as. A line feed stays (it breaks a line);
/// other white-space controls (tab, carriage return, vertical tab, form
/// feed, next line, line and paragraph separators) become a space; other
/// control characters (C0, DEL, C1), bidirectional embeddings, overrides
/// and isolates (U+202A to U+202E, U+2066 to U+2069) and noncharacters
/// become U+FFFD, the replacement character. The left-to-right and
/// right-to-left marks stay: they only settle the direction of the
/// punctuation beside them, and right-to-left text uses them.
pub fn visible(c: char) -> char {
    match c {
        '\n' => '\n',
        '\t' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => REPLACEMENT,
        '\u{FDD0}'..='\u{FDEF}' => REPLACEMENT,
        c if c.is_control() || (u32::from(c) & 0xFFFE) == 0xFFFE => REPLACEMENT,
        c => c,
    }
}

/// True when [`visible`] changes the character.
pub fn is_replaced(c: char) -> bool {
    visible(c) != c
}

/// The text with every character as [`visible`] draws it, borrowed when
/// nothing changes.
pub fn text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_replaced) {
        text.chars().map(visible).collect::<String>().into()
    } else {
        text.into()
    }
}

/// The text on one line, for places that hold no line break (PDF
/// metadata and bookmarks): as [`text`], with line feeds as spaces.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| match visible(c) {
            '\n' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_are_replaced_and_the_rest_kept() {
        assert_eq!(
            text("a\u{0}b\u{1B}[31m\u{7F}\u{9B}c"),
            "a\u{FFFD}b\u{FFFD}[31m\u{FFFD}\u{FFFD}c"
        );
        assert_eq!(
            text("x\u{202E}gnp.exe\u{2066}y\u{2069}"),
            "x\u{FFFD}gnp.exe\u{FFFD}y\u{FFFD}"
        );
        assert_eq!(
            text("tab\there\r\nnext\u{2028}line"),
            "tab here \nnext line"
        );
        assert_eq!(
            text("\u{FFFE}\u{1FFFF}\u{FDD0}"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        // Right-to-left text, its marks, joiners and other scripts stay.
        let kept = "שלום \u{200F}(1)\u{200E} मनोज\u{200D} 中国 Ōsaka £ – “q” \u{FFFD}";
        assert!(matches!(text(kept), std::borrow::Cow::Borrowed(_)));
        assert_eq!(one_line("a\nb\u{0}"), "a b\u{FFFD}");
    }
}
