//! Finding the documents of an audit: files, folders (walked recursively), glob
//! patterns and file lists, in one deterministic order, with what was skipped
//! counted rather than dropped silently.

use crate::output::FileId;
use std::collections::{BTreeMap, HashSet};
use std::io::BufRead;

/// Longest line of a file list (`--files-from`): far beyond any path.
const MAX_LIST_LINE: u64 = 64 * 1024;
use std::path::{Path, PathBuf};

/// Extensions taken when walking a folder or expanding a glob. Files named one by
/// one are always attempted, whatever their name (an unreadable one gets an error row).
pub const DOCUMENT_EXTENSIONS: &[&str] = &["txt", "text", "docx", "docm", "pdf"];

/// The documents of an audit and what discovery left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// Documents in audit order: sorted by path as displayed, duplicates removed.
    pub files: Vec<PathBuf>,
    /// Files found in folders or by globs but not taken, counted by extension
    /// (`.csv`, `(none)`).
    pub skipped: BTreeMap<String, usize>,
    /// The same file reached twice (by two arguments, or a link): kept once.
    pub duplicates: usize,
    /// Arguments that matched nothing, and folders that could not be walked; each
    /// gets an error row so nothing the user asked for goes missing.
    pub missing: Vec<(PathBuf, String)>,
}

impl Discovered {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// One line for the skipped files: `2 files skipped (.csv: 1, .xml: 1)`.
    pub fn skipped_note(&self) -> Option<String> {
        let n = self.skipped_total();
        (n > 0).then(|| {
            let by: Vec<String> = self
                .skipped
                .iter()
                .map(|(e, c)| format!("{e}: {c}"))
                .collect();
            format!(
                "{n} file{} skipped: not .txt, .docx or .pdf ({})",
                if n == 1 { "" } else { "s" },
                by.join(", ")
            )
        })
    }
}

/// Why discovery failed as a whole (a bad glob, an unreadable file list).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DiscoverError {
    #[error("{0}: invalid glob pattern: {1}")]
    Glob(String, String),
    #[error("{0}: cannot read file list: {1}")]
    FileList(String, String),
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

