//! Where `accord report` writes its briefings, and how.
//!
//! Each `-o` path is looked at before anything is read, and written only
//! after every briefing has been rendered:
//!
//! - `-` is standard output. So is a name of this process's descriptor 1
//!   (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`): the bytes go to the
//!   descriptor the shell gave, so with `-o /dev/stdout` and the shell's
//!   `>` or `>>`, the shell's file is filled or appended to. Other
//!   descriptor names (`/dev/stderr`, `/dev/fd/N`, `/proc/PID/fd/N`) are
//!   opened for appending and written through. None is ever replaced:
//!   renaming a new file over the file a descriptor names would leave the
//!   shell's redirection on the old, unlinked one. A name counts as a
//!   descriptor name wherever it appears: given, at any step of a chain of
//!   links, or reached through a linked folder. Other paths under `/dev`
//!   and `/proc` (`/dev/shm/b.pdf`) are judged by what they are.
//! - A path that is, or whose links lead to, a regular file: the file at
//!   the end of the links is replaced whole. The new contents go to a
//!   temporary file with a random name, created exclusively in the same
//!   folder (so a link planted at a guessable name cannot redirect them),
//!   given the old file's mode, synced, and renamed over it. The links
//!   themselves are left as they are.
//! - A new path (or a link to one) is created the same way, with the mode a
//!   new file gets (`0666` less the umask).
//! - Anything else that exists (a FIFO, a device, a socket) is opened and
//!   written through, never replaced.
//!
//! Temporary files are listed while they exist: an interrupt (Ctrl-C,
//! SIGTERM, SIGHUP) removes them before the process ends by the signal.
//!
//! Before writing, the outputs are checked: no two may reach the same file
//! or stream, none may be one of the inputs (the data, `--font`, `--rates`),
//! and none may be a record file inside a data folder; any other output
//! inside a data folder gets a warning, since the next run reads it back.

use std::ffi::OsStr;
use std::fs::{File, Metadata, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use crate::report::Format;

/// How many links are followed from one output name, as the kernel's own
/// limit for a path (`ELOOP`).
const MAX_LINKS: usize = 40;

/// One `-o` output: its name as given, its format, and how it is written.
#[derive(Debug)]
pub struct Output<F = Format> {
    /// The path as the user wrote it (`-` for standard output), for messages.
    pub given: PathBuf,
    /// The format, from the extension or `--format`.
    pub format: F,
    target: Target,
    identity: Identity,
}

impl<F> Output<F> {
    /// True when the output goes to this process's standard output or
    /// error rather than to a named file.
    pub fn is_stream(&self) -> bool {
        matches!(self.target, Target::Stdout | Target::Stderr)
    }
}

/// How an output is written.
#[derive(Debug)]
enum Target {
    /// This process's standard output.
    Stdout,
    /// This process's standard error.
    Stderr,
    /// Opened and written as it is (a FIFO, a device, a descriptor name);
    /// `append` for descriptor names, so that a file the shell opened
    /// with `>>` is appended to.
    Through { path: PathBuf, append: bool },
    /// Created, or replaced whole, through a temporary file renamed over
    /// this path (the end of any links, in a folder without links).
    Replace { path: PathBuf },
}

/// What an output reaches, to find two outputs that are one: the device
/// and inode of something that exists, or the resolved path of a new file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    Inode(u64, u64),
    New(PathBuf),
    /// A standard stream whose descriptor could not be examined.
    Stream(u8),
}

impl Identity {
    fn of(metadata: &Metadata) -> Identity {
        Identity::Inode(metadata.dev(), metadata.ino())
    }
}

