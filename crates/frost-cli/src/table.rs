//! Plain-text tables: columns padded to the widest cell, no colours, so the
//! output reads well in a terminal and survives `| grep`.

pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: Vec<String>) -> Table {
        Table {
            header,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    pub fn render(&self) -> String {
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(width(cell));
                }
            }
        }
        let mut out = String::with_capacity(
            self.rows.len() * (widths.iter().sum::<usize>() + 2 * widths.len() + 1),
        );
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let last = row.len().saturating_sub(1);
            for (i, cell) in row.iter().enumerate() {
                // Newlines or tabs in a name must not break the layout.
                // Most cells have none: they are copied as they are (a
                // search prints tens of thousands of rows).
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
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn columns_line_up_and_control_characters_are_neutralised() {
        let mut t = Table::new(vec!["NAME".into(), "VERSION".into()]);
        t.push(vec!["hello".into(), "2.12".into()]);
        t.push(vec!["a\nb".into(), "1".into()]);
        assert_eq!(t.render(), "NAME   VERSION\nhello  2.12\na b    1\n");
    }
}
