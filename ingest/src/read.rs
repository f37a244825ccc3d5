//! Which files are read, and how: the folders and files given are walked
//! into a list of record files, each physical file once, and every read of
//! one of them (the first, and those that positions or quoting need later)
//! goes through [`read`], which reads only regular files and never more than
//! the size limit.
//!
//! The rule, for paths met inside a folder:
//!
//! - hidden files and folders are skipped without a word;
//! - a symbolic link is followed only when what it points to lies inside
//!   one of the folders given (or is one of the files given); otherwise it
//!   is a `skipped-file` warning naming the link's target, and the target is
//!   never opened, so a link to `/` is not walked and a link to
//!   `/proc/self/environ` is never read or quoted;
//! - only regular files are read: a FIFO, socket or device is a
//!   `skipped-file` warning, and is never opened;
//! - a regular file without a record extension is a `skipped-file` warning.
//!
//! A path given on the command line is followed wherever it points (the
//! user named it), but must be a folder or a regular file: anything else is
//! an `unsupported-file` error. A file reached by several paths (given
//! twice, a folder and a file in it, `dir` and `./dir`, links, hard links)
//! is read once, under the first path met: paths in the order given, each
//! folder in name order.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::{EXTENSIONS, has_record_extension, walk_order};

/// One physical file: its device and inode number on Unix, its canonical
/// path elsewhere.
#[cfg(unix)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct FileId {
    dev: u64,
    ino: u64,
}

/// One physical file: its device and inode number on Unix, its canonical
/// path elsewhere.
#[cfg(not(unix))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct FileId(PathBuf);

impl FileId {
    #[cfg(unix)]
    fn of(_path: &Path, metadata: &std::fs::Metadata) -> std::io::Result<Self> {
        use std::os::unix::fs::MetadataExt;
        Ok(FileId {
            dev: metadata.dev(),
            ino: metadata.ino(),
        })
    }

    #[cfg(not(unix))]
    fn of(path: &Path, _metadata: &std::fs::Metadata) -> std::io::Result<Self> {
        std::fs::canonicalize(path).map(FileId)
    }
}

/// Whether a file has other names (hard links) a walk may meet it by.
#[cfg(unix)]
fn has_other_names(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    metadata.nlink() > 1
}

/// Whether a file has other names (hard links) a walk may meet it by: not
/// known here.
#[cfg(not(unix))]
fn has_other_names(_metadata: &std::fs::Metadata) -> bool {
    false
}

/// A file read: its bytes, which physical file it is, and whether it has
/// other names (hard links) by which a walk may meet it again.
#[derive(Debug)]
pub(crate) struct Contents {
    pub(crate) bytes: Vec<u8>,
    pub(crate) id: FileId,
    pub(crate) other_names: bool,
}

/// A record file to read: the path it was first met by, and which physical
/// file that was, when that was asked before reading.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) path: PathBuf,
    pub(crate) id: Option<FileId>,
}

