//! A small CSV reader and writer (RFC 4180: quoted fields may hold commas, quotes and new lines).

/// Parses CSV text into rows of fields. A byte-order mark at the start is skipped.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut line = 1;
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line += 1;
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                any = false;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(format!("a quoted field is not closed before the end of the file (from line {line})"));
    }
    if any {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// One CSV field, quoted when it needs to be.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A table read from CSV with a header row.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut rows = parse(text)?;
        if rows.is_empty() {
            return Err("the file is empty".into());
        }
        let header: Vec<String> = rows.remove(0).into_iter().map(|h| h.trim().to_string()).collect();
        rows.retain(|r| !(r.len() == 1 && r[0].is_empty()));
        Ok(Table { header, rows })
    }

    /// The index of a named column, with a clear message naming the columns there are.
    pub fn column(&self, name: &str) -> Result<usize, String> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("there is no column \u{201c}{name}\u{201d}; the columns are: {}", self.header.join(", ")))
    }

    pub fn cell<'a>(&'a self, row: &'a [String], col: usize) -> &'a str {
        row.get(col).map(String::as_str).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_commas_and_new_lines() {
        let rows = parse("id,text\r\n1,\"Hello, \"\"world\"\"\nagain\"\n2,plain\n").unwrap();
        assert_eq!(rows, vec![vec!["id", "text"], vec!["1", "Hello, \"world\"\nagain"], vec!["2", "plain"]]);
        assert!(parse("a,\"open").is_err());
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        let t = Table::parse("\u{feff}id,text\n1,x\n").unwrap();
        assert_eq!(t.column("text").unwrap(), 1);
        assert!(t.column("body").unwrap_err().contains("id, text"));
    }
}
