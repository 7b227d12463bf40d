//! Errors a guest recorded and went on from (Python remoteobj's
//! `remoteobj.Except`): kept per object, grouped by the name the guest gave,
//! for the host to inspect or raise.

use remoteobj_protocol::RemoteError;

use crate::error::Error;

/// The most errors kept per object; later ones are counted, not kept.
pub const MAX_CAUGHT: usize = 1024;

/// One error a guest recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct CaughtError {
    /// The group the guest recorded it under (`catch("process", ...)`).
    pub group: String,
    /// The error, with its guest-side trace.
    pub error: RemoteError,
}

/// The errors a guest recorded, in the order it recorded them (see
/// [`RemoteObject::caught`](crate::RemoteObject::caught)).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaughtErrors {
    errors: Vec<CaughtError>,
    dropped: u64,
}

impl CaughtErrors {
    /// Records one, or counts it once [`MAX_CAUGHT`] are kept. What is
    /// kept of each is bounded too (its message to 4,096 characters, its
    /// trace to 32 frames of 256), so a guest that reports errors without
    /// end costs the host a few megabytes at most.
    pub(crate) fn record(&mut self, mut group: String, mut error: RemoteError) {
        if self.errors.len() >= MAX_CAUGHT {
            self.dropped += 1;
            return;
        }
        cut(&mut group, 256);
        cut(&mut error.type_name, 256);
        cut(&mut error.message, 4096);
        error.trace.truncate(32);
        for frame in &mut error.trace {
            cut(frame, 256);
        }
        self.errors.push(CaughtError { group, error });
    }

    /// Every error kept, oldest first (Python's `catch.all()`).
    pub fn all(&self) -> &[CaughtError] {
        &self.errors
    }

    /// The errors of one group, oldest first (Python's `catch.group(name)`).
    pub fn group(&self, group: &str) -> Vec<&RemoteError> {
        self.errors
            .iter()
            .filter(|c| c.group == group)
            .map(|c| &c.error)
            .collect()
    }

    /// The group names, in the order each first appeared.
    pub fn groups(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for c in &self.errors {
            if !names.contains(&c.group.as_str()) {
                names.push(&c.group);
            }
        }
        names
    }

    /// The first error recorded, if any.
    pub fn first(&self) -> Option<&CaughtError> {
        self.errors.first()
    }

    /// The latest error kept, if any.
    pub fn last(&self) -> Option<&CaughtError> {
        self.errors.last()
    }

    /// How many errors were kept.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Whether none was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.dropped == 0
    }

    /// How many were recorded after [`MAX_CAUGHT`] and not kept.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Raises the first error recorded, as [`Error::Remote`]; `Ok` when
    /// there is none (Python's `catch.raise_any()`, which raises one).
    pub fn raise_first(&self) -> Result<(), Error> {
        match self.first() {
            Some(c) => Err(Error::Remote(c.error.clone())),
            None => Ok(()),
        }
    }
}

/// Cuts `text` to its first `chars` characters.
fn cut(text: &mut String, chars: usize) {
    if let Some((at, _)) = text.char_indices().nth(chars) {
        text.truncate(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use remoteobj_protocol::ErrorKind;

    fn error(message: &str) -> RemoteError {
        RemoteError {
            kind: ErrorKind::Index,
            type_name: "T".into(),
            message: message.into(),
            trace: Vec::new(),
        }
    }

    #[test]
    fn groups_keep_their_order_and_the_first_is_raised() {
        let mut caught = CaughtErrors::default();
        assert!(caught.is_empty() && caught.raise_first().is_ok());
        caught.record("init".into(), error("a"));
        caught.record("process".into(), error("b"));
        caught.record("process".into(), error("c"));
        assert_eq!(caught.groups(), ["init", "process"]);
        let process: Vec<&str> = caught
            .group("process")
            .iter()
            .map(|e| e.message.as_str())
            .collect();
        assert_eq!(process, ["b", "c"]);
        assert!(caught.group("finish").is_empty());
        assert_eq!(caught.last().unwrap().error.message, "c");
        match caught.raise_first() {
            Err(Error::Remote(e)) => assert_eq!(e.message, "a"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn past_the_limit_errors_are_counted_not_kept() {
        let mut caught = CaughtErrors::default();
        for i in 0..MAX_CAUGHT + 3 {
            caught.record("g".into(), error(&i.to_string()));
        }
        assert_eq!((caught.len(), caught.dropped()), (MAX_CAUGHT, 3));
        assert_eq!(caught.first().unwrap().error.message, "0");

        let mut big = error(&"é".repeat(10_000));
        big.trace = vec!["f".repeat(1000); 100];
        let mut caught = CaughtErrors::default();
        caught.record("g".into(), big);
        let kept = &caught.first().unwrap().error;
        assert_eq!(kept.message.chars().count(), 4096);
        assert_eq!(kept.trace.len(), 32);
        assert!(kept.trace.iter().all(|f| f.len() == 256));
    }
}
