//! Call arguments: positional values in order, then named ones, each
//! encoded as CBOR as it is added.

use serde::Serialize;
use serde_bytes::ByteBuf;

use crate::value::{Value, encode_message};

/// Arguments for a call: positional values in order, then named ones.
///
/// Tuples of serializable values convert into `Args` (`(6,)`, `("a", 2)`), as
/// does `()` for no arguments; named arguments use the builder:
/// `Args::new().kwarg("state", true)`.
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub(crate) positional: Vec<ByteBuf>,
    pub(crate) named: Vec<(String, ByteBuf)>,
    /// Why the first value that did not encode did not, reported as an
    /// [`Error::Encode`](crate::Error::Encode) when the call is made.
    pub(crate) invalid: Option<String>,
}

impl Args {
    /// No arguments.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a positional argument.
    pub fn arg<T: Serialize>(mut self, value: T) -> Self {
        match encode_message(&value) {
            Ok(bytes) => self.positional.push(ByteBuf::from(bytes)),
            Err(e) => self.invalid = self.invalid.or(Some(e)),
        }
        self
    }

    /// Adds a named argument.
    pub fn kwarg<T: Serialize>(mut self, name: impl Into<String>, value: T) -> Self {
        match encode_message(&value) {
            Ok(bytes) => self.named.push((name.into(), ByteBuf::from(bytes))),
            Err(e) => self.invalid = self.invalid.or(Some(e)),
        }
        self
    }

    /// Adds an already encoded positional argument.
    pub fn arg_value(self, value: &Value) -> Self {
        self.arg(value)
    }
}

/// Conversion into call arguments; implemented for [`Args`], `()` and tuples
/// of up to six serializable values.
pub trait IntoArgs {
    /// The arguments.
    fn into_args(self) -> Args;
}

impl IntoArgs for Args {
    fn into_args(self) -> Args {
        self
    }
}

macro_rules! tuple_args {
    ($($name:ident),*) => {
        impl<$($name: Serialize),*> IntoArgs for ($($name,)*) {
            #[allow(non_snake_case)]
            fn into_args(self) -> Args {
                let ($($name,)*) = self;
                Args::new()$(.arg($name))*
            }
        }
    };
}
tuple_args!();
tuple_args!(A);
tuple_args!(A, B);
tuple_args!(A, B, C);
tuple_args!(A, B, C, D);
tuple_args!(A, B, C, D, E);
tuple_args!(A, B, C, D, E, F);