/// The format an output is written in: `.pdf`, `.html` or `.htm` (in any
/// case) says it; `--format` gives it for `-` and for other names, and may
/// not contradict the extension. `-` without `--format` is PDF.
fn format_of(given: &Path, flag: Option<Format>) -> Result<Format, String> {
    let by_name = given.extension().and_then(OsStr::to_str).and_then(|e| {
        match e.to_ascii_lowercase().as_str() {
            "pdf" => Some(Format::Pdf),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    });
    let word = |f: Format| match f {
        Format::Pdf => "PDF",
        Format::Html => "HTML",
    };
    match (by_name, flag) {
        (Some(named), Some(asked)) if named != asked => Err(format!(
            "`{}` is named as {} but --format asks for {}: rename the output or leave out --format",
            given.display(),
            word(named),
            word(asked)
        )),
        (Some(named), _) => Ok(named),
        (None, Some(asked)) => Ok(asked),
        (None, None) if given.as_os_str() == "-" => Ok(Format::Pdf),
        (None, None) => Err(format!(
            "cannot tell the format of `{}`: name it .pdf or .html, or give --format",
            given.display()
        )),
    }
}

/// A descriptor name: `/dev/stdin|stdout|stderr`, `/dev/fd/N`,
/// `/proc/PID/fd/N` or `/proc/PID/task/TID/fd/N`, given with its folder
/// already resolved (so `/proc/self` reads `/proc/PID`). Returns the
/// process id (`None`: this process, by `/dev`) and the descriptor.
fn descriptor(here: &Path) -> Option<(Option<u32>, u32)> {
    let parts: Vec<&str> = here
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    let number = |s: &str| s.parse::<u32>().ok();
    match parts.as_slice() {
        ["dev", "stdin"] => Some((None, 0)),
        ["dev", "stdout"] => Some((None, 1)),
        ["dev", "stderr"] => Some((None, 2)),
        ["dev", "fd", n] => Some((None, number(n)?)),
        ["proc", pid, "fd", n] | ["proc", pid, "task", _, "fd", n] => {
            Some((Some(number(pid)?), number(n)?))
        }
        _ => None,
    }
}

/// What this process's standard output or error is, by its descriptor.
fn stream_identity(fd: u8) -> Identity {
    use std::os::fd::AsFd;
    let owned = match fd {
        1 => std::io::stdout().as_fd().try_clone_to_owned(),
        _ => std::io::stderr().as_fd().try_clone_to_owned(),
    };
    owned
        .and_then(|fd| File::from(fd).metadata())
        .map_or(Identity::Stream(fd), |m| Identity::of(&m))
}

/// Where one output leads, following links one by one as the kernel
/// would, but stopping at a descriptor name. Also returns every place the
/// name passed through (folders resolved), to check against the data
/// folders.
fn resolve(given: &Path) -> Result<(Target, Identity, Vec<PathBuf>), String> {
    if given.as_os_str() == "-" {
        return Ok((Target::Stdout, stream_identity(1), Vec::new()));
    }
    let cannot = |e: &dyn std::fmt::Display| format!("cannot write `{}`: {e}", given.display());
    let mut path = std::env::current_dir().map_err(|e| cannot(&e))?.join(given);
    let mut visited = Vec::new();
    for _ in 0..MAX_LINKS {
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(cannot(&"that is not a file name"));
        };
        let folder = std::fs::canonicalize(parent).map_err(|e| {
            format!(
                "cannot write `{}`: its folder `{}`: {e}",
                given.display(),
                parent.display()
            )
        })?;
        let here = folder.join(name);
        visited.push(here.clone());
        if let Some((pid, fd)) = descriptor(&here) {
            let ours = pid.is_none_or(|p| p == std::process::id());
            let target = match (ours, fd) {
                (true, 1) => Target::Stdout,
                (true, 2) => Target::Stderr,
                _ => Target::Through {
                    path: here.clone(),
                    append: true,
                },
            };
            let identity = match target {
                Target::Stdout => stream_identity(1),
                Target::Stderr => stream_identity(2),
                _ => Identity::of(&std::fs::metadata(&here).map_err(|e| cannot(&e))?),
            };
            return Ok((target, identity, visited));
        }
        let metadata = match std::fs::symlink_metadata(&here) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((
                    Target::Replace { path: here.clone() },
                    Identity::New(here),
                    visited,
                ));
            }
            Err(e) => return Err(cannot(&e)),
        };
        let kind = metadata.file_type();
        if kind.is_symlink() {
            // A relative link is read from the folder that holds it.
            path = folder.join(std::fs::read_link(&here).map_err(|e| cannot(&e))?);
        } else if kind.is_file() {
            return Ok((
                Target::Replace { path: here },
                Identity::of(&metadata),
                visited,
            ));
        } else if kind.is_dir() {
            return Err(format!(
                "cannot write `{}`: it is a folder; name a file in it",
                given.display()
            ));
        } else {
            return Ok((
                Target::Through {
                    path: here,
                    append: false,
                },
                Identity::of(&metadata),
                visited,
            ));
        }
    }
    Err(cannot(&"too many levels of symbolic links"))
}

