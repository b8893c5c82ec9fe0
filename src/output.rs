//! Writing output files without ever losing data.
//!
//! Every file wpslens writes (annotated drafts, rendered letters, audit tables) goes
//! through [`Outputs`]:
//!
//! * the bytes go to a temporary file beside the target (same folder, so the final
//!   rename is atomic on one file system) and are renamed into place only when
//!   complete; a failure or an interrupted run leaves the old file, or none;
//! * an output path that is one of the run's inputs is refused (also through a
//!   symbolic or hard link);
//! * an existing file is replaced only when the user named that very file
//!   (`-o OUT.docx`, `--annotate OUT.docx`) or passed `--force`; files whose names
//!   wpslens derives itself (an output folder filled from many inputs) are never
//!   replaced silently.
//!
//! Call [`Outputs::check`] for every target before doing expensive work, so a
//! refusal comes before any output is produced.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How an output path came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    /// The user typed this file name (`-o OUT.pdf`): replacing it is what they asked for.
    Explicit,
    /// wpslens derived the name (a file inside an output folder): never replaced without `--force`.
    Derived,
}

/// Why an output could not be written. Display gives one line naming the file.
#[derive(Debug)]
pub enum OutputError {
    /// The output path is one of the inputs.
    IsInput(PathBuf),
    /// The output exists and may not be replaced.
    Exists(PathBuf),
    /// The output path is a folder.
    IsDir(PathBuf),
    /// An I/O error while writing.
    Io(PathBuf, io::Error),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::IsInput(p) => write!(
                f,
                "{}: output would overwrite an input; choose another output path",
                p.display()
            ),
            OutputError::Exists(p) => write!(
                f,
                "{}: output exists; pass --force to replace it",
                p.display()
            ),
            OutputError::IsDir(p) => write!(f, "{}: output path is a folder", p.display()),
            OutputError::Io(p, e) => write!(
                f,
                "{}: cannot write output: {}",
                p.display(),
                crate::read::io_message(e)
            ),
        }
    }
}

impl std::error::Error for OutputError {}

/// Temporary files being written, so that an interrupted run can remove them
/// ([`remove_pending`], called from the Ctrl-C handler): an interrupted write
/// leaves neither a partial target nor a stray temporary file.
static PENDING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A temporary file registered in [`PENDING`] for as long as it lives.
struct Pending(PathBuf);

impl Pending {
    fn register(p: &Path) -> Pending {
        if let Ok(mut v) = PENDING.lock() {
            v.push(p.to_path_buf());
        }
        Pending(p.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut v) = PENDING.lock() {
            v.retain(|p| p != &self.0);
        }
    }
}

