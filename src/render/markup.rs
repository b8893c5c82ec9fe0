//! The block markup templates produce, parsed into the output model.
//!
//! Blocks are separated by blank lines. A block starts with `::kind` (the rest of
//! that line and the following lines are its content) or is a plain justified
//! paragraph. Inline: `**bold**`, `*italic*`, `\x` for a literal `x`. Values from the
//! data are escaped before they reach this parser (see [`escape`]): they can never
//! start a block, open a style or split a table cell.
//!
//! | block | content |
//! |---|---|
//! | `::meta` | `title: ...`, `author: ...`, `symbol: ...` lines |
//! | `::masthead` | `symbol:`, `date:`, `distribution:` (General), `original:` (English), `organ:` (Security Council) |
//! | `::title`, `::heading`, `::subheading` | one line of text |
//! | `::para` (or none), `::left`, `::center`, `::right` | a paragraph |
//! | `::quote` | indented paragraph (agreed language) |
//! | `::note` | small print |
//! | `::numbered`, `::lettered`, `::bullet` | one list item |
//! | `::table`, `::table noheader` | one row a line, cells separated by `\|` |
//! | `::signature` | one line a line, kept on one page |
//! | `::lines` | one line a line (an address) |
//! | `::pagebreak` | nothing |
//! | `::annex` | the annex title; starts a page, restarts paragraph numbers |

use super::model::{Align, Block, Doc, Inline, Masthead, Span};

/// A markup error: the line of the rendered text and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub line: usize,
    pub message: String,
}

/// Escapes a data value so the markup reads it as literal text: markup characters
/// get a backslash, line breaks become spaces (a value is always inline text).
pub fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\\' | '*' | '|' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' | '\u{b}' | '\u{c}' => out.push(' '),
            c if not_text(c) => {}
            c => out.push(c),
        }
    }
}

/// A character no document text has.
fn not_text(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Parses inline markup into styled runs; white space is collapsed.
pub fn inline(s: &str) -> Inline {
    let mut runs: Inline = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    let flush = |cur: &mut String, runs: &mut Inline, bold: bool, italic: bool| {
        if cur.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(cur),
            _ => runs.push(Span {
                text: cur.clone(),
                bold,
                italic,
            }),
        }
        cur.clear();
    };
    let mut last_space = true;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    last_space = false;
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                flush(&mut cur, &mut runs, bold, italic);
                bold = !bold;
            }
            '*' => {
                flush(&mut cur, &mut runs, bold, italic);
                italic = !italic;
            }
            c if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' => {
                if !last_space {
                    cur.push(' ');
                    last_space = true;
                }
            }
            c => {
                cur.push(c);
                last_space = false;
            }
        }
    }
    flush(&mut cur, &mut runs, bold, italic);
    // Trim the trailing space of the last run.
    if let Some(last) = runs.last_mut() {
        let t = last.text.trim_end().len();
        last.text.truncate(t);
        if last.text.is_empty() {
            runs.pop();
        }
    }
    runs
}