/// The inputs an output must not be: data files and folders as given, and
/// other files read (`--font`, `--rates`).
#[derive(Debug, Default)]
struct Inputs {
    /// Identities of input files, with the name given for them.
    files: Vec<(Identity, PathBuf)>,
    /// Data folders, resolved, with the name given for them.
    folders: Vec<(PathBuf, PathBuf)>,
}

impl Inputs {
    fn new(data: &[PathBuf], others: &[&Path]) -> Inputs {
        let mut inputs = Inputs::default();
        for path in data
            .iter()
            .map(PathBuf::as_path)
            .chain(others.iter().copied())
        {
            // A missing input is the loader's to report.
            let Ok(metadata) = std::fs::metadata(path) else {
                continue;
            };
            if metadata.is_dir() {
                if let Ok(folder) = std::fs::canonicalize(path) {
                    inputs.folders.push((folder, path.to_owned()));
                }
            } else {
                inputs
                    .files
                    .push((Identity::of(&metadata), path.to_owned()));
            }
        }
        inputs
    }
}

/// Checks the `-o` paths (the formats they name, that no two reach one
/// file, that none is an input) and works out how each is written, before
/// anything is read. `data` are the record files and folders; `others`
/// the other files read (`--font`, `--rates`). When all is well, prints a
/// warning for each file written inside a data folder. `Err` is the
/// message to show (exit 2).
pub fn plan(
    given: &[PathBuf],
    flag: Option<Format>,
    data: &[PathBuf],
    others: &[&Path],
) -> Result<Vec<Output>, String> {
    plan_with(given, data, others, |path| format_of(path, flag))
}

/// [`plan`] for any command's formats: `format_of` tells each output's
/// format from its name (`accord export` has its own).
pub fn plan_with<F>(
    given: &[PathBuf],
    data: &[PathBuf],
    others: &[&Path],
    format_of: impl Fn(&Path) -> Result<F, String>,
) -> Result<Vec<Output<F>>, String> {
    let inputs = Inputs::new(data, others);
    let mut outputs: Vec<Output<F>> = Vec::with_capacity(given.len());
    let mut warnings = Vec::new();
    for path in given {
        let format = format_of(path)?;
        let (target, identity, visited) = resolve(path)?;
        if let Some(first) = outputs.iter().find(|o| o.identity == identity) {
            return Err(if first.given == *path {
                format!(
                    "`{}` is named twice as an output; name each output once",
                    path.display()
                )
            } else {
                format!(
                    "`{}` and `{}` are the same output; name each output once",
                    first.given.display(),
                    path.display()
                )
            });
        }
        if !matches!(target, Target::Stdout | Target::Stderr) {
            warnings.extend(check_not_input(
                path, &target, &identity, &visited, &inputs,
            )?);
        } else if let Some((_, input)) = inputs.files.iter().find(|(id, _)| *id == identity) {
            // `-o - >> data/a.yaml`: the shell opened an input for us.
            return Err(format!(
                "standard output is the input `{}`: the briefing would be written into it; send it elsewhere",
                input.display()
            ));
        }
        outputs.push(Output {
            given: path.clone(),
            format,
            target,
            identity,
        });
    }
    for warning in warnings {
        eprintln!("{warning}");
    }
    Ok(outputs)
}

