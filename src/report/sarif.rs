//! SARIF 2.1.0 output, so code-review and CI tools show findings.

use super::{excerpt, finding_label, Checked, InputError};
use crate::lexicon::{Lexicon, Severity};
use serde_json::{json, Value};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(checked: &[Checked], errors: &[InputError], lex: &Lexicon) -> String {
    let rules: Vec<Value> = lex
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.title,
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.summary},
                "help": {"text": match &r.suggestion_report {
                    None => format!("{}\n\nAgreed language: {}\n\nSource: {}", r.why, r.suggestion, r.source),
                    Some(rep) => format!("{}\n\nAgreed language (resolutions and drafts): {}\n\nWording for reports: {}\n\nSource: {}", r.why, r.suggestion, rep, r.source),
                }},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"area": lex.areas[r.area].id, "source": r.source},
            })
        })
        .collect();
    let mut results = Vec::new();
    for c in checked {
        for f in &c.analysis.findings {
            let rule = &lex.rules[f.rule];
            let mut loc = json!({
                "physicalLocation": {"artifactLocation": {"uri": uri(&c.doc.path)}}
            });
            if let Some(s) = &f.span {
                let (l, col) = c.doc.line_col(s.start);
                let (el, ecol) = c.doc.line_col(s.end);
                loc["physicalLocation"]["region"] = json!({
                    "startLine": l, "startColumn": col, "endLine": el, "endColumn": ecol,
                    "snippet": {"text": f.paragraph.map(|p| excerpt(&c.doc, p, s)).unwrap_or_default()},
                });
            }
            if let Some(label) = finding_label(&c.doc, f) {
                loc["logicalLocations"] = json!([{"name": label, "kind": "paragraph"}]);
            }
            let mut props = json!({"kind": f.kind.as_str(), "reason": f.reason.as_str(), "area": lex.areas[f.area].id});
            if let Some(p) = &f.previous {
                props["previous"] = json!({"paragraph": p.paragraph, "excerpt": p.excerpt});
            }
            results.push(json!({
                "ruleId": rule.id,
                "ruleIndex": f.rule,
                "level": level(f.severity),
                "message": {"text": match rule.suggestion_for(c.doc.kind) {
                    "" => format!("{}\nSource: {}", f.message, rule.source),
                    s => format!("{}\nAgreed language: {}\nSource: {}", f.message, s, rule.source),
                }},
                "locations": [loc],
                "properties": props,
            }));
        }
    }
    let mut notifications: Vec<Value> = errors
        .iter()
        .map(|e| {
            json!({
                "level": "error",
                "message": {"text": e.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&e.path)}}}],
            })
        })
        .collect();
    // What the reader was unsure of in each document's structure (paragraphs run
    // together, numbers missing): paragraph references there need checking.
    for c in checked {
        for w in &c.doc.warnings {
            notifications.push(json!({
                "level": "warning",
                "descriptor": {"id": "structure"},
                "message": {"text": w},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&c.doc.path)}}}],
            }));
        }
    }
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "wpslens",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/wpslens/wpslens",
                "rules": rules,
            }},
            "results": results,
            "invocations": [{
                "executionSuccessful": errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    let mut s = serde_json::to_string_pretty(&v).expect("JSON values always serialise");
    s.push('\n');
    s
}

/// A relative URI for a path (forward slashes, spaces and '%' escaped).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.replace('\\', "/").chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            _ => out.push(c),
        }
    }
    out
}
