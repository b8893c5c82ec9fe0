//! Human diagnostics in the style of rustc and ruff, and the coverage summary.

use super::{finding_label, Checked, InputError};
use crate::analysis::{Finding, Status};
use crate::lexicon::{Lexicon, Severity};
use std::fmt::Write as _;

/// ANSI styles, or nothing when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn blue(&self, s: &str) -> String {
        self.paint("1;34", s)
    }
    fn sev(&self, sev: Severity, s: &str) -> String {
        match sev {
            Severity::Error => self.paint("1;31", s),
            Severity::Warning => self.paint("1;33", s),
            Severity::Info => self.paint("1;36", s),
        }
    }
    fn status(&self, st: Status) -> String {
        let s = format!("{:<12}", st.as_str());
        match st {
            Status::Strong => self.paint("32", &s),
            Status::Weak => self.paint("33", &s),
            Status::Missing => self.paint("31", &s),
            Status::NotExpected => self.paint("2", &s),
        }
    }
}

/// One finding as a diagnostic block.
pub fn finding(out: &mut String, c: &Checked, f: &Finding, lex: &Lexicon, st: Style) {
    let rule = &lex.rules[f.rule];
    let sev = f.severity.as_str();
    let _ = writeln!(
        out,
        "{}{} {}",
        st.sev(f.severity, &format!("{sev}[{}]", rule.id)),
        st.bold(":"),
        st.bold(&format!("{} ({})", f.message, f.kind.as_str()))
    );
    let doc = &c.doc;
    match (&f.span, f.paragraph) {
        (Some(span), Some(p)) => {
            let (line, col) = doc.line_col(span.start);
            let label = finding_label(doc, f).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {}:{}:{} ({})",
                st.blue("-->"),
                doc.path,
                line,
                col,
                label
            );
            snippet(out, c, span, line, st, p);
        }
        _ => match (&f.previous, &c.against) {
            (Some(prev), Some(ag)) => {
                let place = crate::compare::removed_anchor(&ag.alignment, prev.index)
                    .map(|d| format!("after {}", doc.paragraphs[d].label))
                    .unwrap_or_else(|| "at the start".to_string());
                let _ = writeln!(
                    out,
                    "  {} {} (paragraph removed; it stood {place} in the draft's numbering)",
                    st.blue("-->"),
                    doc.path
                );
            }
            _ => {
                let _ = writeln!(out, "  {} {} (whole document)", st.blue("-->"), doc.path);
            }
        },
    }
    if let Some(prev) = &f.previous {
        let _ = writeln!(
            out,
            "   {} previous text, {}: {}",
            st.blue("="),
            prev.paragraph,
            prev.excerpt
        );
        if f.kind == crate::analysis::FindingKind::Regressed {
            let now = f
                .paragraph
                .map(|p| super::collapse(&doc.text[doc.paragraphs[p].body.clone()]))
                .unwrap_or_default();
            let d = word_diff(&prev.text, &now, st);
            if !d.is_empty() {
                let _ = writeln!(out, "   {} change: {d}", st.blue("="));
            }
        }
    }
    // The language for this kind of document: mandate language for resolutions
    // and drafts, report wording for reports.
    let suggestion = rule.suggestion_for(doc.kind).trim();
    if !suggestion.is_empty() {
        let _ = writeln!(
            out,
            "   {} help: agreed language: {}",
            st.blue("="),
            suggestion
        );
    }
    let _ = writeln!(out, "   {} source: {}", st.blue("="), rule.source.trim());
    out.push('\n');
}

