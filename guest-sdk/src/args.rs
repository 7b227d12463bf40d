//! Call arguments: positional and named, decoded on demand into the method's
//! parameter types, with Python-like errors for missing, duplicate, extra or
//! mistyped arguments.

use serde::de::DeserializeOwned;

use crate::bindings::remoteobj::guest::types::CallArgs;
use crate::error::{Error, Result};
use crate::value::decode;

/// The arguments of one call.
#[derive(Debug)]
pub struct Args {
    callee: String,
    positional: Vec<Option<Vec<u8>>>,
    named: Vec<(String, Option<Vec<u8>>)>,
    /// A keyword given twice, reported by the first use of the arguments.
    repeated: Option<String>,
}

impl Args {
    /// Wraps the arguments of a call to `callee` (used in error messages).
    pub fn new(callee: impl Into<String>, args: CallArgs) -> Self {
        let named: Vec<(String, Option<Vec<u8>>)> = args
            .named
            .into_iter()
            .map(|a| (a.name, Some(a.value)))
            .collect();
        let repeated = named
            .iter()
            .enumerate()
            .find(|(i, (name, _))| named[..*i].iter().any(|(n, _)| n == name))
            .map(|(_, (name, _))| name.clone());
        Args {
            callee: callee.into(),
            positional: args.positional.into_iter().map(Some).collect(),
            named,
            repeated,
        }
    }

    /// The name of the called method.
    pub fn callee(&self) -> &str {
        &self.callee
    }

    fn check_repeated(&self) -> Result<()> {
        match &self.repeated {
            Some(name) => Err(Error::type_error(
                &self.callee,
                format!(
                    "{}() got keyword argument `{name}` more than once",
                    self.callee
                ),
            )),
            None => Ok(()),
        }
    }

    fn take(&mut self, index: usize, name: &str) -> Result<Option<Vec<u8>>> {
        self.check_repeated()?;
        let by_position = self.positional.get_mut(index).and_then(Option::take);
        let by_name = self
            .named
            .iter_mut()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.take());
        match (by_position, by_name) {
            (Some(_), Some(_)) => Err(Error::type_error(
                &self.callee,
                format!(
                    "{}() got multiple values for argument `{name}`",
                    self.callee
                ),
            )),
            (a, b) => Ok(a.or(b)),
        }
    }

    /// The parameter at `index` (or named `name`); missing is a `TypeError`.
    pub fn required<T: DeserializeOwned>(&mut self, index: usize, name: &str) -> Result<T> {
        match self.take(index, name)? {
            Some(bytes) => decode(&bytes, &format!("{}() argument `{name}`", self.callee)),
            None => Err(Error::type_error(
                &self.callee,
                format!("{}() missing required argument `{name}`", self.callee),
            )),
        }
    }

    /// The parameter at `index` (or named `name`); missing or null is `None`.
    pub fn optional<T: DeserializeOwned>(&mut self, index: usize, name: &str) -> Result<Option<T>> {
        match self.take(index, name)? {
            Some(bytes) => decode(&bytes, &format!("{}() argument `{name}`", self.callee)),
            None => Ok(None),
        }
    }

    /// The parameter at `index` (or named `name`), or `default` when missing.
    pub fn or_default<T: DeserializeOwned>(
        &mut self,
        index: usize,
        name: &str,
        default: T,
    ) -> Result<T> {
        Ok(self.optional(index, name)?.unwrap_or(default))
    }

    /// Fails if any argument was not consumed (too many positional
    /// arguments, or an unknown keyword).
    pub fn finish(&self) -> Result<()> {
        self.check_repeated()?;
        let extra = self.positional.iter().filter(|a| a.is_some()).count();
        if extra > 0 {
            return Err(Error::type_error(
                &self.callee,
                format!(
                    "{}() takes {} positional argument(s) but {} were given",
                    self.callee,
                    self.positional.len() - extra,
                    self.positional.len()
                ),
            ));
        }
        if let Some((name, _)) = self.named.iter().find(|(_, v)| v.is_some()) {
            return Err(Error::type_error(
                &self.callee,
                format!(
                    "{}() got an unexpected keyword argument `{name}`",
                    self.callee
                ),
            ));
        }
        Ok(())
    }
}