/// What walking the paths given found: the record files, each physical file
/// once, in the order met, and the problems met on the way.
pub(crate) struct Walked {
    pub(crate) files: Vec<Found>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Where symbolic links met in a folder may lead: the folders given and the
/// files given, as canonical paths.
#[derive(Default)]
struct Scope {
    folders: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl Scope {
    fn of<P: AsRef<Path>>(paths: &[P]) -> Self {
        let mut scope = Scope::default();
        for path in paths {
            let path = path.as_ref();
            let (Ok(metadata), Ok(canonical)) =
                (std::fs::metadata(path), std::fs::canonicalize(path))
            else {
                continue;
            };
            if metadata.is_dir() {
                scope.folders.push(canonical);
            } else if metadata.is_file() {
                scope.files.push(canonical);
            }
        }
        scope
    }

    /// Whether the link at `link` leads inside the scope.
    fn holds(&self, link: &Path) -> bool {
        std::fs::canonicalize(link).is_ok_and(|target| {
            self.files.contains(&target) || self.folders.iter().any(|f| target.starts_with(f))
        })
    }
}

/// Walks the paths given into the record files to read. Each path's files
/// come in name order, after those of the paths before it; a physical file
/// already met is left out, so it is read once.
pub(crate) fn find<P: AsRef<Path>>(paths: &[P]) -> Walked {
    let scope = Scope::of(paths);
    let mut linked = false;
    let mut walks = Vec::new();
    for path in paths {
        let (mut found, mut trouble) = (Vec::new(), Vec::new());
        linked |= collect(path.as_ref(), &scope, &mut found, &mut trouble);
        // Name order, as a walk that sorts each folder would give, but
        // sorted once at the end: sorting while walking compared paths
        // component by component, which was slow for large folders.
        found.par_sort_unstable_by(|a, b| walk_order(a, b));
        trouble.sort_by(|a: &Diagnostic, b| walk_order(&a.file, &b.file));
        walks.push((found, trouble));
    }
    let mut walked = Walked {
        files: Vec::new(),
        diagnostics: Vec::new(),
    };
    // Several paths given, or links followed, may lead to one file by
    // several paths: then which physical file each path is, is asked
    // before reading (on every core), and the first path to each file
    // keeps it. Otherwise paths are different files but for hard links
    // (and bind mounts), which reading finds out without a call of its own;
    // one stat a file was a tenth of the time of a large dataset.
    let ask = paths.len() > 1 || linked;
    let mut seen = std::collections::HashSet::new();
    let mut reported = std::collections::HashSet::new();
    for (found, mut trouble) in walks {
        if !ask {
            walked
                .files
                .extend(found.into_iter().map(|path| Found { path, id: None }));
            walked.diagnostics.extend(trouble);
            continue;
        }
        // A folder walked twice (`dir` and `./dir`, or through a link) meets
        // the same other files twice: each is reported once too, keyed by
        // the entry itself (a link, not what it points to).
        trouble.retain(|d| {
            let entry = std::fs::symlink_metadata(&d.file)
                .and_then(|m| FileId::of(&d.file, &m))
                .map_err(|_| d.file.clone());
            reported.insert((entry, d.code, d.message.clone()))
        });
        let ids: Vec<(PathBuf, std::io::Result<std::fs::Metadata>)> = found
            .into_par_iter()
            .map(|path| {
                let metadata = std::fs::metadata(&path);
                (path, metadata)
            })
            .collect();
        for (path, metadata) in ids {
            let id = metadata.and_then(|m| Ok((FileId::of(&path, &m)?, m.file_type())));
            match id {
                Ok((id, kind)) if kind.is_file() => {
                    if seen.insert(id.clone()) {
                        walked.files.push(Found { path, id: Some(id) });
                    }
                }
                // Replaced by something else since the walk.
                Ok((_, kind)) => trouble.push(not_regular(&path, &kind, false)),
                Err(e) => trouble.push(cannot_read(&path, &e)),
            }
        }
        walked.diagnostics.extend(trouble);
    }
    walked
}

fn cannot_read(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        Code::IoError,
        path,
        None,
        format!("cannot read `{}`: {e}", path.display()),
    )
    .with_hint("check that the path exists and that you may read it")
}

/// What kind of thing a path that is not a regular file or a folder is.
fn kind_name(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    if kind.is_dir() {
        return "a folder";
    }
    if kind.is_symlink() {
        return "a symbolic link";
    }
    "not a regular file"
}

/// A path that is not a regular file: an error when it was named on the
/// command line, a warning when it was met in a folder.
fn not_regular(path: &Path, kind: &std::fs::FileType, named: bool) -> Diagnostic {
    let what = kind_name(kind);
    let what = if what.starts_with("not ") {
        what.to_owned()
    } else {
        format!("{what}, not a regular file")
    };
    if named {
        Diagnostic::new(Code::UnsupportedFile, path, None, what).with_hint(
            "name record files or folders of them; only regular files are read, never pipes or devices",
        )
    } else {
        Diagnostic::new(Code::SkippedFile, path, None, format!("{what}; skipped")).with_hint(
            "only regular files are read; move it out of the data folder to silence this warning",
        )
    }
}

/// Finds the record files at `path` (a file, or a folder walked), and
/// returns whether a symbolic link was followed on the way.
fn collect(
    path: &Path,
    scope: &Scope,
    files: &mut Vec<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    // Metadata only: this never opens the path, whatever it is.
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diagnostics.push(cannot_read(path, &e));
            return false;
        }
    };
    if metadata.is_file() {
        if has_record_extension(path) {
            files.push(path.to_owned());
        } else {
            diagnostics.push(
                Diagnostic::new(Code::UnsupportedFile, path, None, "not a record file")
                    .with_hint("record files end in `.yaml`, `.yml`, `.json` or `.toml`"),
            );
        }
        return false;
    }
    if !metadata.is_dir() {
        diagnostics.push(not_regular(path, &metadata.file_type(), true));
        return false;
    }
    // Hidden files and folders (`.git`, editor backups) are skipped without
    // a word, as documented; links that lead out of the folders given are
    // not followed; any other file that is not a record gets a warning, so
    // nothing is left out silently.
    let mut refused = Vec::new();
    let mut linked = false;
    let walker = walkdir::WalkDir::new(path)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if e.path_is_symlink() {
                if !scope.holds(e.path()) {
                    refused.push(link_out_of_scope(e.path()));
                    return false;
                }
                linked = true;
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if has_record_extension(entry.path()) {
                    files.push(entry.into_path());
                } else if is_documentation(entry.path()) {
                    // A README beside the records describes them: it is
                    // expected there, so skipping it is not worth a warning.
                } else {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::SkippedFile,
                            entry.path(),
                            None,
                            "not a record file; skipped",
                        )
                        .with_hint(format!(
                            "record files end in {}; move other files out of the data folder",
                            EXTENSIONS.map(|e| format!("`.{e}`")).join(", ")
                        )),
                    );
                }
            }
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => diagnostics.push(not_regular(entry.path(), &entry.file_type(), false)),
            Err(e) if e.loop_ancestor().is_some() => {
                let at = e.path().unwrap_or(path).to_owned();
                diagnostics.push(
                    Diagnostic::new(
                        Code::SkippedFile,
                        &at,
                        None,
                        "a symbolic link loops back to a folder above it; skipped",
                    )
                    .with_hint("remove the link, or point it somewhere outside the data folder"),
                );
            }
            Err(e) => {
                let at = e.path().unwrap_or(path).to_owned();
                // A link whose target does not exist is a problem in the
                // data folder, not a failure to run: say where it points.
                let dangling = std::fs::symlink_metadata(&at)
                    .is_ok_and(|m| m.file_type().is_symlink())
                    && std::fs::metadata(&at).is_err();
                if dangling {
                    let target = std::fs::read_link(&at)
                        .map(|t| t.display().to_string())
                        .unwrap_or_default();
                    diagnostics.push(
                        Diagnostic::new(
                            Code::SkippedFile,
                            &at,
                            None,
                            format!("a symbolic link to `{target}`, which does not exist; skipped"),
                        )
                        .with_hint("remove the link, or point it at the record file it stands for"),
                    );
                    continue;
                }
                diagnostics.push(
                    Diagnostic::new(Code::IoError, &at, None, format!("cannot read: {e}"))
                        .with_hint("check that the file exists and that you may read it"),
                );
            }
        }
    }
    diagnostics.append(&mut refused);
    linked
}

