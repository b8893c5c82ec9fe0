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
        _ => {
            let _ = writeln!(out, "  {} {} (whole document)", st.blue("-->"), doc.path);
        }
    }
    if let Some(prev) = &f.previous {
        let _ = writeln!(
            out,
            "   {} previous text, {}: {}",
            st.blue("="),
            prev.paragraph,
            prev.excerpt
        );
    }
    let _ = writeln!(
        out,
        "   {} help: agreed language: {}",
        st.blue("="),
        rule.suggestion.trim()
    );
    let _ = writeln!(out, "   {} source: {}", st.blue("="), rule.source.trim());
    out.push('\n');
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
