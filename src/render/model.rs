//! The output document model: what a rendered template says, independent of the
//! output format. The block markup parser builds it; the DOCX and PDF writers consume it.

/// A run of text in one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// Inline text: styled runs.
pub type Inline = Vec<Span>;

/// The plain text of inline runs.
pub fn plain(inline: &[Span]) -> String {
    inline.iter().map(|s| s.text.as_str()).collect()
}

/// The Council masthead of the first page (layout of seed 001).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Masthead {
    /// The organ, "Security Council" unless the template says otherwise.
    pub organ: String,
    pub symbol: String,
    /// "General" or "Limited".
    pub distribution: String,
    pub date: String,
    pub original: String,
}

/// How a plain paragraph is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Justified body text.
    Justify,
    Left,
    Center,
    Right,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Masthead(Masthead),
    /// The document title (bold, below the masthead).
    Title(Inline),
    /// A heading: level 1 (section, bold) or 2 (sub-section, italic bold).
    Heading {
        level: u8,
        text: Inline,
    },
    /// A body paragraph.
    Para {
        text: Inline,
        align: Align,
    },
    /// An indented quotation (agreed language, model text).
    Quote(Inline),
    /// A small note line (sources, references).
    Note(Inline),
    /// A numbered paragraph: `number` is computed by the parser (1, 2, ...), restarting
    /// in each annex; DOCX numbers it with Word's own list numbering.
    Numbered {
        number: u32,
        text: Inline,
    },
    /// A lettered sub-paragraph (a), (b)... under the last numbered paragraph.
    Lettered {
        letter: u32,
        text: Inline,
    },
    Bullet(Inline),
    /// A table; the first row is the header when `header` is set.
    Table {
        rows: Vec<Vec<Inline>>,
        header: bool,
    },
    /// Lines set as they are (an address): left-aligned, no space between them.
    Lines(Vec<Inline>),
    /// A signature block: its lines are kept together on one page.
    Signature(Vec<Inline>),
    PageBreak,
    /// An annex: starts a page, "Annex" (with its number when several) then the title.
    Annex {
        label: String,
        title: Inline,
    },
}

/// Document properties.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Meta {
    pub title: String,
    pub author: String,
    /// The symbol printed in the running head (from the masthead or `::meta`).
    pub symbol: String,
}

/// A rendered document.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Doc {
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

impl Doc {
    /// All the text, one block per line (tests, debugging).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            match b {
                Block::Masthead(m) => {
                    out.push_str(&format!(
                        "{} {} Distr.: {} {} Original: {}\n",
                        m.organ, m.symbol, m.distribution, m.date, m.original
                    ));
                }
                Block::Title(t)
                | Block::Heading { text: t, .. }
                | Block::Para { text: t, .. }
                | Block::Quote(t)
                | Block::Note(t)
                | Block::Bullet(t) => {
                    out.push_str(&plain(t));
                    out.push('\n');
                }
                Block::Numbered { number, text } => {
                    out.push_str(&format!("{number}. {}\n", plain(text)));
                }
                Block::Lettered { letter, text } => {
                    out.push_str(&format!("({}) {}\n", letter_label(*letter), plain(text)));
                }
                Block::Table { rows, .. } => {
                    for r in rows {
                        let cells: Vec<String> = r.iter().map(|c| plain(c)).collect();
                        out.push_str(&cells.join(" | "));
                        out.push('\n');
                    }
                }
                Block::Signature(lines) | Block::Lines(lines) => {
                    for l in lines {
                        out.push_str(&plain(l));
                        out.push('\n');
                    }
                }
                Block::PageBreak => out.push_str("\u{c}\n"),
                Block::Annex { label, title } => {
                    out.push_str(&format!("{label}\n{}\n", plain(title)));
                }
            }
        }
        out
    }
}

/// a, b, ..., z, aa, bb ... (the UN's lettering after z).
pub fn letter_label(n: u32) -> String {
    let n = n.max(1) - 1;
    let c = (b'a' + (n % 26) as u8) as char;
    std::iter::repeat_n(c, (n / 26 + 1) as usize).collect()
}