/// Refuses an output that is an input file or would be read as a record
/// from a data folder. Returns a warning for a regular file that the next
/// check would read back and skip.
fn check_not_input(
    given: &Path,
    target: &Target,
    identity: &Identity,
    visited: &[PathBuf],
    inputs: &Inputs,
) -> Result<Option<String>, String> {
    if let Some((_, input)) = inputs.files.iter().find(|(id, _)| id == identity) {
        return Err(format!(
            "`{}` is an input (`{}`): writing the briefing there would replace it; write it elsewhere",
            given.display(),
            input.display()
        ));
    }
    let mut warning = None;
    for (i, place) in visited.iter().enumerate() {
        for (folder, name) in &inputs.folders {
            let Ok(inside) = place.strip_prefix(folder) else {
                continue;
            };
            // The loader skips hidden files and folders without reading them.
            let hidden = inside
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            if hidden {
                continue;
            }
            let is = if i == 0 {
                "is".to_owned()
            } else {
                format!("leads to `{}`,", place.display())
            };
            // In any case: `EXTRA.YAML` is a hand-written record too, even
            // if the loader only reads lower-case extensions.
            let record = place
                .extension()
                .and_then(OsStr::to_str)
                .is_some_and(|e| accord_ingest::EXTENSIONS.contains(&e.to_lowercase().as_str()));
            if record {
                return Err(format!(
                    "`{}` {is} a record file in the data folder `{}`: the briefing would replace a record or be read as one; write it elsewhere",
                    given.display(),
                    name.display()
                ));
            }
            if warning.is_none() && matches!(target, Target::Replace { .. }) {
                warning = Some(format!(
                    "warning: `{}` {is} in the data folder `{}`: the next check will read it back and warn that it is not a record; write it elsewhere, or under a name starting with `.`",
                    given.display(),
                    name.display()
                ));
            }
        }
    }
    Ok(warning)
}

/// After loading: refuses an output that is one of the files read from
/// the data folders (a hard link, or a symbolic link that stays inside the
/// folders given, may reach a file under another name; the loader follows
/// no link out of them).
/// `read` are the files the records came from. Only outputs that exist
/// already can be one, so with none nothing is examined.
pub fn check_not_read<'a, F>(
    outputs: &[Output<F>],
    read: impl IntoIterator<Item = &'a Path>,
) -> Result<(), String> {
    // Standard output redirected to a file (`>> data/a.yaml`) counts too.
    let existing: Vec<&Output<F>> = outputs
        .iter()
        .filter(|o| matches!(o.identity, Identity::Inode(..)))
        .collect();
    if existing.is_empty() {
        return Ok(());
    }
    for file in read {
        let Ok(metadata) = std::fs::metadata(file) else {
            continue;
        };
        let identity = Identity::of(&metadata);
        if let Some(output) = existing.iter().find(|o| o.identity == identity) {
            let named = if output.is_stream() {
                "standard output".to_owned()
            } else {
                format!("`{}`", output.given.display())
            };
            return Err(format!(
                "{named} is the record file `{}`: writing the briefing there would replace it; write it elsewhere",
                file.display()
            ));
        }
    }
    Ok(())
}

/// Temporary files that exist now, for the interrupt handler to remove.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporary() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// On SIGINT, SIGTERM or SIGHUP (unless ignored from the start: see
/// [`ignored`]), removes the temporary files that exist
/// and ends the process by the same signal (so a shell sees 130 after
/// Ctrl-C, and a script running `accord` in a loop stops too). signal-hook
/// runs this on a thread of its own rather than in the signal handler, so
/// it may take the lock and remove files; holding the lock until the end
/// keeps the main thread from creating or renaming another file meanwhile.
fn remove_temporary_files_on_interrupt() -> Result<(), String> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let watched = [SIGINT, SIGTERM, SIGHUP]
                .into_iter()
                .filter(|&s| !ignored(s));
            let mut signals = signal_hook::iterator::Signals::new(watched)
                .map_err(|e| format!("cannot watch for interrupts: {e}"))?;
            std::thread::Builder::new()
                .name("interrupt".to_owned())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        let files = temporary();
                        for file in files.iter() {
                            let _ = std::fs::remove_file(file);
                        }
                        // Returns only for signals whose default is to be
                        // ignored, which are not among those watched.
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                        std::process::exit(128 + signal);
                    }
                })
                .map(drop)
                .map_err(|e| format!("cannot watch for interrupts: {e}"))
        })
        .clone()
}

/// True when `signal` was ignored when this process started (`nohup`
/// ignores SIGHUP; a shell script's background jobs ignore SIGINT): such a
/// signal is left ignored, as programs are expected to. Read from `SigIgn`
/// in `/proc/self/status`; where that cannot be read (not Linux), no
/// signal is taken to be ignored.
pub(crate) fn ignored(signal: i32) -> bool {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return false;
    };
    status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .zip(u32::try_from(signal - 1).ok())
        .is_some_and(|(mask, bit)| mask.checked_shr(bit).is_some_and(|m| m & 1 == 1))
}

