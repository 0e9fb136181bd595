//! Chorus's one CSV codec, for every file it reads or writes (answers for themes, paper responses,
//! schools, exports), on the `csv` crate: RFC 4180, so quoted fields may hold commas, quotes and new
//! lines. Every field written is made safe for spreadsheets first ([`defuse`]).

use std::borrow::Cow;

/// One row of a file, with the line it starts on (for messages that say where a problem is).
#[derive(Debug, PartialEq, Eq)]
pub struct Record {
    pub line: u64,
    pub fields: Vec<String>,
}

/// Every row of CSV text, rows of any length. A byte-order mark at the start is skipped; a quoted
/// field still open at the end of the text is an error, as the rest of the file would vanish into it.
pub fn records(text: &str) -> Result<Vec<Record>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(true) => out.push(Record { line, fields: record.iter().map(str::to_owned).collect() }),
            Ok(false) => break,
            Err(e) => return Err(format!("line {line}: {e}")),
        }
    }
    if let Some(last) = out.last() {
        if ends_inside_quotes(&text[offset_of_line(text, last.line)..]) {
            return Err(format!("a quoted field is not closed before the end of the file (from line {})", last.line));
        }
    }
    Ok(out)
}

/// Where line `line` (counted from 1) starts in `text`.
fn offset_of_line(text: &str, line: u64) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n').nth((line - 2) as usize).map_or(text.len(), |(i, _)| i + 1)
}

/// Whether the last row, read from its start, leaves a quoted field open. The `csv` crate reads
/// such a field to the end of the text without a word, so this one check is made here.
fn ends_inside_quotes(row: &str) -> bool {
    let (mut quoted, mut field_start, mut closed) = (false, true, false);
    for c in row.chars() {
        match c {
            '"' if quoted => (quoted, closed) = (false, true),
            // A doubled quote inside a quoted field: the field goes on.
            '"' if closed => (quoted, closed) = (true, false),
            '"' if field_start => quoted = true,
            ',' | '\n' | '\r' if !quoted => {
                (field_start, closed) = (true, false);
                continue;
            }
            _ => closed = false,
        }
        field_start = false;
    }
    quoted
}

/// A value as a spreadsheet will read it without running it: one that would start a formula
/// (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, unless it is a
/// number ("-5" stays a number).
pub fn defuse(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) && value.parse::<f64>().is_err() {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// How a row ends: CRLF as RFC 4180 has it (the exports, which spreadsheets open), or a plain
/// new line (what `chorus themes` has always written, for tools that read lines).
#[derive(Clone, Copy)]
pub enum Ending {
    Crlf,
    Lf,
}

/// One row of CSV, each field made safe with [`defuse`] and quoted where it must be, ending in
/// CRLF.
pub fn line<S: AsRef<str>>(fields: impl IntoIterator<Item = S>) -> String {
    row(fields, Ending::Crlf)
}

/// One row of CSV as [`line`] writes it, with the given ending.
pub fn row<S: AsRef<str>>(fields: impl IntoIterator<Item = S>, ending: Ending) -> String {
    let terminator = match ending {
        Ending::Crlf => csv::Terminator::CRLF,
        Ending::Lf => csv::Terminator::Any(b'\n'),
    };
    let mut writer = csv::WriterBuilder::new().terminator(terminator).buffer_capacity(256).from_writer(Vec::new());
    writer.write_record(fields.into_iter().map(|f| defuse(f.as_ref()).into_owned())).expect("writing to memory cannot fail");
    String::from_utf8(writer.into_inner().expect("writing to memory cannot fail")).expect("fields were text")
}

/// One field as [`line`] writes it.
pub fn field(value: &str) -> String {
    line([value]).trim_end_matches("\r\n").to_string()
}

/// A table read from CSV with a header row.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut rows: Vec<Vec<String>> = records(text)?.into_iter().map(|r| r.fields).collect();
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
        let rows: Vec<Vec<String>> =
            records("id,text\r\n1,\"Hello, \"\"world\"\"\nagain\"\n2,plain\n").unwrap().into_iter().map(|r| r.fields).collect();
        assert_eq!(rows, vec![vec!["id", "text"], vec!["1", "Hello, \"world\"\nagain"], vec!["2", "plain"]]);
        assert!(records("a,\"open").is_err());
        assert!(records("a,b\n1,\"still \"\"open\"\"\n2,x").is_err());
        assert!(records("a,\"closed \"\"twice\"\"\"\n").is_ok());
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        let t = Table::parse("\u{feff}id,text\n1,x\n").unwrap();
        assert_eq!(t.column("text").unwrap(), 1);
        assert!(t.column("body").unwrap_err().contains("id, text"));
    }

    #[test]
    fn each_row_knows_the_line_it_starts_on() {
        let lines: Vec<u64> = records("a,b\n\"two\nlines\",c\nd,e\n").unwrap().iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 4]);
    }

    #[test]
    fn fields_are_quoted_and_formulas_are_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("she said \"no\""), "\"she said \"\"no\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-5"), "-5", "negative numbers stay numbers");
        assert_eq!(line(["1", "+cmd", "two\nlines"]), "1,'+cmd,\"two\nlines\"\r\n");
    }
}
