//! Plain-text tables: columns padded to the widest cell, no colours, so the
//! output reads well in a terminal and survives `| grep`.
//!
//! A search prints tens of thousands of rows: a row may borrow its cells
//! (`[&str; N]`, or bytes: `[&[u8]; N]`), and [`Table::write_to`] streams
//! the lines into a writer without building the whole text first.

use std::io::{self, Write};

/// The cells of one row: texts, or UTF-8 bytes (a cell that is not UTF-8
/// shows as an empty one).
pub trait Row {
    type Cell: AsRef<[u8]>;
    fn cells(&self) -> &[Self::Cell];
}

impl<S: AsRef<[u8]>> Row for Vec<S> {
    type Cell = S;
    fn cells(&self) -> &[S] {
        self
    }
}

impl<S: AsRef<[u8]>, const N: usize> Row for [S; N] {
    type Cell = S;
    fn cells(&self) -> &[S] {
        self
    }
}

pub struct Table<R = Vec<String>> {
    header: Vec<String>,
    rows: Vec<R>,
}

/// Whether every byte of `s` is printable ASCII, as nearly every cell's:
/// then it shows as many characters as it has bytes, none of them a
/// control character.
fn plain(s: &[u8]) -> bool {
    s.iter()
        .fold(0u8, |bad, &b| bad | u8::from(b.wrapping_sub(0x20) >= 0x5f))
        == 0
}

fn text(cell: &[u8]) -> &str {
    std::str::from_utf8(cell).unwrap_or("")
}

/// How many characters `cell` shows.
fn width(cell: &[u8]) -> usize {
    if plain(cell) {
        cell.len()
    } else {
        text(cell).chars().count()
    }
}

const SPACES: [u8; 64] = [b' '; 64];

fn pad(out: &mut impl Write, mut n: usize) -> io::Result<()> {
    while n > 0 {
        let now = n.min(SPACES.len());
        out.write_all(&SPACES[..now])?;
        n -= now;
    }
    Ok(())
}

impl<R: Row> Table<R> {
    pub fn new(header: Vec<String>) -> Table<R> {
        Table {
            header,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: R) {
        self.rows.push(row);
    }

    pub fn render(&self) -> String {
        let mut out = Vec::new();
        // Writing into memory fails only when memory runs out.
        let _ = self.write_to(&mut out);
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// The table's lines, written one after the other into `out` (give it
    /// a buffered writer).
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h.as_bytes())).collect();
        // A column's width pads the cells before a row's last: the last
        // column's, only when some row is longer than the header.
        let padded = self
            .rows
            .iter()
            .map(|r| r.cells().len())
            .max()
            .unwrap_or(0)
            .max(self.header.len())
            .saturating_sub(1);
        for row in &self.rows {
            for (i, cell) in row.cells().iter().take(padded).enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(width(cell.as_ref()));
                }
            }
        }
        self.write_row(out, &self.header, &widths)?;
        for row in &self.rows {
            self.write_row(out, row.cells(), &widths)?;
        }
        Ok(())
    }

    fn write_row(
        &self,
        out: &mut impl Write,
        row: &[impl AsRef<[u8]>],
        widths: &[usize],
    ) -> io::Result<()> {
        let last = row.len().saturating_sub(1);
        for (i, cell) in row.iter().enumerate() {
            let cell = cell.as_ref();
            let shown = if plain(cell) {
                out.write_all(cell)?;
                cell.len()
            } else {
                // Newlines or tabs in a name must not break the layout.
                let cell = text(cell);
                let clean: String = cell
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                out.write_all(clean.as_bytes())?;
                cell.chars().count()
            };
            if i < last {
                pad(out, widths.get(i).copied().unwrap_or(0) - shown + 2)?;
            }
        }
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn columns_line_up_and_control_characters_are_neutralised() {
        let mut t: Table = Table::new(vec!["NAME".into(), "VERSION".into()]);
        t.push(vec!["hello".into(), "2.12".into()]);
        t.push(vec!["a\nb".into(), "1".into()]);
        assert_eq!(t.render(), "NAME   VERSION\nhello  2.12\na b    1\n");
        // A cell of bytes that are not UTF-8 shows as an empty one.
        let mut bytes: Table<[&[u8]; 2]> = Table::new(vec!["NAME".into(), "VERSION".into()]);
        bytes.push([b"\xffhello", b"1"]);
        bytes.push([b"hi", b"\xc3"]);
        assert_eq!(bytes.render(), "NAME  VERSION\n      1\nhi    \n");
    }

    /// The renderer before rows could borrow their cells and lines were
    /// streamed: what every table printed until then.
    fn render_as_before(header: &[String], rows: &[Vec<String>]) -> String {
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(width(cell));
                }
            }
        }
        let mut out = String::new();
        for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
            let last = row.len().saturating_sub(1);
            for (i, cell) in row.iter().enumerate() {
                if cell.chars().any(char::is_control) {
                    out.extend(cell.chars().map(|c| if c.is_control() { ' ' } else { c }));
                } else {
                    out.push_str(cell);
                }
                if i < last {
                    let pad = widths.get(i).copied().unwrap_or(0) - width(cell) + 2;
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn streamed_borrowed_rows_print_what_the_old_renderer_printed() {
        // Cells of every kind the fast paths tell apart: ASCII, accents and
        // wide characters (width by characters, not bytes), ASCII and
        // C1 control characters, DEL, empty cells, cells wider than the
        // 64 spaces padded at once, and rows shorter than the header.
        let pieces = [
            "hello",
            "",
            "Grüße",
            "日本語",
            "tab\there",
            "line\nbreak",
            "del\u{7f}x",
            "c1\u{85}x",
            "\u{9f}",
            "\u{a0}nbsp",
            "–",
            "installed",
        ];
        let long = "x".repeat(150);
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut seed = 7usize;
        for r in 0..200 {
            let cells = if r % 17 == 0 { 2 } else { 4 };
            let row = (0..cells)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    let a = pieces[(seed >> 33) % pieces.len()];
                    let b = pieces[(seed >> 40) % pieces.len()];
                    if (seed >> 50) % 23 == 0 {
                        format!("{a}{long}")
                    } else {
                        format!("{a}{b}")
                    }
                })
                .collect();
            rows.push(row);
        }
        let header: Vec<String> = ["NAME", "VERSION", "INSTALLIERT", "BESCHREIBUNG"]
            .map(String::from)
            .to_vec();
        let expected = render_as_before(&header, &rows);

        let mut owned: Table = Table::new(header.clone());
        for row in &rows {
            owned.push(row.clone());
        }
        assert_eq!(owned.render(), expected);

        // Borrowed cells, streamed into a writer.
        let mut borrowed: Table<Vec<&str>> = Table::new(header.clone());
        for row in &rows {
            borrowed.push(row.iter().map(String::as_str).collect());
        }
        let mut streamed = Vec::new();
        borrowed.write_to(&mut streamed).expect("written");
        assert_eq!(String::from_utf8(streamed).expect("UTF-8"), expected);

        // Arrays of four, as search prints them.
        let full: Vec<Vec<String>> = rows.iter().filter(|r| r.len() == 4).cloned().collect();
        let mut arrays: Table<[&str; 4]> = Table::new(header.clone());
        for row in &full {
            arrays.push([&row[0], &row[1], &row[2], &row[3]]);
        }
        assert_eq!(arrays.render(), render_as_before(&header, &full));
    }
}
