//! The `render` and `letter` commands (argument structs live in `src/cli.rs`).

use super::{letter, load_data, OutputFormat, Paper, RenderOptions, Renderer};
use crate::cli::{DocFormat, LetterArgs, PaperArg, RenderArgs, RenderOutArgs, EXIT_ERROR, EXIT_OK};
use crate::output::{Naming, Outputs};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One file to write: which input, in which format, where, named how.
struct Target {
    source: usize,
    format: OutputFormat,
    path: PathBuf,
    naming: Naming,
}

fn fmt_of(f: DocFormat) -> OutputFormat {
    match f {
        DocFormat::Docx => OutputFormat::Docx,
        DocFormat::Pdf => OutputFormat::Pdf,
    }
}

/// The files to write for `stems` (one per input) under the output arguments.
fn plan(out: &RenderOutArgs, stems: &[String]) -> Result<Vec<Target>, String> {
    let formats: Vec<OutputFormat> = {
        let mut v: Vec<OutputFormat> = out.format.iter().map(|f| fmt_of(*f)).collect();
        v.dedup();
        v
    };
    let folder = match (&out.out_dir, &out.output) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(o)) if o.is_dir() || o.as_os_str().to_string_lossy().ends_with('/') => {
            Some(o.clone())
        }
        (None, Some(_)) if stems.len() > 1 => {
            return Err("several data files need an output folder: -o DIR/ or --out-dir DIR".into())
        }
        (None, None) => {
            return Err("no output: give -o OUT.docx, -o OUT.pdf or --out-dir DIR".into())
        }
        _ => None,
    };
    match folder {
        None => {
            let path = out.output.clone().expect("checked above");
            let by_ext = OutputFormat::from_path(&path);
            let format = match (formats.as_slice(), by_ext) {
                ([], Some(f)) => f,
                ([], None) => {
                    return Err(format!(
                        "{}: cannot tell the format: name it .docx or .pdf, or pass --format",
                        path.display()
                    ))
                }
                ([f], Some(e)) if *f != e => {
                    return Err(format!(
                        "{}: the extension says {}, --format says {}",
                        path.display(),
                        e.extension(),
                        f.extension()
                    ))
                }
                ([f], _) => *f,
                _ => {
                    return Err(
                        "several --format values need an output folder (--out-dir DIR)".into(),
                    )
                }
            };
            Ok(vec![Target {
                source: 0,
                format,
                path,
                naming: Naming::Explicit,
            }])
        }
        Some(dir) => {
            let formats = if formats.is_empty() {
                vec![OutputFormat::Docx, OutputFormat::Pdf]
            } else {
                formats
            };
            let mut seen = std::collections::HashSet::new();
            let mut targets = Vec::new();
            for (i, stem) in stems.iter().enumerate() {
                if !seen.insert(stem.clone()) {
                    return Err(format!(
                        "two data files are named {stem}: their outputs would collide in {}",
                        dir.display()
                    ));
                }
                for f in &formats {
                    targets.push(Target {
                        source: i,
                        format: *f,
                        path: dir.join(format!("{stem}.{}", f.extension())),
                        naming: Naming::Derived,
                    });
                }
            }
            Ok(targets)
        }
    }
}

fn options(out: &RenderOutArgs) -> RenderOptions {
    RenderOptions {
        paper: match out.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        },
        templates_dir: out.templates.clone(),
    }
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into())
}

