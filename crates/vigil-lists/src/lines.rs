//! Line numbers for diagnostics, from byte offsets: the one line lookup of
//! every parser, XML and CSV alike.
//!
//! Parsers visit records in file order, so the lookup counts newlines from
//! the last offset asked for, forward (or back, when a parser returns to an
//! earlier record): a whole file costs one pass over its bytes. roxmltree's
//! own `text_pos_at` counts from the start of the document at every call,
//! which over a list of thousands of records is quadratic; the csv crate's
//! record line is one short after a CRLF line end and does not count the
//! line breaks inside quoted fields.

use std::cell::Cell;

/// Byte offset to 1-based line number over one text.
pub(crate) struct Lines<'t> {
    bytes: &'t [u8],
    /// The last offset asked for (clamped to the text) and its line.
    at: Cell<(usize, usize)>,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Lines<'t> {
        Lines {
            bytes: text.as_bytes(),
            at: Cell::new((0, 1)),
        }
    }

    /// The line of a byte offset (an offset past the end is on the last line).
    pub(crate) fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.bytes.len());
        let (from, line) = self.at.get();
        let line = if offset >= from {
            line + newlines(&self.bytes[from..offset])
        } else {
            line - newlines(&self.bytes[offset..from])
        };
        self.at.set((offset, line));
        line
    }

    /// The line an XML element starts on.
    pub(crate) fn of(&self, node: roxmltree::Node<'_, '_>) -> usize {
        self.line(node.range().start)
    }

    /// `TAG KEY=id (line N)`, or `TAG (line N)` without an id: how a
    /// diagnostic names an XML record (`sdnEntry uid=36 (line 12)`).
    pub(crate) fn record(
        &self,
        node: roxmltree::Node<'_, '_>,
        key: &str,
        id: Option<&str>,
    ) -> String {
        let line = self.of(node);
        let tag = node.tag_name().name();
        match id {
            Some(id) => format!("{tag} {key}={id} (line {line})"),
            None => format!("{tag} (line {line})"),
        }
    }

    /// The line a CSV record starts on, from the position the csv crate
    /// gives it (0 without one). The csv crate places a record right after
    /// the previous line end, which after a CRLF is still on the line
    /// before: line ends before the first field are skipped.
    pub(crate) fn csv_record(&self, position: Option<&csv::Position>) -> usize {
        let Some(p) = position else { return 0 };
        let mut byte = usize::try_from(p.byte()).unwrap_or(usize::MAX);
        while let Some(b'\r' | b'\n') = self.bytes.get(byte) {
            byte += 1;
        }
        self.line(byte)
    }
}

/// The number of `\n` bytes, eight at a time: the lists are megabytes, and
/// a byte-by-byte count showed in profiles.
fn newlines(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A byte of `x` is zero exactly where the byte is a newline; the
        // high bit of each byte of `zero` is set exactly for those.
        let x = word ^ (ONES * u64::from(b'\n'));
        let zero = !(((x & LOW7) + LOW7) | x | LOW7);
        count += zero.count_ones() as usize;
    }
    count + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. offsets map to their lines forward, backward and past the end;
    //! 2. XML elements get the line they start on;
    //! 3. CSV records get the line they start on, after LF or CRLF line
    //!    ends and after line breaks inside quoted fields.
    use super::*;

    #[test]
    fn offsets() {
        let lines = Lines::new("a\nbc\n\nd");
        let got = [0, 1, 2, 4, 5, 6, 99, 3, 0].map(|o| lines.line(o));
        assert_eq!(got, [1, 1, 2, 2, 3, 4, 4, 2, 1]);
        // Every byte value around the newline, in and out of whole words.
        let bytes: Vec<u8> = (0..=255u8).chain([b'\n'; 9]).chain(0..=255).collect();
        for start in 0..9 {
            let slice = &bytes[start..];
            let expect = slice.iter().filter(|&&b| b == b'\n').count();
            assert_eq!(newlines(slice), expect, "from {start}");
        }
    }

    #[test]
    fn xml_elements() {
        let text = "<a>\n<b/>\n\n<c>\n<d/></c>\n<e/></a>";
        let doc = roxmltree::Document::parse(text).unwrap();
        let lines = Lines::new(text);
        let nodes: Vec<_> = doc.descendants().filter(|n| n.is_element()).collect();
        let got: Vec<usize> = nodes.iter().map(|n| lines.of(*n)).collect();
        assert_eq!(got, [1, 2, 4, 5, 6]);
        assert_eq!(lines.of(nodes[1]), 2, "backwards");
        assert_eq!(lines.record(nodes[2], "id", Some("7")), "c id=7 (line 4)");
        assert_eq!(lines.record(nodes[4], "id", None), "e (line 6)");
    }

    #[test]
    fn csv_records() {
        for eol in ["\n", "\r\n"] {
            let text = ["h1,h2", "1,\"two", "lines\"", "2,x", "3,y"].join(eol);
            let lines = Lines::new(&text);
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let got: Vec<usize> = reader
                .records()
                .map(|r| lines.csv_record(r.unwrap().position()))
                .collect();
            assert_eq!(got, [1, 2, 4, 5], "{eol:?}");
        }
    }
}
