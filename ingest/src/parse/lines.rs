//! Lines and columns: from byte offsets and saphyr's markers to positions,
//! with lines ended alike in every syntax.

use saphyr::Marker;

use crate::diagnostic::{Position, Span};

/// Turns saphyr's character-based markers and byte offsets into positions.
///
/// Lines end where YAML ends them, for every syntax alike: at a line feed,
/// a carriage return followed by a line feed, or a carriage return alone
/// (old Mac files), each one line break. saphyr counts lines that way, TOML
/// allows only the first two and JSON treats all three as white space, so
/// a line number means the same in every kind of file, and the quoted line
/// ([`line_at`]) is the one the parser was reading.
pub(crate) struct Lines<'a> {
    text: &'a str,
    /// Where each line starts.
    starts: Vec<usize>,
    /// Whether the text is ASCII, so that characters are bytes.
    ascii: bool,
    /// The last conversion between characters and bytes, as (line start,
    /// characters after it, byte offset): the next one on the same line
    /// goes on from there when it lies further along. saphyr's markers
    /// mostly move forward, and counting from the line start each time
    /// made a long line cost time in proportion to its length per node.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

/// Whether the byte at `i` ends a line: a line feed, or a carriage return
/// not followed by one (in `\r\n` the line feed ends the line).
pub(super) fn ends_line(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// The line holding the byte at `offset`, as the byte range of its text
/// without the line break, with lines ended as [`Lines`] ends them.
pub(crate) fn line_at(text: &str, offset: usize) -> std::ops::Range<usize> {
    let offset = offset.min(text.len());
    let bytes = text.as_bytes();
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    // A place on the line feed of a `\r\n` belongs to the line the
    // carriage return ends.
    let start = if start == offset
        && offset > 0
        && bytes[offset - 1] == b'\r'
        && bytes.get(offset) == Some(&b'\n')
    {
        bytes[..offset - 1]
            .iter()
            .rposition(|&b| b == b'\n' || b == b'\r')
            .map_or(0, |i| i + 1)
    } else {
        start
    };
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |i| start + i);
    start..end
}

/// The line and column of a byte offset in `text`, lines ended as
/// [`Lines`] ends them.
pub(crate) fn position_at(text: &str, offset: usize) -> Position {
    Lines::new(text).at_offset(offset)
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let starts = std::iter::once(0)
            .chain(
                (0..bytes.len())
                    .filter(|&i| ends_line(bytes, i))
                    .map(|i| i + 1),
            )
            .collect();
        Lines {
            text,
            starts,
            ascii: text.is_ascii(),
            cursor: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// The byte offset of the character `col` characters after `start` (a
    /// line start), or the end of the text.
    pub(crate) fn offset_of(&self, start: usize, col: usize) -> usize {
        if self.ascii {
            return (start + col).min(self.text.len());
        }
        let (line, chars, byte) = self.cursor.get();
        let (done, from) = if line == start && chars <= col {
            (chars, byte)
        } else {
            (0, start)
        };
        match self.text[from..].char_indices().nth(col - done) {
            Some((i, _)) => {
                self.cursor.set((start, col, from + i));
                from + i
            }
            None => self.text.len(),
        }
    }

    /// How many characters lie between `start` (a line start) and
    /// `offset`; 0 when `offset` is inside a character.
    pub(crate) fn chars_between(&self, start: usize, offset: usize) -> usize {
        if self.ascii {
            return offset - start;
        }
        let (line, chars, byte) = self.cursor.get();
        let (done, from) = if line == start && byte <= offset {
            (chars, byte)
        } else {
            (0, start)
        };
        match self.text.get(from..offset) {
            Some(between) => {
                let count = done + between.chars().count();
                self.cursor.set((start, count, offset));
                count
            }
            None => 0,
        }
    }

    /// `line` is 1-based and `col` 0-based in characters, as saphyr gives them.
    pub(crate) fn position(&self, line: usize, col: usize) -> Position {
        let start = self
            .starts
            .get(line.max(1) - 1)
            .copied()
            .unwrap_or(self.text.len());
        let offset = self.offset_of(start, col);
        // Line and column follow from the offset, so that they agree with
        // positions found by the fast readers, and name a line that exists.
        self.at_offset(offset)
    }

    /// The character at a byte offset, as a span one character wide (empty
    /// at a line break or the end of the text): where a syntax error
    /// stopped, so that the caret marks that character rather than the
    /// rest of the line.
    pub(crate) fn point(&self, offset: usize) -> Span {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let end = match self.text[offset..].chars().next() {
            Some('\n' | '\r') | None => offset,
            Some(c) => offset + c.len_utf8(),
        };
        Span {
            start: self.at_offset(offset),
            end: self.at_offset(end),
        }
    }

    /// The position of a byte offset.
    pub(crate) fn at_offset(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self.chars_between(start, offset);
        Position {
            line,
            column: column + 1,
            offset,
        }
    }

    pub(crate) fn range(&self, range: Option<std::ops::Range<usize>>) -> Span {
        match range {
            Some(r) => Span {
                start: self.at_offset(r.start),
                end: self.at_offset(r.end),
            },
            None => Span::default(),
        }
    }

    pub(crate) fn span(&self, start: &Marker, end: &Marker) -> Span {
        Span {
            start: self.position(start.line(), start.col()),
            end: self.position(end.line(), end.col()),
        }
    }
}
