//! Errors raised inside the guest; they travel back to the host as
//! structured remote errors (kind, type name, message, trace).

use std::{fmt, panic::Location};

pub use crate::bindings::remoteobj::guest::types::ErrorKind;

/// A guest-side error.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// Its class.
    pub kind: ErrorKind,
    /// The type the error concerns (`Counter`, `list`, ...).
    pub type_name: String,
    /// What went wrong.
    pub message: String,
    /// Where, innermost first; the resolver adds a frame per path link.
    pub trace: Vec<String>,
}

/// `Result` with the guest [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of any kind.
    ///
    /// Made in the guest author's code, it records where
    /// (`counter/src/lib.rs:42:13`: the path as the build gave it to the
    /// compiler, relative to the workspace for a member of it) as its first
    /// trace frame, as a Python traceback shows the line that raised; so do the constructors below. Errors the
    /// SDK makes itself do not.
    #[track_caller]
    pub fn new(kind: ErrorKind, type_name: impl Into<String>, message: impl Into<String>) -> Self {
        let mut e = Error {
            kind,
            type_name: type_name.into(),
            message: message.into(),
            trace: Vec::new(),
        };
        e.trace.extend(origin(Location::caller()));
        e
    }

    /// `AttributeError`: `type_name` has no attribute `name`.
    #[track_caller]
    pub fn no_attribute(type_name: &str, name: &str) -> Self {
        Self::new(
            ErrorKind::Attribute,
            type_name,
            format!("`{type_name}` has no attribute `{name}`"),
        )
    }

    /// `AttributeError` that suggests the nearest known name.
    #[track_caller]
    pub fn no_attribute_among(type_name: &str, name: &str, known: &[&str]) -> Self {
        let mut e = Self::no_attribute(type_name, name);
        if let Some(best) = nearest(name, known) {
            e.message.push_str(&format!("; did you mean `{best}`?"));
        }
        e
    }

    /// `TypeError`.
    #[track_caller]
    pub fn type_error(type_name: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Type, type_name, message)
    }

    /// `ValueError`.
    #[track_caller]
    pub fn value_error(type_name: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Value, type_name, message)
    }

    /// `KeyError`.
    #[track_caller]
    pub fn key_error(type_name: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Key, type_name, message)
    }

    /// `IndexError`.
    #[track_caller]
    pub fn index_error(type_name: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Index, type_name, message)
    }

    /// `RuntimeError`: the object's own code failed.
    #[track_caller]
    pub fn runtime(type_name: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Runtime, type_name, message)
    }

    /// The operation is not supported by this object.
    #[track_caller]
    pub fn unsupported(type_name: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unsupported, type_name, message)
    }

    /// Adds a trace frame (outermost last).
    pub fn at(mut self, frame: impl Into<String>) -> Self {
        self.trace.push(frame.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} ({}): {}", self.kind, self.type_name, self.message)
    }
}

impl std::error::Error for Error {}

/// The trace frame for an error made at `at`: none inside the SDK (its
/// errors say where through the resolver's frames).
fn origin(at: &Location<'_>) -> Option<String> {
    let sdk = file!().strip_suffix("error.rs")?;
    if at.file().starts_with(sdk) {
        return None;
    }
    Some(format!("{}:{}:{}", at.file(), at.line(), at.column()))
}

/// The known name closest to `name` by edit distance, if close enough.
pub fn nearest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= (k.len().max(name.len()) / 2).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_the_sdk_makes_do_not_say_where() {
        // Made in the SDK's own source: the resolver's frames say where.
        assert!(Error::runtime("T", "failed").trace.is_empty());
    }

    #[test]
    fn suggests_the_nearest_name() {
        assert_eq!(nearest("xx", &["x", "is_on", "another"]), Some("x"));
        assert_eq!(
            nearest("anothr", &["x", "is_on", "another"]),
            Some("another")
        );
        assert_eq!(nearest("zzzzzz", &["x", "is_on"]), None);
    }
}