fn ext_of(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

/// Finds the documents named by `args` (files, folders, globs) and by the lines of
/// `lists` (`-` reads standard input). `exclude` (e.g. the output folder) is never
/// walked into.
pub fn discover(
    args: &[PathBuf],
    lists: &[PathBuf],
    exclude: &[PathBuf],
) -> Result<Discovered, DiscoverError> {
    let mut d = Discovered::default();
    let mut found: Vec<PathBuf> = Vec::new();
    let excluded: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut named: Vec<PathBuf> = args.to_vec();
    for list in lists {
        let label = list.display().to_string();
        let read = |r: &mut dyn BufRead| -> std::io::Result<Vec<PathBuf>> {
            let mut v = Vec::new();
            let mut buf = Vec::new();
            let mut n = 0;
            loop {
                // A line is read up to a bound: a list that is not one (a device,
                // a binary file without line ends) fails instead of filling memory.
                buf.clear();
                let k =
                    std::io::Read::take(&mut *r, MAX_LIST_LINE + 1).read_until(b'\n', &mut buf)?;
                if k == 0 {
                    break;
                }
                n += 1;
                if buf.last() != Some(&b'\n') && k as u64 > MAX_LIST_LINE {
                    return Err(std::io::Error::other(format!(
                        "line {n} is longer than {MAX_LIST_LINE} bytes: not a list of paths"
                    )));
                }
                let line = std::str::from_utf8(&buf)
                    .map_err(|_| std::io::Error::other(format!("line {n} is not UTF-8 text")))?;
                let t = line.trim_end_matches('\n').trim_end_matches('\r');
                if !t.trim().is_empty() {
                    v.push(PathBuf::from(t));
                }
            }
            Ok(v)
        };
        let paths = if list.as_os_str() == "-" {
            read(&mut std::io::stdin().lock())
        } else {
            std::fs::File::open(list).and_then(|f| read(&mut std::io::BufReader::new(f)))
        }
        .map_err(|e| DiscoverError::FileList(label, crate::read::io_message(&e)))?;
        named.extend(paths);
    }
    for arg in &named {
        let s = arg.to_string_lossy();
        if !arg.exists() && is_glob(&s) {
            expand_glob(&s, &excluded, &mut found, &mut d)?;
        } else if arg.is_dir() {
            walk(arg, &excluded, &mut found, &mut d);
        } else if arg.exists() {
            found.push(arg.clone());
        } else {
            d.missing.push((arg.clone(), "no such file".into()));
        }
    }
    found.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    let mut seen: HashSet<FileId> = HashSet::new();
    for f in found {
        let key = FileId::of(&f).unwrap_or_else(|| FileId::Path(f.clone()));
        if seen.insert(key) {
            d.files.push(f);
        } else {
            d.duplicates += 1;
        }
    }
    Ok(d)
}

fn keep_or_skip(p: PathBuf, found: &mut Vec<PathBuf>, d: &mut Discovered) {
    let ext = ext_of(&p);
    if DOCUMENT_EXTENSIONS.contains(&ext.as_str()) {
        found.push(p);
    } else {
        let key = if ext.is_empty() {
            "(none)".to_string()
        } else {
            format!(".{ext}")
        };
        *d.skipped.entry(key).or_default() += 1;
    }
}

fn walk(root: &Path, excluded: &[PathBuf], found: &mut Vec<PathBuf>, d: &mut Discovered) {
    let it = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            (e.depth() == 0 || !is_hidden(e.file_name()))
                && !(e.file_type().is_dir()
                    && std::fs::canonicalize(e.path()).is_ok_and(|c| excluded.contains(&c)))
        });
    for entry in it {
        match entry {
            Ok(e) if e.file_type().is_file() => keep_or_skip(e.into_path(), found, d),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let msg = e
                    .io_error()
                    .map(crate::read::io_message)
                    .unwrap_or_else(|| e.to_string());
                d.missing.push((path, format!("cannot walk folder: {msg}")));
            }
        }
    }
}

/// Expands a glob: the walk starts at the longest literal folder prefix.
fn expand_glob(
    pattern: &str,
    excluded: &[PathBuf],
    found: &mut Vec<PathBuf>,
    d: &mut Discovered,
) -> Result<(), DiscoverError> {
    let glob = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| DiscoverError::Glob(pattern.to_string(), e.kind().to_string()))?
        .compile_matcher();
    let mut base = PathBuf::new();
    for comp in Path::new(pattern).components() {
        let s = comp.as_os_str().to_string_lossy();
        if is_glob(&s) {
            break;
        }
        base.push(comp.as_os_str());
    }
    let walk_root = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base.clone()
    };
    // Files with other extensions are only counted when the pattern matched them.
    let mut all = Vec::new();
    let mut any = false;
    for entry in walkdir::WalkDir::new(&walk_root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            (e.depth() == 0 || !is_hidden(e.file_name()))
                && !(e.file_type().is_dir()
                    && std::fs::canonicalize(e.path()).is_ok_and(|c| excluded.contains(&c)))
        })
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let p = entry.into_path();
        let shown = if base.as_os_str().is_empty() {
            p.strip_prefix(".").unwrap_or(&p).to_path_buf()
        } else {
            p.clone()
        };
        if glob.is_match(&shown) {
            any = true;
            all.push(shown);
        }
    }
    for p in all {
        keep_or_skip(p, found, d);
    }
    if !any {
        d.missing
            .push((PathBuf::from(pattern), "the pattern matches no file".into()));
    }
    Ok(())
}

