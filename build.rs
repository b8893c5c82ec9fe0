//! Embeds the default lexicon and templates: lists the files under `lexicon/` and
//! `templates/` so that `src/embedded.rs` can `include_str!` each of them.

use std::fmt::Write as _;
use std::path::Path;

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, root, out);
        } else if let Some(ext) = p.extension().and_then(|e| e.to_str()) {
            if matches!(ext, "toml" | "jinja" | "txt" | "md") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel);
            }
        }
    }
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let manifest = Path::new(&manifest);
    let mut code = String::new();
    for (name, dir) in [
        ("LEXICON_FILES", "lexicon"),
        ("TEMPLATE_FILES", "templates"),
    ] {
        let root = manifest.join(dir);
        println!("cargo:rerun-if-changed={dir}");
        let mut files = Vec::new();
        collect(&root, &root, &mut files);
        let _ = writeln!(code, "pub static {name}: &[(&str, &str)] = &[");
        for f in files {
            if f.ends_with("README.md") || f.starts_with("fonts/") {
                continue;
            }
            let abs = root.join(&f);
            println!("cargo:rerun-if-changed={}", abs.display());
            let _ = writeln!(
                code,
                "    ({f:?}, include_str!({:?})),",
                abs.display().to_string()
            );
        }
        let _ = writeln!(code, "];");
    }
    // The PDF fonts (binary): templates/fonts/*.ttf.
    let fonts = manifest.join("templates/fonts");
    println!("cargo:rerun-if-changed=templates/fonts");
    let _ = writeln!(code, "pub static FONT_FILES: &[(&str, &[u8])] = &[");
    if let Ok(entries) = std::fs::read_dir(&fonts) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.extension().and_then(|e| e.to_str()) == Some("ttf") {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                println!("cargo:rerun-if-changed={}", p.display());
                let _ = writeln!(
                    code,
                    "    ({name:?}, include_bytes!({:?})),",
                    p.display().to_string()
                );
            }
        }
    }
    let _ = writeln!(code, "];");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    // Write a new file and rename it into place rather than rewriting the old one: the
    // target folder may be a hard-linked copy of another (seeded caches), and writing
    // through a shared inode would change the other tree's embedded files too.
    if std::fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        let tmp = out.with_extension("rs.tmp");
        std::fs::write(&tmp, code).unwrap();
        std::fs::rename(&tmp, &out).unwrap();
    }
}