/// A word-level diff of two paragraph texts, showing each change with a few
/// words of context: deletions struck (`[-old-]` without colour), insertions
/// marked (`{+new+}`).
pub fn word_diff(old: &str, new: &str, st: Style) -> String {
    use similar::{ChangeTag, TextDiff};
    const CONTEXT: usize = 6;
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_words(old, new);
    // Tokens without the white space: (tag, word).
    let toks: Vec<(ChangeTag, &str)> = diff
        .iter_all_changes()
        .filter(|c| !c.value().trim().is_empty())
        .map(|c| (c.tag(), c.value()))
        .collect();
    if toks.iter().all(|t| t.0 == ChangeTag::Equal) {
        return String::new();
    }
    // Runs of one tag; short equal runs between changes ("the", "of") are folded
    // into the change, so a rewritten phrase reads as one deletion and one insertion.
    let mut runs: Vec<(ChangeTag, Vec<&str>)> = Vec::new();
    for (tag, w) in toks {
        match runs.last_mut() {
            Some((t, ws)) if *t == tag => ws.push(w),
            _ => runs.push((tag, vec![w])),
        }
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        if runs[k].0 == ChangeTag::Equal {
            blocks.push(Block::Same(runs[k].1.clone()));
            k += 1;
            continue;
        }
        let (mut del, mut ins) = (Vec::new(), Vec::new());
        let mut j = k;
        loop {
            match runs[j].0 {
                ChangeTag::Delete => del.extend(runs[j].1.iter().copied()),
                ChangeTag::Insert => ins.extend(runs[j].1.iter().copied()),
                ChangeTag::Equal => {
                    del.extend(runs[j].1.iter().copied());
                    ins.extend(runs[j].1.iter().copied());
                }
            }
            j += 1;
            // Continue over a short equal run followed by another change.
            if j + 1 < runs.len() && runs[j].0 == ChangeTag::Equal && runs[j].1.len() <= 2 {
                continue;
            }
            if j < runs.len() && runs[j].0 != ChangeTag::Equal {
                continue;
            }
            break;
        }
        blocks.push(Block::Changed(del, ins));
        k = j;
    }
    let mut out = String::new();
    let last = blocks.len().saturating_sub(1);
    for (i, b) in blocks.iter().enumerate() {
        if !out.is_empty() {
            out.push(' ');
        }
        match b {
            Block::Same(ws) => {
                let n = ws.len();
                if i == 0 && n > CONTEXT {
                    out.push_str("... ");
                    out.push_str(&join_words(&ws[n - CONTEXT..]));
                } else if i == last && n > CONTEXT {
                    out.push_str(&join_words(&ws[..CONTEXT]));
                    out.push_str(" ...");
                } else if n > 2 * CONTEXT {
                    out.push_str(&join_words(&ws[..CONTEXT]));
                    out.push_str(" ... ");
                    out.push_str(&join_words(&ws[n - CONTEXT..]));
                } else {
                    out.push_str(&join_words(ws));
                }
            }
            Block::Changed(del, ins) => {
                let mut parts = Vec::new();
                if !del.is_empty() {
                    let t = join_words(del);
                    parts.push(if st.color {
                        st.paint("9;31", &t)
                    } else {
                        format!("[-{t}-]")
                    });
                }
                if !ins.is_empty() {
                    let t = join_words(ins);
                    parts.push(if st.color {
                        st.paint("4;32", &t)
                    } else {
                        format!("{{+{t}+}}")
                    });
                }
                out.push_str(&parts.join(" "));
            }
        }
    }
    out
}

enum Block<'a> {
    Same(Vec<&'a str>),
    Changed(Vec<&'a str>, Vec<&'a str>),
}

