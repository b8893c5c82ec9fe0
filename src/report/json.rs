//! The JSON contract of `wpslens check --format json` (version 1). Field names are
//! a public interface: extend, never rename.

use super::{excerpt, finding_label, Checked, InputError};
use crate::analysis::{Finding, Reference};
use crate::lexicon::Lexicon;
use serde_json::{json, Value};

pub fn finding_json(c: &Checked, f: &Finding, lex: &Lexicon) -> Value {
    let rule = &lex.rules[f.rule];
    let (line, column) = match &f.span {
        Some(s) => {
            let (l, col) = c.doc.line_col(s.start);
            (json!(l), json!(col))
        }
        None => (Value::Null, Value::Null),
    };
    let ex = match (f.paragraph, &f.span) {
        (Some(p), Some(s)) => json!(excerpt(&c.doc, p, s)),
        _ => Value::Null,
    };
    let mut v = json!({
        "rule": rule.id,
        "area": lex.areas[f.area].id,
        "kind": f.kind.as_str(),
        "severity": f.severity.as_str(),
        "reason": f.reason.as_str(),
        "title": rule.title,
        "paragraph": finding_label(&c.doc, f),
        "line": line,
        "column": column,
        "excerpt": ex,
        "message": f.message,
        // The language for this kind of document (report wording for reports).
        "suggestion": rule.suggestion_for(c.doc.kind),
        "source": rule.source,
    });
    if let Some(prev) = &f.previous {
        v["previous"] = json!({"paragraph": prev.paragraph, "excerpt": prev.excerpt});
    }
    v
}

/// One WPS reference: where it stands, its area, and the force that governs it.
pub fn reference_json(c: &Checked, r: &Reference, lex: &Lexicon) -> Value {
    let doc = &c.doc;
    let para = &doc.paragraphs[r.paragraph];
    let (line, column) = doc.line_col(r.span.start);
    let area = &lex.refs.areas[r.area];
    json!({
        "area": area.id,
        "graded": area.graded,
        "paragraph": para.label.to_string(),
        "part": para.part,
        "text": super::collapse(&doc.text[r.span.clone()]),
        "span": [r.span.start, r.span.end],
        "line": line,
        "column": column,
        "via": r.via.as_str(),
        "rule": r.rule.map(|ri| lex.rules[ri].id.as_str()),
        "verb": r.verb_text,
        "verb_level": r.verb.map(|s| lex.level_name(s)),
        "verb_from_lead_in": r.verb_from_lead_in,
        "hedges": r.hedges,
        "bracketed": r.bracketed,
    })
}

pub fn document_json(c: &Checked, lex: &Lexicon) -> Value {
    let doc = &c.doc;
    let a = &c.analysis;
    let areas: Vec<Value> = a
        .areas
        .iter()
        .map(|ar| {
            let evidence: Vec<Value> = ar
                .evidence
                .iter()
                .map(|e| {
                    let (line, column) = doc.line_col(e.span.start);
                    json!({
                        "paragraph": doc.paragraphs[e.paragraph].label.to_string(),
                        "rule": lex.rules[e.rule].id,
                        "text": super::collapse(&doc.text[e.span.clone()]),
                        "strong": e.strong,
                        "line": line,
                        "column": column,
                    })
                })
                .collect();
            json!({
                "area": lex.areas[ar.area].id,
                "name": lex.areas[ar.area].name,
                "status": ar.status.as_str(),
                "expected": ar.expected,
                "evidence": evidence,
            })
        })
        .collect();
    let findings: Vec<Value> = a.findings.iter().map(|f| finding_json(c, f, lex)).collect();
    let references: Vec<Value> = a
        .references
        .iter()
        .map(|r| reference_json(c, r, lex))
        .collect();
    let mut v = json!({
        "path": doc.path,
        "kind": doc.kind.as_str(),
        "symbol": doc.meta.symbol,
        "date": doc.meta.date,
        "year": doc.meta.year,
        "mission": doc.meta.mission,
        "profile": lex.profiles[a.profile].id,
        "profile_detected": a.profile_detected,
        "paragraphs": doc.paragraphs.len(),
        "areas": areas,
        "findings": findings,
        "references": references,
        "warnings": doc.warnings,
    });
    if let Some(ag) = &c.against {
        let links: Vec<Value> = ag
            .relevant
            .iter()
            .map(|r| {
                let l = &ag.alignment.links[r.link];
                json!({
                    "previous": l.previous.map(|p| ag.doc.paragraphs[p].label.to_string()),
                    "draft": l.draft.map(|d| doc.paragraphs[d].label.to_string()),
                    "change": l.change.as_str(),
                    "modified": l.modified,
                    "link": l.kind,
                    "similarity": (l.similarity * 100.0).round() / 100.0,
                    "areas": r.areas.iter().map(|&a| lex.areas[a].id.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect();
        v["comparison"] = json!({
            "previous": {
                "path": ag.doc.path,
                "kind": ag.doc.kind.as_str(),
                "symbol": ag.doc.meta.symbol,
                "date": ag.doc.meta.date,
                "year": ag.doc.meta.year,
                "warnings": ag.doc.warnings,
            },
            "paragraphs": links,
            "carried_over": ag.carried_over.iter().map(|f| finding_json(c, f, lex)).collect::<Vec<_>>(),
        });
    }
    v
}

/// The whole `check` output.
pub fn render(checked: &[Checked], errors: &[InputError], lex: &Lexicon) -> String {
    let docs: Vec<Value> = checked.iter().map(|c| document_json(c, lex)).collect();
    let errs: Vec<Value> = errors
        .iter()
        .map(|e| json!({"path": e.path, "message": e.message}))
        .collect();
    let v = json!({
        "version": 1,
        "tool": {"name": "wpslens", "version": env!("CARGO_PKG_VERSION")},
        "lexicon": {"name": lex.name, "version": lex.version, "origin": lex.origin},
        "documents": docs,
        "errors": errs,
    });
    let mut s = serde_json::to_string_pretty(&v).expect("JSON values always serialise");
    s.push('\n');
    s
}
