//! remoteobj guest SDK: expose a Rust type as a remote object from a
//! `wasm32-wasip2` component.
//!
//! Implement [`Remote`] for your type (fields as attributes, methods through
//! [`Remote::call_method`], a nested remote object through
//! [`Member::Object`], a base through [`Remote::base`]) and export it with one
//! line:
//!
//! ```ignore
//! #[derive(Default)]
//! struct Counter { x: i64 }
//!
//! impl remoteobj_guest::Remote for Counter { /* ... */ }
//!
//! remoteobj_guest::export!(Counter);
//! ```
//!
//! Std containers are remote objects already: a `Vec<T>` field behaves like a
//! Python list (`append`, `pop`, `insert`, item get/set/del with negative
//! indices, `len`, `in`).

#![warn(missing_docs)]

pub mod args;
#[doc(hidden)]
pub mod bindings;
pub mod containers;
mod dispatch;
pub mod error;
pub mod passto;
pub mod remote;
pub mod resolve;
#[doc(hidden)]
pub mod runtime;
pub mod schema;
pub mod value;

pub use args::Args;
pub use containers::Objects;
pub use error::{Error, ErrorKind, Result};
pub use remote::{Member, Remote, Return, This};
pub use remoteobj_guest_macros::remote;

#[doc(hidden)]
pub mod __private {
    pub use crate::dispatch::*;
}
pub use schema::Schema;
pub use value::{Value, decode, encode};

/// Exports a type as this component's remote object.
///
/// `export!(Counter)` creates the object with `Default::default()` on first
/// use; `export!(Counter, Counter::new)` uses the given constructor;
/// `export!(Counter, Counter::new, functions(total, summary))` (or
/// `export!(Counter, functions(total))` with `Default`) also exports
/// `#[remote]` free functions for `passto`.
#[macro_export]
macro_rules! export {
    ($ty:ty) => {
        $crate::export!($ty, <$ty as ::core::default::Default>::default);
    };
    ($ty:ty, functions($($function:ident),* $(,)?)) => {
        $crate::export!($ty, <$ty as ::core::default::Default>::default, functions($($function),*));
    };
    ($ty:ty, $init:expr) => {
        $crate::export!($ty, $init, functions());
    };
    ($ty:ty, $init:expr, functions($($function:ident),* $(,)?)) => {
        #[doc(hidden)]
        pub struct __RemoteobjExport;

        #[doc(hidden)]
        fn __remoteobj_init() -> ::std::boxed::Box<dyn $crate::Remote> {
            let init: fn() -> $ty = $init;
            ::std::boxed::Box::new(init())
        }

        #[doc(hidden)]
        static __REMOTEOBJ_FUNCTIONS: &[(&str, $crate::passto::FreeFunction)] =
            &[$((::core::stringify!($function), $function::__remote_call as $crate::passto::FreeFunction)),*];

        impl $crate::bindings::exports::remoteobj::guest::object::Guest for __RemoteobjExport {
            fn invoke(
                path: ::std::vec::Vec<$crate::bindings::remoteobj::guest::types::Op>,
            ) -> ::core::result::Result<
                $crate::bindings::remoteobj::guest::types::Outcome,
                $crate::bindings::remoteobj::guest::types::Error,
            > {
                $crate::runtime::invoke(__remoteobj_init, __REMOTEOBJ_FUNCTIONS, path)
            }

            fn describe() -> $crate::bindings::remoteobj::guest::types::Schema {
                $crate::runtime::describe(__remoteobj_init)
            }
        }

        $crate::bindings::__export_world!(__RemoteobjExport with_types_in $crate::bindings);
    };
}