/// Markdown files (`.md`, `.markdown`), such as a folder's README: the
/// documentation of a data folder, skipped without a warning.
fn is_documentation(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A link met in a folder that leads out of the folders given. Its target
/// is named as the link spells it (never read).
fn link_out_of_scope(link: &Path) -> Diagnostic {
    let target = std::fs::read_link(link)
        .map(|t| format!(" to `{}`", t.display()))
        .unwrap_or_default();
    Diagnostic::new(
        Code::SkippedFile,
        link,
        None,
        format!("a symbolic link{target}, outside the folders being checked; not followed"),
    )
    .with_hint(
        "links are followed only inside the folders named on the command line: name the folder it points into as well, or copy the files into the data folder",
    )
}

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum Refused {
    /// Opening or reading failed.
    Io(std::io::Error),
    /// Not a regular file (any more): what it is.
    NotRegular(std::fs::FileType),
    /// A different file from the one the walk met (replaced since).
    Changed,
    /// Larger than the limit: its size in bytes.
    TooLarge(u64),
}

/// Reads the file the walk met at `path`, if it still is that regular file
/// and holds at most `max` bytes. It is opened without blocking and without
/// becoming a controlling terminal, and its type is checked on the opened
/// file, so a pipe or device put in its place is never read; at most
/// `max + 1` bytes are read, so a huge file costs no more than a small one.
///
/// `id`, when given, is the file the walk met there: another file found
/// there is not read.
pub(crate) fn read(path: &Path, id: Option<&FileId>, max: u64) -> Result<Contents, Refused> {
    read_if(path, max, |found| id.is_none_or(|id| found == id))
}

/// Reads `path` as [`read`] does, if the file opened is one that `wanted`
/// accepts.
fn read_if(path: &Path, max: u64, wanted: impl Fn(&FileId) -> bool) -> Result<Contents, Refused> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(Refused::Io)?;
    let metadata = file.metadata().map_err(Refused::Io)?;
    if !metadata.is_file() {
        return Err(Refused::NotRegular(metadata.file_type()));
    }
    let id = FileId::of(path, &metadata).map_err(Refused::Io)?;
    if !wanted(&id) {
        return Err(Refused::Changed);
    }
    let mut bytes = Vec::with_capacity(4096);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooLarge(metadata.len().max(max + 1)));
    }
    Ok(Contents {
        bytes,
        id,
        other_names: has_other_names(&metadata),
    })
}

/// Reads files the walk found again, by path, under the same rules: for
/// positions and quoting after the first pass. What it opens must be a
/// regular file and one of the physical files the walk found (so a path
/// that now leads elsewhere, through a link or a file put in its place, is
/// not read), within the size limit.
#[derive(Debug, Default)]
pub(crate) struct Reader {
    /// The files found, sorted: 16 bytes each on Unix, rather than their
    /// paths.
    ids: Vec<FileId>,
    max: u64,
}

