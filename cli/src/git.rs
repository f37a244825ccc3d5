//! Reading a folder (or file) of records as a git revision holds it, with
//! the `git` command: `git cat-file -t` says whether `REV:PATH` is a tree
//! or a blob, `git ls-tree -r -z` lists a tree's files and one `git
//! cat-file --batch` process streams their contents, which are written to
//! a temporary folder for `accord_ingest::load` to read like any other.
//!
//! Only git's object database is read: the work tree, the index and refs
//! are never written (`GIT_OPTIONAL_LOCKS=0` keeps even git's optional
//! index refresh away). The `git` command rather than a library (gix,
//! git2): it is what users have, it reads every repository format,
//! including the ones a library may not yet (partial clones, new object
//! formats), and two plumbing commands are all this needs.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// What [`extract`] wrote and what it left out.
#[derive(Debug, Default)]
pub struct Extracted {
    /// Files written.
    pub files: usize,
    /// Entries not written, each with why: symbolic links and submodules
    /// (git stores a link as its target's name; Accord reads regular files).
    pub skipped: Vec<(String, &'static str)>,
    /// The file's name when `REV:PATH` is a file rather than a folder.
    pub single: Option<std::ffi::OsString>,
}

fn git() -> Command {
    let mut c = Command::new("git");
    c.env("GIT_OPTIONAL_LOCKS", "0");
    c
}

/// Runs a git command and returns its standard output, or its standard
/// error in words when it fails.
fn output(args: &[&str]) -> Result<Vec<u8>, String> {
    let out = git()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("running `git`: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let message = String::from_utf8_lossy(&out.stderr);
        Err(message.trim().replace('\n', "; "))
    }
}

/// Writes the records `REV:PATH` names (a tree: all its files, kept in
/// their folders; a blob: that one file) into `to`, which must exist.
/// `Err` in words when git cannot read the revision or a file cannot be
/// written.
pub fn extract(rev: &str, path: &str, to: &Path) -> Result<Extracted, String> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(format!("`{rev}` is not a revision"));
    }
    let object = format!("{rev}:{path}");
    let kind = output(&["cat-file", "-t", &object])?;
    let mut extracted = Extracted::default();
    // (object id or name for cat-file, relative path to write)
    let mut wanted: Vec<(String, PathBuf)> = Vec::new();
    match String::from_utf8_lossy(&kind).trim() {
        "blob" => {
            let name = Path::new(path)
                .file_name()
                .ok_or_else(|| format!("`{object}` names no file"))?;
            wanted.push((object.clone(), PathBuf::from(name)));
            extracted.single = Some(name.to_owned());
        }
        "tree" => {
            let listing = output(&["ls-tree", "-r", "-z", "--", &object])?;
            for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
                let (head, name) = split_once(entry, b'\t')
                    .ok_or_else(|| "`git ls-tree` wrote a line without a tab".to_owned())?;
                let head = String::from_utf8_lossy(head);
                let mut fields = head.split(' ');
                let (mode, kind, id) = (fields.next(), fields.next(), fields.next());
                let name_text = String::from_utf8_lossy(name).into_owned();
                match (mode, kind, id) {
                    (Some("100644" | "100755"), Some("blob"), Some(id)) => {
                        let relative = safe_path(name).ok_or_else(|| {
                            format!("`{object}` holds a file named `{name_text}`, which is no relative path")
                        })?;
                        wanted.push((id.to_owned(), relative));
                    }
                    (Some("120000"), _, _) => extracted
                        .skipped
                        .push((name_text, "a symbolic link (not followed in a revision)")),
                    _ => extracted
                        .skipped
                        .push((name_text, "not a regular file (a submodule?)")),
                }
            }
        }
        other => return Err(format!("`{object}` is a {other}, not a folder or a file")),
    }
    let created = write_all(&wanted, to)?;
    extracted.files = created;
    Ok(extracted)
}

/// Streams the objects through one `git cat-file --batch` and writes each
/// under `to`.
fn write_all(wanted: &[(String, PathBuf)], to: &Path) -> Result<usize, String> {
    if wanted.is_empty() {
        return Ok(0);
    }
    let mut child = git()
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running `git cat-file`: {e}"))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| "no pipe to `git cat-file`".to_owned())?;
    let names: Vec<String> = wanted.iter().map(|(id, _)| id.clone()).collect();
    // Written from a thread: git answers while it reads, and both pipes
    // would fill if one side waited for the other.
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        let mut input = std::io::BufWriter::new(&mut stdin);
        for name in names {
            input.write_all(name.as_bytes())?;
            input.write_all(b"\n")?;
        }
        input.flush()
    });
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| "no pipe from `git cat-file`".to_owned())?;
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let mut made_dirs: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut header = String::new();
    let mut written = 0;
    let mut result = Ok(());
    for (name, relative) in wanted {
        header.clear();
        if let Err(e) = reader.read_line(&mut header) {
            result = Err(format!("reading from `git cat-file`: {e}"));
            break;
        }
        let size = match header.trim_end().rsplit_once(' ') {
            Some((left, size)) if left.ends_with(" blob") => size.parse::<usize>().ok(),
            _ => None,
        };
        let Some(size) = size else {
            result = Err(format!(
                "git could not give `{name}`: {}",
                header.trim_end()
            ));
            break;
        };
        let mut contents = vec![0; size];
        if let Err(e) = reader.read_exact(&mut contents) {
            result = Err(format!("reading `{name}` from git: {e}"));
            break;
        }
        let mut newline = [0u8; 1];
        if reader.read_exact(&mut newline).is_err() || newline != *b"\n" {
            result = Err("`git cat-file` wrote an object without its closing newline".to_owned());
            break;
        }
        let target = to.join(relative);
        if let Some(parent) = target.parent()
            && made_dirs.insert(parent.to_owned())
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            result = Err(format!("creating `{}`: {e}", parent.display()));
            break;
        }
        if let Err(e) = std::fs::write(&target, &contents) {
            result = Err(format!("writing `{}`: {e}", target.display()));
            break;
        }
        written += 1;
    }
    drop(reader);
    let _ = writer.join();
    let status = child.wait();
    result?;
    match status {
        Ok(s) if s.success() => Ok(written),
        Ok(s) => Err(format!("`git cat-file` ended with {s}")),
        Err(e) => Err(format!("waiting for `git cat-file`: {e}")),
    }
}

fn split_once(bytes: &[u8], at: u8) -> Option<(&[u8], &[u8])> {
    let i = bytes.iter().position(|&b| b == at)?;
    Some((&bytes[..i], &bytes[i + 1..]))
}

/// A path from a git tree as a relative path with only normal components
/// (git refuses `..` and absolute names in trees, but a hostile object
/// database is still no reason to write outside the folder).
fn safe_path(name: &[u8]) -> Option<PathBuf> {
    let text = std::str::from_utf8(name).ok()?;
    let path = PathBuf::from(text);
    (!text.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_))))
        .then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_written() {
        assert_eq!(safe_path(b"a/b.yaml"), Some(PathBuf::from("a/b.yaml")));
        assert_eq!(safe_path(b"../b.yaml"), None);
        assert_eq!(safe_path(b"/etc/passwd"), None);
        assert_eq!(safe_path(b""), None);
    }
}