/// Renders each source's data with `template` into its targets. `data(i)` gives the
/// data of source `i` or an error line (already naming the file).
fn run(
    template: &str,
    out: &RenderOutArgs,
    inputs: &[PathBuf],
    stems: &[String],
    mut data: impl FnMut(usize) -> Result<Value, String>,
) -> i32 {
    let opts = options(out);
    let renderer = match Renderer::new(opts.templates_dir.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("wpslens: error: {e}");
            return EXIT_ERROR;
        }
    };
    if !renderer.has_template(template) {
        eprintln!(
            "wpslens: error: unknown template `{template}` (known: {})",
            renderer.templates().join(", ")
        );
        return EXIT_ERROR;
    }
    let targets = match plan(out, stems) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("wpslens: error: {e}");
            return EXIT_ERROR;
        }
    };
    let outs = Outputs::new(inputs, out.force);
    let mut refused = false;
    for t in &targets {
        if let Err(e) = outs.check(&t.path, t.naming) {
            eprintln!("wpslens: error: {e}");
            refused = true;
        }
    }
    if refused {
        return EXIT_ERROR;
    }
    if let Some(dir) = targets.first().and_then(|t| t.path.parent()) {
        if targets[0].naming == Naming::Derived && !dir.as_os_str().is_empty() {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!(
                    "wpslens: error: {}: cannot create the folder: {e}",
                    dir.display()
                );
                return EXIT_ERROR;
            }
        }
    }
    let mut status = EXIT_OK;
    for (i, name) in stems.iter().enumerate() {
        let label = inputs
            .get(i)
            .map_or(name.clone(), |p| p.display().to_string());
        let value = match data(i) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("wpslens: error: {e}");
                status = EXIT_ERROR;
                continue;
            }
        };
        let doc = match renderer.document(template, &value) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("wpslens: error: {label}: {e}");
                status = EXIT_ERROR;
                continue;
            }
        };
        for t in targets.iter().filter(|t| t.source == i) {
            let bytes = match super::write(&doc, t.format, &opts) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("wpslens: error: {}: {e}", t.path.display());
                    status = EXIT_ERROR;
                    continue;
                }
            };
            if let Err(e) = outs.write(&t.path, t.naming, &bytes) {
                eprintln!("wpslens: error: {e}");
                status = EXIT_ERROR;
            }
        }
    }
    status
}

/// `wpslens render TEMPLATE --data FILE... -o OUT`.
pub fn render(a: RenderArgs) -> i32 {
    let stems: Vec<String> = a.data.iter().map(|p| stem(p)).collect();
    let inputs = a.data.clone();
    run(&a.template, &a.out, &inputs, &stems, |i| {
        load_data(&inputs[i]).map_err(|e| format!("{}: {e}", inputs[i].display()))
    })
}

/// `wpslens letter (--findings FILE | DRAFT...) -o OUT`.
pub fn letter(a: LetterArgs) -> i32 {
    let extra = match &a.data {
        Some(p) => match load_data(p) {
            Ok(v) => Some(v),
            Err(e) => {
                eprintln!("wpslens: error: {}: {e}", p.display());
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    let mut inputs: Vec<PathBuf> = a.drafts.clone();
    inputs.extend(a.findings.clone());
    inputs.extend(a.data.clone());
    let findings: Value = if let Some(f) = &a.findings {
        let text = match crate::read::read_utf8(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("wpslens: error: {}: cannot read: {e}", f.display());
                return EXIT_ERROR;
            }
        };
        match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("wpslens: error: {}: invalid JSON: {e}", f.display());
                return EXIT_ERROR;
            }
        }
    } else {
        match check_drafts(&a) {
            Ok(v) => v,
            Err(code) => return code,
        }
    };
    let label = a.findings.as_ref().map_or_else(
        || "recommendations".to_string(),
        |f| f.display().to_string(),
    );
    let data = match letter::data_from_findings(&findings, extra.as_ref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("wpslens: error: {label}: {e}");
            return EXIT_ERROR;
        }
    };
    let mut data = Some(data);
    let stems = vec!["recommendations".to_string()];
    // Named errors come from the findings file; render's own go through `run`.
    run(&a.template, &a.out, &inputs, &stems, |_| {
        Ok(data.take().unwrap_or(Value::Null))
    })
}

/// Checks the drafts in-process and returns the JSON `check --format json` prints.
fn check_drafts(a: &LetterArgs) -> Result<Value, i32> {
    let lex = crate::cli::load_lexicon(a.common.lexicon.as_deref())?;
    let profile = match &a.profile {
        None => None,
        Some(id) => match lex.profile_by_id(id) {
            Some(p) => Some(p),
            None => {
                eprintln!("wpslens: error: unknown profile {id:?}");
                return Err(EXIT_ERROR);
            }
        },
    };
    let limits = a.common.limits();
    let opts = crate::analysis::Options {
        profile,
        ..Default::default()
    };
    let mut checked = Vec::new();
    for f in &a.drafts {
        match crate::cli::load_document(f, &limits) {
            Ok(doc) => {
                let analysis = crate::analysis::analyze(&doc, &lex, &opts);
                checked.push(crate::report::Checked {
                    doc,
                    analysis,
                    against: None,
                });
            }
            Err(message) => {
                // No note from part of the drafts: the note would silently lack one.
                eprintln!("wpslens: error: {}: {message}", f.display());
                return Err(EXIT_ERROR);
            }
        }
    }
    let json = crate::report::json::render(&checked, &[], &lex);
    serde_json::from_str(&json).map_err(|e| {
        eprintln!("wpslens: error: internal: {e}");
        EXIT_ERROR
    })
}
