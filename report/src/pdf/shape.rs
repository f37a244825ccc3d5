//! Lines of text as the PDF draws them: characters given to fonts in the
//! order they are tried, put in visual order by the Unicode bidirectional
//! algorithm, shaped word by word, and broken into lines by the Unicode
//! line-breaking algorithm.
//!
//! - `unicode-bidi` (Servo's implementation of UAX #9, the one Firefox's
//!   Rust code uses) orders each line: a Hebrew or Arabic name reads right
//!   to left inside an English sentence, as a browser draws it.
//! - `unicode-linebreak` (UAX #14, with its tables generated from the
//!   Unicode data files) says where a line may end: after spaces and
//!   hyphens, between ideographs, never before a closing bracket.
//! - [`Font::shape`](super::font::Font::shape) shapes each word with
//!   rustybuzz.

use std::ops::Range;

use unicode_linebreak::{BreakClass, BreakOpportunity, break_property, linebreaks};

use super::font::{Face, Fonts, Run};
use crate::visible::visible;

/// A piece of a line: a byte range of the normalised text, its face, and
/// whether it is spaces.
struct Span {
    range: Range<usize>,
    face: Face,
}

/// True for a character of the blocks of right-to-left scripts (Hebrew,
/// Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, their presentation
/// forms, and the historic ones beyond the BMP): text without any needs no
/// reordering, since the rest of Unicode is left to right or takes its
/// direction from its neighbours.
fn right_to_left(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}')
}

/// True for a character drawn with the one before it: a combining mark
/// (line-break class CM, which also holds ZWNJ and the variation
/// selectors) or the zero-width joiner.
fn joins(c: char) -> bool {
    matches!(
        break_property(u32::from(c)),
        BreakClass::CombiningMark | BreakClass::ZeroWidthJoiner
    )
}