/// Joins word tokens with spaces, without a space before punctuation.
fn join_words(words: &[&str]) -> String {
    let mut s = String::new();
    for w in words {
        let punct = w
            .chars()
            .all(|c| matches!(c, ',' | ';' | ':' | '.' | ')' | '’' | '\''));
        if !s.is_empty() && !punct {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

/// The source line with the span marked. Long lines (one paragraph per line) are
/// shown as a window around the span.
fn snippet(
    out: &mut String,
    c: &Checked,
    span: &std::ops::Range<usize>,
    line: u32,
    st: Style,
    _p: usize,
) {
    let doc = &c.doc;
    let ls = doc.line_starts[(line - 1) as usize];
    let le = doc.text[ls..].find('\n').map_or(doc.text.len(), |i| ls + i);
    let s = span.start.clamp(ls, le);
    let e = span.end.clamp(s, le);
    let chars_before = doc.text[ls..s].chars().count();
    let marked = doc.text[s..e].chars().count().max(1);
    let width = 100usize;
    let (from_char, prefix) = if chars_before > 40 && doc.text[ls..le].chars().count() > width {
        (chars_before - 30, "...")
    } else {
        (0, "")
    };
    let visible: String = doc.text[ls..le]
        .chars()
        .skip(from_char)
        .take(width)
        .collect();
    let suffix = if doc.text[ls..le].chars().count() > from_char + width {
        "..."
    } else {
        ""
    };
    let visible = visible.replace('\t', " ");
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let _ = writeln!(out, "{pad} {}", st.blue("|"));
    let _ = writeln!(
        out,
        "{} {} {prefix}{visible}{suffix}",
        st.blue(&gutter),
        st.blue("|")
    );
    let caret_at = prefix.len() + chars_before - from_char;
    let caret_len = marked.min(width.saturating_sub(caret_at - prefix.len()).max(1));
    let _ = writeln!(
        out,
        "{pad} {} {}{}",
        st.blue("|"),
        " ".repeat(caret_at),
        st.paint("1;33", &"^".repeat(caret_len))
    );
}

/// The one-screen coverage summary of a document.
pub fn summary(out: &mut String, c: &Checked, lex: &Lexicon, st: Style) {
    let doc = &c.doc;
    let a = &c.analysis;
    let mut head = format!("{}  {}", st.bold(&doc.path), doc.kind.as_str());
    if let Some(s) = &doc.meta.symbol {
        let _ = write!(head, "  {s}");
    }
    if let Some(m) = &doc.meta.mission {
        let _ = write!(head, "  {m}");
    }
    let _ = write!(
        head,
        "  profile {}{}",
        lex.profiles[a.profile].id,
        if a.profile_detected { "" } else { " (given)" }
    );
    let _ = writeln!(out, "{head}");
    let _ = writeln!(
        out,
        "  {:<16}{:<13}{:<10}{:<10}where",
        "area", "status", "evidence", "findings"
    );
    for ar in &a.areas {
        if ar.status == Status::NotExpected && ar.evidence.is_empty() {
            continue;
        }
        let n_find = a.findings.iter().filter(|f| f.area == ar.area).count();
        let mut wher: Vec<String> = Vec::new();
        for e in &ar.evidence {
            let l = doc.paragraphs[e.paragraph].label.to_string();
            if !wher.contains(&l) {
                wher.push(l);
            }
        }
        let more = wher.len().saturating_sub(4);
        wher.truncate(4);
        let mut w = wher.join(", ");
        if more > 0 {
            let _ = write!(w, " +{more}");
        }
        let _ = writeln!(
            out,
            "  {:<16}{} {:<10}{:<10}{}",
            lex.areas[ar.area].id,
            st.status(ar.status),
            ar.evidence.len(),
            n_find,
            w
        );
    }
    if let Some(ag) = &c.against {
        let _ = writeln!(
            out,
            "  compared with {}{}: WPS paragraphs",
            ag.doc.path,
            ag.doc
                .meta
                .symbol
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "  {:<22}{:<22}{:<11}areas",
            "previous", "draft", "change"
        );
        for r in &ag.relevant {
            let l = &ag.alignment.links[r.link];
            let pl = l
                .previous
                .map_or("-".to_string(), |p| ag.doc.paragraphs[p].label.to_string());
            let dl = l
                .draft
                .map_or("-".to_string(), |d| doc.paragraphs[d].label.to_string());
            let mut change = l.change.as_str().to_string();
            if l.change == crate::compare::Change::Moved && l.modified {
                change.push('*');
            }
            if l.kind != crate::compare::LinkKind::Pair {
                change = format!("{:?}", l.kind).to_lowercase();
            }
            let areas: Vec<&str> = r.areas.iter().map(|&a| lex.areas[a].id.as_str()).collect();
            let _ = writeln!(
                out,
                "  {:<22}{:<22}{:<11}{}",
                pl,
                dl,
                change,
                areas.join(", ")
            );
        }
        if !ag.carried_over.is_empty() {
            let _ = writeln!(
                out,
                "  {} finding(s) the previous text already had are not repeated (--include-unchanged shows them)",
                ag.carried_over.len()
            );
        }
    }
    let count = |s: Severity| a.findings.iter().filter(|f| f.severity == s).count();
    let _ = writeln!(
        out,
        "  {} paragraphs; findings: {} error, {} warning, {} info",
        doc.paragraphs.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    out.push('\n');
}

/// What the reader was unsure of in a document's structure (paragraphs run
/// together, numbers missing, text cut short), one note a line, so that paragraph
/// references are checked before they are cited.
pub fn structure_notes(out: &mut String, c: &Checked, st: Style) {
    for w in &c.doc.warnings {
        let _ = writeln!(
            out,
            "{}{} {}: {w}",
            st.sev(Severity::Info, "note"),
            st.bold(":"),
            c.doc.path
        );
    }
}

/// The full human report: diagnostics, then each document's summary, then errors.
pub fn render(
    checked: &[Checked],
    errors: &[InputError],
    lex: &Lexicon,
    st: Style,
    show_summary: bool,
    min_severity: Severity,
) -> String {
    let mut out = String::new();
    for c in checked {
        for f in &c.analysis.findings {
            if f.severity >= min_severity {
                finding(&mut out, c, f, lex, st);
            }
        }
    }
    if show_summary {
        for c in checked {
            summary(&mut out, c, lex, st);
        }
    }
    for c in checked {
        structure_notes(&mut out, c, st);
    }
    for e in errors {
        let _ = writeln!(
            out,
            "{}{} {}: {}",
            st.sev(Severity::Error, "error"),
            st.bold(":"),
            e.path,
            e.message
        );
    }
    out
}