/// An error from tempfile without the temporary file's name, which it
/// adds as ` at path "…"` (its `PathError`, which does not give the
/// system's error back): the user never gave that name, and the message
/// names the output.
fn without_path(e: std::io::Error) -> std::io::Error {
    let text = e.to_string();
    match text.split_once(" at path ") {
        Some((words, _)) => std::io::Error::new(e.kind(), words.to_owned()),
        None => e,
    }
}

/// A temporary file holding one output's new contents, beside the file it
/// will replace; removed when dropped unless renamed into place.
#[derive(Debug)]
struct Staged {
    file: Option<tempfile::NamedTempFile>,
    target: PathBuf,
}

impl Staged {
    /// Creates the temporary file (listed for the interrupt handler), gives
    /// it the mode of the file it replaces, and writes and syncs `bytes`.
    fn new(target: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
        let folder = target.parent().unwrap_or(Path::new("."));
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let old = std::fs::metadata(target).ok().filter(Metadata::is_file);
        let prefix = format!(".{name}.");
        let mut staged = {
            let mut list = temporary();
            let file = tempfile::Builder::new()
                .prefix(&prefix)
                .suffix(".tmp")
                .rand_bytes(10)
                .permissions(std::fs::Permissions::from_mode(0o666))
                .tempfile_in(folder)
                .map_err(without_path)?;
            list.push(file.path().to_owned());
            Staged {
                file: Some(file),
                target: target.to_owned(),
            }
        };
        let file = staged
            .file
            .as_mut()
            .map(tempfile::NamedTempFile::as_file_mut);
        if let Some(file) = file {
            if let Some(old) = &old {
                // Keeping the owner needs privileges; without them the new
                // file is the writer's own, as any replaced file would be.
                // (Before the mode: a change of owner clears set-user-ID.)
                let new = file.metadata()?;
                if (old.uid(), old.gid()) != (new.uid(), new.gid()) {
                    let _ = std::os::unix::fs::fchown(&*file, Some(old.uid()), Some(old.gid()));
                }
                file.set_permissions(old.permissions())?;
            }
            file.write_all(bytes)?;
            file.sync_all()?;
        }
        Ok(staged)
    }

    /// Renames the temporary file over the target.
    fn persist(mut self) -> std::io::Result<()> {
        let mut list = temporary();
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let path = file.path().to_owned();
        let result = file.persist(&self.target).map(drop).map_err(|e| e.error);
        list.retain(|p| *p != path);
        result
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        let mut list = temporary();
        if let Some(file) = self.file.take() {
            let path = file.path().to_owned();
            drop(file);
            list.retain(|p| *p != path);
        }
    }
}

/// Writes every output, `bytes[i]` to `outputs[i]`: first each file to be
/// replaced into its temporary file, then the streams, FIFOs and devices,
/// and only then the temporary files renamed into place, so that a failure
/// before the end leaves every file as it was. A reader that closes a pipe
/// early is not a failure.
pub fn write_all<F>(outputs: &[Output<F>], bytes: &[&[u8]]) -> Result<(), String> {
    if outputs
        .iter()
        .any(|o| matches!(o.target, Target::Replace { .. }))
    {
        remove_temporary_files_on_interrupt()?;
    }
    let cannot =
        |o: &Output<F>, e: std::io::Error| format!("cannot write `{}`: {e}", o.given.display());
    let mut staged = Vec::new();
    for (output, bytes) in outputs.iter().zip(bytes) {
        if let Target::Replace { path } = &output.target {
            staged.push((
                output,
                Staged::new(path, bytes).map_err(|e| cannot(output, e))?,
            ));
        }
    }
    for (output, bytes) in outputs.iter().zip(bytes) {
        let result = match &output.target {
            Target::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes).and_then(|()| out.flush())
            }
            Target::Stderr => std::io::stderr().lock().write_all(bytes),
            Target::Through { path, append } => OpenOptions::new()
                .write(true)
                .append(*append)
                .custom_flags(libc::O_NOCTTY)
                .open(path)
                .and_then(|mut f| f.write_all(bytes)),
            Target::Replace { .. } => Ok(()),
        };
        match result {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(match output.target {
                    Target::Stdout => format!("cannot write to standard output: {e}"),
                    _ => cannot(output, e),
                });
            }
            _ => {}
        }
    }
    for (output, file) in staged {
        file.persist().map_err(|e| cannot(output, e))?;
    }
    Ok(())
}