impl Fonts<'_> {
    /// One line of text as runs placed left to right. Characters are drawn
    /// as [`visible`] says; whitespace no font has is a space; a character
    /// no font has is `?`, and when `draw` is set it is remembered for
    /// [`Fonts::missing`].
    pub fn line(&self, text: &str, bold: bool, draw: bool) -> Vec<Run> {
        let main = if bold { Face::BOLD } else { Face::REGULAR };
        let mut t = String::with_capacity(text.len());
        let mut spans: Vec<Span> = Vec::new();
        let mut bidi = false;
        let mut current: Option<(Face, bool)> = None;
        for c in text.chars() {
            let c = visible(c);
            // A combining mark or a joiner stays in its letter's font;
            // everything else goes to the first font that has it.
            let keep = current.and_then(|(face, _)| {
                (joins(c) && self.font(face).is_some_and(|f| f.covers(c))).then_some(face)
            });
            let (face, c) = match keep.or_else(|| self.face_for(c, main)) {
                Some(face) => (face, c),
                None if c.is_whitespace() => (main, ' '),
                None => {
                    if draw {
                        self.note_missing(c);
                    }
                    (main, '?')
                }
            };
            bidi |= right_to_left(c);
            let space = c == ' ';
            if current != Some((face, space)) {
                spans.push(Span {
                    range: t.len()..t.len(),
                    face,
                });
                current = Some((face, space));
            }
            t.push(c);
            if let Some(span) = spans.last_mut() {
                span.range.end = t.len();
            }
        }
        let mut runs = Vec::with_capacity(spans.len());
        if !bidi {
            for span in &spans {
                runs.push(Run {
                    face: span.face,
                    shaped: self.shaped(span.face, false, &t[span.range.clone()]),
                });
            }
            return runs;
        }
        let info = unicode_bidi::BidiInfo::new(&t, Some(unicode_bidi::Level::ltr()));
        for paragraph in &info.paragraphs {
            let (levels, visual) = info.visual_runs(paragraph, paragraph.range.clone());
            for range in visual {
                let rtl = levels.get(range.start).is_some_and(|l| l.is_rtl());
                let first = spans.partition_point(|s| s.range.end <= range.start);
                let pieces = spans[first..]
                    .iter()
                    .take_while(|s| s.range.start < range.end)
                    .map(|s| {
                        let clipped = s.range.start.max(range.start)..s.range.end.min(range.end);
                        (s.face, clipped)
                    });
                let mut shaped: Vec<Run> = pieces
                    .map(|(face, r)| Run {
                        face,
                        shaped: self.shaped(face, rtl, &t[r]),
                    })
                    .collect();
                if rtl {
                    shaped.reverse();
                }
                runs.extend(shaped);
            }
        }
        runs
    }

    /// The width of one line of text at a size, in points, as [`Fonts::line`]
    /// sets it.
    pub fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        // Most text is drawn as it is, in the main font, left to right:
        // its words and spaces are measured from the cache without
        // building the line.
        let main = if bold { Face::BOLD } else { Face::REGULAR };
        if let Some(font) = self.font(main)
            && text
                .chars()
                .all(|c| !right_to_left(c) && !crate::visible::is_replaced(c) && font.covers(c))
        {
            let mut sum = 0;
            let mut rest = text;
            while let Some(first) = rest.chars().next() {
                let space = first == ' ';
                let end = rest
                    .char_indices()
                    .find(|&(_, c)| (c == ' ') != space)
                    .map_or(rest.len(), |(i, _)| i);
                sum += self.shaped(main, false, &rest[..end]).advance;
                rest = &rest[end..];
            }
            return sum as f32 / 1000.0 * size;
        }
        self.line(text, bold, false)
            .iter()
            .map(|run| self.run_width(run))
            .sum::<f32>()
            * size
    }

    /// The longest start of `text` (ending at a character boundary where a
    /// word may be cut: not before a combining mark or a joiner) whose
    /// width with `extra` added stays within `room`; at least one character
    /// when `at_least_one`.
    ///
    /// The end is first estimated from each character's own width (shaped
    /// alone, from the cache), so only the characters that fit are looked
    /// at, then checked by shaping the start whole and moved back while it
    /// does not fit (shaping can make text wider than its characters).
    pub fn fitting(
        &self,
        text: &str,
        bold: bool,
        size: f32,
        room: f32,
        extra: &str,
        at_least_one: bool,
    ) -> usize {
        let extra_width = self.width(extra, bold, size);
        let mut sum = extra_width;
        // Places a cut may go, up to the first that is estimated not to fit.
        let mut cuts: Vec<usize> = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            sum += self.width(c.encode_utf8(&mut [0; 4]), bold, size);
            let end = chars.peek().map_or(text.len(), |&(i, _)| i);
            if sum > room {
                break;
            }
            if chars.peek().is_none_or(|&(_, next)| !joins(next)) {
                cuts.push(end);
            }
        }
        let fits = |end: usize| {
            let mut candidate = String::with_capacity(end + extra.len());
            candidate.push_str(&text[..end]);
            candidate.push_str(extra);
            self.width(&candidate, bold, size) <= room
        };
        while let Some(&end) = cuts.last() {
            if fits(end) {
                return end;
            }
            cuts.pop();
        }
        if at_least_one {
            // The first place a cut may go, however wide.
            let mut chars = text.char_indices().skip(1);
            chars
                .find(|&(_, c)| !joins(c))
                .map_or(text.len(), |(i, _)| i)
        } else {
            0
        }
    }

    /// Breaks text into lines no wider than `width` at the places the
    /// Unicode line-breaking algorithm allows (UAX #14); explicit newlines
    /// are kept. A word wider than a line is cut between characters. A
    /// line broken at a space ends with one space, which is not counted in
    /// its width.
    pub fn wrap(&self, text: &str, bold: bool, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            // The line runs from `start`; segments up to `end` are on it,
            // `used` wide (trailing spaces included).
            let mut start = 0;
            let mut end = 0;
            let mut used = 0.0;
            for (at, opportunity) in linebreaks(paragraph) {
                let segment = &paragraph[end..at];
                let word = segment.trim_end();
                let word_width = self.width(word, bold, size);
                if end > start && used + word_width > width {
                    // A line that ends at a space keeps one: drawn past the
                    // line's end, it is invisible, and text read back
                    // (copying, screen readers following the structure)
                    // keeps the words apart.
                    let whole = &paragraph[start..end];
                    let mut line = whole.trim_end().to_owned();
                    if line.len() < whole.len() {
                        line.push(' ');
                    }
                    lines.push(line);
                    start = end;
                    used = 0.0;
                }
                if end == start && word_width > width {
                    // A word wider than a line: cut it between characters.
                    let stop = end + word.len();
                    let mut rest = start;
                    loop {
                        let take =
                            self.fitting(&paragraph[rest..stop], bold, size, width, "", true);
                        if rest + take >= stop {
                            break;
                        }
                        lines.push(paragraph[rest..rest + take].to_owned());
                        rest += take;
                    }
                    start = rest;
                    used = self.width(&paragraph[rest..at], bold, size);
                } else {
                    used += word_width + self.width(&segment[word.len()..], bold, size);
                }
                end = at;
                if opportunity == BreakOpportunity::Mandatory && at < paragraph.len() {
                    lines.push(paragraph[start..end].trim_end().to_owned());
                    start = end;
                    used = 0.0;
                }
            }
            lines.push(paragraph[start..].trim_end().to_owned());
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts<'static> {
        Fonts::new(&[]).unwrap()
    }

    #[test]
    fn lines_break_where_unicode_allows_and_fit() {
        let fonts = fonts();
        let text = "Elekta and Sinopharm formed a radiotherapy joint venture (2023) aiming at over 1,000 institutions.";
        let lines = fonts.wrap(text, false, 10.0, 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(fonts.width(line.trim_end(), false, 10.0) <= 150.0, "{line}");
            assert!(line.ends_with(' ') || line == lines.last().unwrap());
        }
        assert_eq!(lines.concat(), text);
        // Never before a closing bracket or inside a number.
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with(')') && !l.starts_with(",000"))
        );
        // After a hyphen, not only at spaces.
        let lines = fonts.wrap("radiotherapy-equipment-manufacturers", false, 10.0, 120.0);
        assert_eq!(lines[0], "radiotherapy-");
        // A word longer than a line is cut between characters, every part fitting.
        let long = "x".repeat(300);
        let lines = fonts.wrap(&long, false, 10.0, 100.0);
        assert!(lines.len() > 3);
        assert_eq!(lines.concat(), long);
        assert!(lines.iter().all(|l| fonts.width(l, false, 10.0) <= 100.0));
        // Explicit newlines are kept.
        assert_eq!(fonts.wrap("a\nb", false, 10.0, 100.0), ["a", "b"]);
    }

    #[test]
    fn a_combining_mark_stays_with_its_letter() {
        let fonts = fonts();
        let word = "e\u{301}".repeat(40);
        for line in fonts.wrap(&word, false, 10.0, 60.0) {
            assert!(line.starts_with('e'), "{line:?}");
        }
    }

    #[test]
    fn right_to_left_text_is_drawn_in_visual_order() {
        let fonts = fonts();
        // Hebrew: "שלום עולם" — the first word drawn rightmost.
        let runs = fonts.line("Name: שלום עולם", false, true);
        let words: Vec<&str> = runs
            .iter()
            .map(|r| &*r.shaped.text)
            .filter(|t| !t.trim().is_empty())
            .collect();
        assert_eq!(words, ["Name:", "עולם", "שלום"]);
        // Glyphs of a right-to-left word come out right to left too: the
        // last letter first.
        let word = runs.iter().find(|r| &*r.shaped.text == "שלום").unwrap();
        let first = word.shaped.glyphs.first().unwrap();
        assert_eq!(
            &word.shaped.text[first.text.0 as usize..first.text.1 as usize],
            "ם"
        );
    }

    #[test]
    fn arabic_letters_join() {
        let fonts = fonts();
        // DejaVu Sans has Arabic with its joining forms: shaped, the letters
        // of a word take other glyphs than the same letters standing alone.
        let word = fonts.line("سلام", false, true);
        let alone: Vec<u16> = "سلام"
            .chars()
            .flat_map(|c| fonts.line(&c.to_string(), false, true))
            .flat_map(|r| r.shaped.glyphs.iter().map(|g| g.id).collect::<Vec<_>>())
            .collect();
        let joined: Vec<u16> = word[0].shaped.glyphs.iter().map(|g| g.id).collect();
        assert_ne!(joined.iter().rev().copied().collect::<Vec<_>>(), alone);
    }

    #[test]
    fn characters_no_font_has_are_remembered() {
        let fonts = fonts();
        let runs = fonts.line("Briefing 中国", false, true);
        assert!(runs.iter().any(|r| r.shaped.text.contains('?')));
        assert_eq!(fonts.missing(), ['中', '国']);
        // Measuring does not count as drawing.
        let fonts = self::fonts();
        fonts.width("ก", false, 10.0);
        assert!(fonts.missing().is_empty());
    }
}