/// Removes the temporary files of writes in progress (for a Ctrl-C handler, which
/// then exits). Targets are untouched: they are only ever replaced whole.
pub fn remove_pending() {
    if let Ok(mut v) = PENDING.lock() {
        for p in v.drain(..) {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// The output policy of one run: its inputs (never overwritten) and `--force`.
///
/// The inputs' identities ([`FileId`]: one system call or several each) are worked
/// out only when a target already exists: a target that does not exist cannot be an
/// existing input, and an audit of 300,000 files should not pay for 300,000 of them
/// to write eight new files.
#[derive(Debug, Default, Clone)]
pub struct Outputs {
    inputs: Vec<PathBuf>,
    identities: std::sync::OnceLock<Vec<Option<FileId>>>,
    force: bool,
}

/// What makes two paths the same file: on Unix, for a file that exists, its
/// device and inode (one `stat`; hard links count as the same file); otherwise the
/// canonical path (a `readlink` per component). Used for the output guard and for
/// inputs reached twice.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

impl FileId {
    /// The identity of `path`, or `None` when neither exists (no file, no parent).
    pub(crate) fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if let Ok(m) = std::fs::metadata(path) {
                return Some(FileId::Inode(m.dev(), m.ino()));
            }
        }
        canonical_target(path).map(FileId::Path)
    }
}

/// The canonical form of a path that may not exist yet: its parent canonicalised,
/// joined with its file name.
fn canonical_target(path: &Path) -> Option<PathBuf> {
    if let Ok(c) = std::fs::canonicalize(path) {
        return Some(c);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::canonicalize(parent).ok().map(|p| p.join(name))
}

impl Outputs {
    /// A policy protecting `inputs`; `force` allows replacing existing derived outputs.
    pub fn new<P: AsRef<Path>>(inputs: impl IntoIterator<Item = P>, force: bool) -> Outputs {
        Outputs {
            inputs: inputs
                .into_iter()
                .map(|p| p.as_ref().to_path_buf())
                .collect(),
            identities: std::sync::OnceLock::new(),
            force,
        }
    }

    /// Adds an input discovered during the run (e.g. a file found in a folder).
    pub fn protect(&mut self, input: &Path) {
        self.inputs.push(input.to_path_buf());
        self.identities = std::sync::OnceLock::new();
    }

    fn identities(&self) -> &[Option<FileId>] {
        self.identities
            .get_or_init(|| self.inputs.iter().map(|p| FileId::of(p)).collect())
    }

    /// Whether `path` may be written under this policy. Call it before doing the work.
    pub fn check(&self, path: &Path, naming: Naming) -> Result<(), OutputError> {
        let meta = std::fs::metadata(path);
        if meta.is_ok() {
            let id = FileId::of(path);
            if id.is_some() && self.identities().contains(&id) {
                return Err(OutputError::IsInput(path.to_path_buf()));
            }
        }
        match meta {
            Ok(m) if m.is_dir() => Err(OutputError::IsDir(path.to_path_buf())),
            Ok(_) if naming == Naming::Derived && !self.force => {
                Err(OutputError::Exists(path.to_path_buf()))
            }
            _ => Ok(()),
        }
    }

    /// Writes `bytes` to `path` atomically (temporary file beside it, then rename).
    pub fn write(&self, path: &Path, naming: Naming, bytes: &[u8]) -> Result<(), OutputError> {
        self.write_with(path, naming, |w| w.write_all(bytes))
    }

    /// Like [`Outputs::write`], streaming: `fill` writes the content. If `fill` fails,
    /// nothing appears at `path`.
    pub fn write_with(
        &self,
        path: &Path,
        naming: Naming,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        self.check(path, naming)?;
        let err = |e: io::Error| OutputError::Io(path.to_path_buf(), e);
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let stem = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{stem}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".wpslens-tmp");
        #[cfg(unix)]
        {
            // A replaced file keeps its permissions; a new one gets the usual ones
            // (0666 less the umask), not the owner-only mode of temporary files.
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0o666);
            builder.permissions(std::fs::Permissions::from_mode(mode));
        }
        let mut tmp = builder.tempfile_in(dir).map_err(err)?;
        let _pending = Pending::register(tmp.path());
        {
            let mut buf = io::BufWriter::new(tmp.as_file_mut());
            fill(&mut buf).map_err(err)?;
            buf.flush().map_err(err)?;
        }
        tmp.as_file().sync_all().map_err(err)?;
        // Re-check just before the rename: another process may have created the file.
        self.check(path, naming)?;
        if naming == Naming::Explicit || self.force {
            tmp.persist(path).map_err(|e| err(e.error))?;
        } else {
            // Never replace a derived output, even one created since the check.
            tmp.persist_noclobber(path).map_err(|e| {
                if e.error.kind() == io::ErrorKind::AlreadyExists {
                    OutputError::Exists(path.to_path_buf())
                } else {
                    err(e.error)
                }
            })?;
        }
        // Make the rename itself durable.
        #[cfg(unix)]
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interrupted_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("letter.pdf");
        let outs = Outputs::default();
        let mine = || -> Vec<PathBuf> {
            PENDING
                .lock()
                .unwrap()
                .iter()
                .filter(|p| p.starts_with(dir.path()))
                .cloned()
                .collect()
        };
        let r = outs.write_with(&out, Naming::Explicit, |w| {
            w.write_all(b"%PDF-")?;
            // The write in progress is registered; what the Ctrl-C handler does
            // (`remove_pending`, here only for this folder, as tests run in
            // parallel) leaves the folder empty.
            let pending = mine();
            assert_eq!(pending.len(), 1);
            std::fs::remove_file(&pending[0])?;
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
            Err(io::Error::other("interrupted"))
        });
        assert!(r.is_err());
        assert!(!out.exists());
        assert!(mine().is_empty(), "unregistered once the write ended");
    }

    #[test]
    fn refuses_an_input_even_through_another_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("draft.txt");
        std::fs::write(&input, "OP 1").unwrap();
        let outs = Outputs::new([&input], true);
        let other = dir.path().join(".").join("draft.txt");
        assert!(matches!(
            outs.write(&other, Naming::Explicit, b"x"),
            Err(OutputError::IsInput(_))
        ));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "OP 1");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_hard_link_to_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("draft.txt");
        std::fs::write(&input, "OP 1").unwrap();
        let link = dir.path().join("link.txt");
        std::fs::hard_link(&input, &link).unwrap();
        let outs = Outputs::new([&input], true);
        assert!(outs.check(&link, Naming::Explicit).is_err());
    }

    #[test]
    fn inputs_are_identified_only_when_a_target_exists() {
        let dir = tempfile::tempdir().unwrap();
        let inputs: Vec<PathBuf> = (0..3)
            .map(|i| dir.path().join(format!("d{i}.txt")))
            .collect();
        for p in &inputs {
            std::fs::write(p, "OP 1").unwrap();
        }
        let mut outs = Outputs::new(&inputs, true);
        let fresh = dir.path().join("documents.csv");
        outs.check(&fresh, Naming::Derived).unwrap();
        assert!(outs.identities.get().is_none(), "no target existed");
        // An existing target: now every input is identified, and a protected one
        // is refused.
        outs.protect(&fresh);
        std::fs::write(&fresh, "old").unwrap();
        assert!(matches!(
            outs.check(&fresh, Naming::Derived),
            Err(OutputError::IsInput(_))
        ));
        assert_eq!(outs.identities.get().map(Vec::len), Some(4));
        assert!(outs
            .check(&dir.path().join("other.csv"), Naming::Derived)
            .is_ok());
    }

    #[test]
    fn derived_outputs_are_not_replaced_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("letter.pdf");
        std::fs::write(&out, "old").unwrap();
        let outs = Outputs::new(Vec::<PathBuf>::new(), false);
        assert!(matches!(
            outs.write(&out, Naming::Derived, b"new"),
            Err(OutputError::Exists(_))
        ));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
        outs.write(&out, Naming::Explicit, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        let forced = Outputs::new(Vec::<PathBuf>::new(), true);
        forced.write(&out, Naming::Derived, b"newer").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "newer");
    }

    #[test]
    fn a_derived_output_created_during_the_write_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("letter.txt");
        let outs = Outputs::default();
        let r = outs.write_with(&out, Naming::Derived, |w| {
            // Another process creates the file while ours is being written.
            std::fs::write(&out, "theirs")?;
            w.write_all(b"ours")
        });
        assert!(matches!(r, Err(OutputError::Exists(_))), "{r:?}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "theirs");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symbolic_link_to_an_input_and_an_input_named_through_one() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("draft.txt");
        std::fs::write(&input, "OP 1").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        let outs = Outputs::new([&input], true);
        assert!(matches!(
            outs.write(&link, Naming::Explicit, b"x"),
            Err(OutputError::IsInput(_))
        ));
        let outs = Outputs::new([&link], true);
        assert!(matches!(
            outs.write(&input, Naming::Explicit, b"x"),
            Err(OutputError::IsInput(_))
        ));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "OP 1");
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_ordinary_permissions_and_replacements_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.txt");
        Outputs::default()
            .write(&new, Naming::Explicit, b"x")
            .unwrap();
        let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        // Not the 0600 of a temporary file: readable by others unless the umask says no.
        assert_ne!(mode, 0o600, "{mode:o}");
        let old = dir.path().join("old.txt");
        std::fs::write(&old, "old").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        Outputs::default()
            .write(&old, Naming::Explicit, b"new")
            .unwrap();
        let mode = std::fs::metadata(&old).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "new");
    }

    #[test]
    fn a_missing_folder_or_a_folder_as_output_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("no/such/folder/out.txt");
        let e = Outputs::default()
            .write(&out, Naming::Explicit, b"x")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{}: cannot write output: no such file", out.display())
        );
        let e = Outputs::default()
            .write(dir.path(), Naming::Explicit, b"x")
            .unwrap_err();
        assert!(matches!(e, OutputError::IsDir(_)), "{e:?}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failed_fill_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("table.csv");
        let outs = Outputs::default();
        let r = outs.write_with(&out, Naming::Explicit, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