/// Splits `s` at unescaped occurrences of `sep`, keeping escapes.
fn split_unescaped(s: &str, sep: char, max: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut esc = false;
    for (i, c) in s.char_indices() {
        if esc {
            esc = false;
            continue;
        }
        if c == '\\' {
            esc = true;
        } else if c == sep && parts.len() + 1 < max {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

fn key_values(
    lines: &[(usize, &str)],
    keys: &[&str],
    kind: &str,
) -> Result<Vec<(String, String)>, MarkupError> {
    let mut out = Vec::new();
    for &(n, l) in lines {
        let kv = split_unescaped(l, ':', 2);
        if kv.len() != 2 {
            return Err(MarkupError {
                line: n,
                message: format!(
                    "`::{kind}` expects `key: value` lines, found `{}`",
                    l.trim()
                ),
            });
        }
        let key = kv[0].trim().to_ascii_lowercase();
        if !keys.contains(&key.as_str()) {
            return Err(MarkupError {
                line: n,
                message: format!(
                    "`::{kind}` has no field `{key}` (known: {})",
                    keys.join(", ")
                ),
            });
        }
        out.push((key, super::model::plain(&inline(kv[1]))));
    }
    Ok(out)
}

/// Parses rendered template text into a document.
pub fn parse(src: &str) -> Result<Doc, MarkupError> {
    // Characters XML 1.0 cannot carry (control characters, U+FFFE, U+FFFF) never
    // reach the model: a template's own text may hold them, and the DOCX would
    // not open. Line breaks and tabs are kept (line numbers stay right).
    let cleaned: String;
    let src = if src.chars().any(not_text) {
        cleaned = src.chars().filter(|&c| !not_text(c)).collect();
        cleaned.as_str()
    } else {
        src
    };
    let mut doc = Doc::default();
    let mut number = 0u32;
    let mut letter = 0u32;
    let mut annexes = 0usize;
    let lines: Vec<(usize, &str)> = src.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].1.trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].1.trim().is_empty() {
            i += 1;
        }
        let block = &lines[start..i];
        let (first_no, first) = block[0];
        let first = first.trim_start();
        let (kind, arg, rest): (&str, &str, &[(usize, &str)]) =
            if let Some(d) = first.strip_prefix("::") {
                let (k, a) = d.split_once(char::is_whitespace).unwrap_or((d, ""));
                (k, a.trim(), &block[1..])
            } else {
                ("para", first, &block[1..])
            };
        let text_of = |arg: &str, rest: &[(usize, &str)]| {
            let mut s = arg.to_string();
            for (_, l) in rest {
                s.push(' ');
                s.push_str(l.trim());
            }
            inline(&s)
        };
        let err = |message: String| MarkupError {
            line: first_no,
            message,
        };
        match kind {
            "meta" => {
                let mut all: Vec<(usize, &str)> = Vec::new();
                if !arg.is_empty() {
                    all.push((first_no, arg));
                }
                all.extend_from_slice(rest);
                for (k, v) in key_values(&all, &["title", "author", "symbol"], "meta")? {
                    match k.as_str() {
                        "title" => doc.meta.title = v,
                        "author" => doc.meta.author = v,
                        _ => doc.meta.symbol = v,
                    }
                }
            }
            "masthead" => {
                let mut m = Masthead {
                    organ: "Security Council".into(),
                    distribution: "General".into(),
                    original: "English".into(),
                    ..Masthead::default()
                };
                for (k, v) in key_values(
                    rest,
                    &["symbol", "date", "distribution", "original", "organ"],
                    "masthead",
                )? {
                    match k.as_str() {
                        "symbol" => m.symbol = v,
                        "date" => m.date = v,
                        "distribution" => m.distribution = v,
                        "original" => m.original = v,
                        _ => m.organ = v,
                    }
                }
                if doc.meta.symbol.is_empty() {
                    doc.meta.symbol = m.symbol.clone();
                }
                doc.blocks.push(Block::Masthead(m));
            }
            "title" => doc.blocks.push(Block::Title(text_of(arg, rest))),
            "heading" => doc.blocks.push(Block::Heading {
                level: 1,
                text: text_of(arg, rest),
            }),
            "subheading" => doc.blocks.push(Block::Heading {
                level: 2,
                text: text_of(arg, rest),
            }),
            "para" | "left" | "center" | "right" => {
                let align = match kind {
                    "left" => Align::Left,
                    "center" => Align::Center,
                    "right" => Align::Right,
                    _ => Align::Justify,
                };
                let text = text_of(arg, rest);
                if !text.is_empty() {
                    doc.blocks.push(Block::Para { text, align });
                }
            }
            "quote" => doc.blocks.push(Block::Quote(text_of(arg, rest))),
            "note" => doc.blocks.push(Block::Note(text_of(arg, rest))),
            "numbered" => {
                number += 1;
                letter = 0;
                doc.blocks.push(Block::Numbered {
                    number,
                    text: text_of(arg, rest),
                });
            }
            "lettered" => {
                letter += 1;
                doc.blocks.push(Block::Lettered {
                    letter,
                    text: text_of(arg, rest),
                });
            }
            "bullet" => doc.blocks.push(Block::Bullet(text_of(arg, rest))),
            "table" => {
                let header = match arg {
                    "" | "header" => true,
                    "noheader" => false,
                    other => {
                        return Err(err(format!(
                            "`::table {other}`: expected `header` or `noheader`"
                        )))
                    }
                };
                let rows: Vec<Vec<Inline>> = rest
                    .iter()
                    .map(|(_, l)| {
                        split_unescaped(l, '|', usize::MAX)
                            .into_iter()
                            .map(inline)
                            .collect()
                    })
                    .collect();
                if rows.is_empty() {
                    return Err(err("`::table` has no rows".into()));
                }
                let width = rows[0].len();
                if let Some((n, _)) = rest
                    .iter()
                    .zip(&rows)
                    .find(|(_, r)| r.len() != width)
                    .map(|(l, _)| *l)
                {
                    return Err(MarkupError {
                        line: n,
                        message: format!(
                            "table row has a different number of cells than the first ({width})"
                        ),
                    });
                }
                doc.blocks.push(Block::Table { rows, header });
            }
            "signature" => {
                let mut ls: Vec<Inline> = Vec::new();
                if !arg.is_empty() {
                    ls.push(inline(arg));
                }
                ls.extend(rest.iter().map(|(_, l)| inline(l)));
                doc.blocks.push(Block::Signature(ls));
            }
            "lines" => {
                let mut ls: Vec<Inline> = Vec::new();
                if !arg.is_empty() {
                    ls.push(inline(arg));
                }
                ls.extend(rest.iter().map(|(_, l)| inline(l)));
                doc.blocks.push(Block::Lines(ls));
            }
            "pagebreak" => doc.blocks.push(Block::PageBreak),
            "annex" => {
                annexes += 1;
                number = 0;
                letter = 0;
                doc.blocks.push(Block::Annex {
                    label: "Annex".into(),
                    title: text_of(arg, rest),
                });
            }
            other => return Err(err(format!("unknown block `::{other}`"))),
        }
    }
    if annexes > 1 {
        let mut k = 0;
        for b in &mut doc.blocks {
            if let Block::Annex { label, .. } = b {
                k += 1;
                *label = format!(
                    "Annex {}",
                    crate::read::docx::roman(k as i64).unwrap_or_else(|| k.to_string())
                );
            }
        }
    }
    if doc.meta.title.is_empty() {
        if let Some(t) = doc.blocks.iter().find_map(|b| match b {
            Block::Title(t) => Some(super::model::plain(t)),
            _ => None,
        }) {
            doc.meta.title = t;
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::model::plain;

    #[test]
    fn escaped_data_stays_text() {
        let mut s = String::from("::numbered ");
        escape("**not bold** | :: a\n::pagebreak \\", &mut s);
        let doc = parse(&s).unwrap();
        assert_eq!(doc.blocks.len(), 1);
        match &doc.blocks[0] {
            Block::Numbered { number: 1, text } => {
                assert_eq!(text.len(), 1);
                assert!(!text[0].bold);
                assert_eq!(plain(text), "**not bold** | :: a ::pagebreak \\");
            }
            b => panic!("{b:?}"),
        }
    }

    #[test]
    fn numbering_restarts_in_annex_and_letters_under_numbers() {
        let doc = parse("::numbered a\n\n::lettered b\n\n::lettered c\n\n::numbered d\n\n::lettered e\n\n::annex T\n\n::numbered f").unwrap();
        let got: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Numbered { number, .. } => number.to_string(),
                Block::Lettered { letter, .. } => crate::render::model::letter_label(*letter),
                Block::Annex { label, .. } => label.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(got, ["1", "a", "b", "2", "a", "Annex", "1"]);
    }

    #[test]
    fn inline_styles_and_errors() {
        let t = inline("Román  **Oyarzun** *(Signed)*");
        assert_eq!(t.len(), 4);
        assert!(t[1].bold && t[1].text == "Oyarzun");
        assert!(t[3].italic && t[3].text == "(Signed)");
        let e = parse("x\n\n::tabel\na").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("::tabel"), "{}", e.message);
        let e = parse("::table\na | b\nc").unwrap_err();
        assert_eq!(e.line, 3);
    }
}