/// A shard `i/n` of an audit (1-based `i`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let (a, b) = s
            .split_once('/')
            .ok_or_else(|| format!("{s:?}: expected I/N, e.g. 3/16"))?;
        let index: u32 = a
            .trim()
            .parse()
            .map_err(|_| format!("{s:?}: bad shard index"))?;
        let count: u32 = b
            .trim()
            .parse()
            .map_err(|_| format!("{s:?}: bad shard count"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("{s:?}: the index must be between 1 and the count"));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether a document belongs to this shard: FNV-1a of its path as displayed,
    /// modulo the count. Stable across machines and runs, independent of the other
    /// files, so adding documents never moves the existing ones between shards.
    pub fn owns(&self, path: &Path) -> bool {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in path.as_os_str().as_encoded_bytes() {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h % u64::from(self.count) == u64::from(self.index - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(p: &Path) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "The Security Council,\n").unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_file_reached_twice_through_links_is_audited_once() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        touch(&r.join("a/1.txt"));
        touch(&r.join("a/2.txt"));
        std::os::unix::fs::symlink(r.join("a"), r.join("via-link")).unwrap();
        std::fs::hard_link(r.join("a/1.txt"), r.join("hard.txt")).unwrap();
        let d = discover(
            &[r.join("a"), r.join("via-link"), r.join("hard.txt")],
            &[],
            &[],
        )
        .unwrap();
        let names: Vec<String> = d
            .files
            .iter()
            .map(|p| p.strip_prefix(r).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a/1.txt", "a/2.txt"]);
        assert_eq!(d.duplicates, 3);
    }

    #[test]
    fn folders_globs_and_lists_in_one_sorted_order_with_skips_counted() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        for f in [
            "b/2.txt",
            "b/1.docx",
            "a.pdf",
            "b/c/3.TXT",
            "b/c/4.txt",
            "b/notes.csv",
            "b/.hidden.txt",
            "b/noext",
        ] {
            touch(&r.join(f));
        }
        let d = discover(&[r.join("b"), r.join("a.pdf"), r.join("b/2.txt")], &[], &[]).unwrap();
        let names: Vec<String> = d
            .files
            .iter()
            .map(|p| p.strip_prefix(r).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            ["a.pdf", "b/1.docx", "b/2.txt", "b/c/3.TXT", "b/c/4.txt"]
        );
        assert_eq!(d.duplicates, 1);
        assert_eq!(d.skipped.get(".csv"), Some(&1));
        assert_eq!(d.skipped.get("(none)"), Some(&1));
        assert!(d.skipped_note().unwrap().starts_with("2 files skipped"));

        let pat = format!("{}/b/**/*.txt", r.display());
        let d = discover(&[PathBuf::from(&pat)], &[], &[]).unwrap();
        // Case-sensitive as in a shell: 3.TXT is not *.txt; hidden files are not taken.
        assert_eq!(d.files.len(), 2, "{:?}", d.files);
        let list = r.join("list");
        std::fs::write(
            &list,
            format!(
                "{}\n\n{}\n",
                r.join("a.pdf").display(),
                r.join("gone.txt").display()
            ),
        )
        .unwrap();
        let d = discover(&[], &[list], &[]).unwrap();
        assert_eq!(d.files.len(), 1);
        assert_eq!(d.missing.len(), 1);
        let d = discover(
            &[PathBuf::from(format!("{}/zz*.txt", r.display()))],
            &[],
            &[],
        )
        .unwrap();
        assert_eq!(d.missing.len(), 1, "a pattern matching nothing is reported");
    }

    #[test]
    fn output_folder_is_not_walked() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("in/a.txt"));
        touch(&dir.path().join("in/out/documents.txt"));
        let d = discover(&[dir.path().join("in")], &[], &[dir.path().join("in/out")]).unwrap();
        assert_eq!(d.files.len(), 1);
    }

    #[test]
    fn shards_partition_the_inputs() {
        let paths: Vec<PathBuf> = (0..500)
            .map(|i| PathBuf::from(format!("x/{i}.txt")))
            .collect();
        let n = 4;
        let mut total = 0;
        for i in 1..=n {
            let s = Shard { index: i, count: n };
            let k = paths.iter().filter(|p| s.owns(p)).count();
            assert!(k > 60, "shard {i} has {k}");
            total += k;
        }
        assert_eq!(total, 500);
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert_eq!(
            "2/3".parse::<Shard>().unwrap(),
            Shard { index: 2, count: 3 }
        );
    }
}