impl Reader {
    /// A reader of the files `ids` names, each at most `max` bytes.
    pub(crate) fn new(mut ids: Vec<FileId>, max: u64) -> Self {
        ids.par_sort_unstable();
        Reader { ids, max }
    }

    /// The text of `path`, when it is one of the files found, within the
    /// limit, and UTF-8.
    pub(crate) fn text(&self, path: &Path) -> Option<String> {
        let read = read_if(path, self.max, |id| self.ids.binary_search(id).is_ok()).ok()?;
        String::from_utf8(read.bytes).ok()
    }
}

/// The diagnostic for a file the first read refused.
pub(crate) fn refused(path: &Path, why: Refused, max: u64) -> Diagnostic {
    match why {
        Refused::Io(e) => Diagnostic::new(
            Code::IoError,
            path,
            None,
            format!("cannot read the file: {e}"),
        )
        .with_hint("check that the file exists and that you may read it"),
        Refused::NotRegular(kind) => not_regular(path, &kind, false),
        Refused::Changed => Diagnostic::new(
            Code::IoError,
            path,
            None,
            "the file was replaced while it was being checked",
        )
        .with_hint("run the check again once nothing is changing the data folder"),
        Refused::TooLarge(size) => Diagnostic::new(
            Code::FileTooLarge,
            path,
            None,
            format!("the file is {size} bytes; record files are limited to {max} bytes"),
        )
        .with_hint("a record file holds one record; split the data into one file per record"),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    }

    /// The reads after the first (positions, quoting) keep to the rules:
    /// only files found, still the same regular file, within the limit.
    #[test]
    fn later_reads_keep_to_the_rules() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        for name in ["a.yaml", "b.yaml", "c.yaml", "d.yaml"] {
            std::fs::write(data.join(name), "party: x\n").unwrap();
        }
        std::fs::write(dir.path().join("outside.yaml"), "secret: x\n").unwrap();
        let walked = find(&[&data]);
        assert!(walked.diagnostics.is_empty());
        // One folder without links: the files' identities are known once
        // read.
        assert!(walked.files.iter().all(|f| f.id.is_none()));
        let ids = walked
            .files
            .iter()
            .map(|f| read(&f.path, None, 16).unwrap().id)
            .collect();
        let reader = Reader::new(ids, 16);
        assert_eq!(
            reader.text(&data.join("a.yaml")).as_deref(),
            Some("party: x\n")
        );
        // Not found by the walk: never read.
        assert_eq!(reader.text(&dir.path().join("outside.yaml")), None);
        // Replaced since: by a pipe (opened without blocking, not read), by
        // a link to a file outside, by a larger file, by another file.
        std::fs::remove_file(data.join("a.yaml")).unwrap();
        mkfifo(&data.join("a.yaml"));
        std::fs::remove_file(data.join("b.yaml")).unwrap();
        std::os::unix::fs::symlink("../outside.yaml", data.join("b.yaml")).unwrap();
        std::fs::write(data.join("c.yaml"), "party: a longer text\n").unwrap();
        // (Written before the old one goes, so it cannot reuse its inode.)
        std::fs::write(data.join("new.yaml"), "party: y\n").unwrap();
        std::fs::rename(data.join("new.yaml"), data.join("d.yaml")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let texts: Vec<Option<String>> = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"]
                .iter()
                .map(|n| reader.text(&data.join(n)))
                .collect();
            let _ = tx.send(texts);
        });
        let texts = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("no read blocks");
        assert_eq!(texts, [None, None, None, None]);
    }

    #[test]
    fn the_first_read_says_why_it_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "party: x\n").unwrap();
        // Named twice: identities are asked before reading.
        let walked = find(&[&path, &path]);
        assert_eq!(walked.files.len(), 1);
        let id = walked.files[0].id.as_ref();
        assert!(id.is_some());
        assert!(read(&path, id, 100).is_ok());
        assert!(matches!(read(&path, id, 4), Err(Refused::TooLarge(9))));
        std::fs::remove_file(&path).unwrap();
        mkfifo(&path);
        assert!(matches!(read(&path, id, 100), Err(Refused::NotRegular(_))));
        assert!(matches!(
            read(&path, None, 100),
            Err(Refused::NotRegular(_))
        ));
        // (Written before the pipe goes, so it cannot reuse its inode.)
        std::fs::write(dir.path().join("b.yaml"), "party: y\n").unwrap();
        std::fs::rename(dir.path().join("b.yaml"), &path).unwrap();
        assert!(matches!(read(&path, id, 100), Err(Refused::Changed)));
        assert!(read(&path, None, 100).is_ok());
    }
}
