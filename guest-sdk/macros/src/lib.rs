//! `#[remote]`: turns a Rust struct and its `impl` block into a remoteobj
//! remote object. Re-exported by `remoteobj-guest`; see its documentation.
//!
//! The work is split as in thiserror's macro crate: `parse` reads the item
//! and its `#[remote(...)]` options into a model, `validate` checks the
//! model (every error carries the span of the offending tokens), and
//! `expand` writes the code. On an error the item is emitted again, its
//! `#[remote(...)]` options taken off, beside the error: a typo in an option
//! is then the only error, not one more for every use of the item.

#![warn(missing_docs)]

mod expand;
mod parse;
mod validate;

use proc_macro::TokenStream;
use quote::ToTokens;
use syn::{Item, parse_macro_input};

/// Makes a struct (its fields) or an `impl` block (its methods) remote.
///
/// On a struct with named fields, every field becomes an attribute, unless
/// marked:
/// - `#[remote(skip)]`: not visible remotely;
/// - `#[remote(read_only)]`: readable, not assignable;
/// - `#[remote(base)]`: the base this type delegates to (inheritance):
///   lookups not found on the type fall through to it, and `super` goes to
///   it; so do `str()` and `repr()` when the type has no `Display` or
///   `Debug` of its own;
/// - `#[remote(dynamic)]`: a `BTreeMap<String, Value>` that holds attributes
///   created remotely (`obj.something = 10`) and removed by `del`.
///
/// `#[remote(name = "Name")]` on the struct sets the type name shown remotely.
///
/// On an `impl` block, every method taking `&self` or `&mut self` becomes
/// callable (others are left alone), unless marked `#[remote(skip)]`; a type
/// has at most one `#[remote]` impl block. A parameter of type `Option<T>`
/// may be left out; `#[remote(default = EXPR)]` on a parameter gives it a
/// default; `&str`, `&[T]` and `&T` parameters are decoded into their owned
/// forms and lent to the method. A method returning `This` returns the
/// object itself; `Result<T, E>` turns `Err` into a remote error.
///
/// Properties (Python's `@property`) are attributes, not methods:
/// - `#[remote(getter)]` on a `&self` or `&mut self` method without other
///   parameters makes it a readable attribute named after the method; it
///   returns any serializable value or a `Result`;
/// - `#[remote(setter)]` on a `&mut self` method `set_<name>` with one
///   parameter makes `<name>` assignable (the value decoded and type-checked
///   as a field's); it returns `()` or `Result<(), E>` and needs the getter
///   `<name>` in the same block. Without a setter a property is read-only.
///
/// The struct looks a name up in its properties, then its fields (a
/// property hides a field of its name, so its setter cannot be bypassed),
/// then its `dynamic` map, then its base, so a derived type's property
/// overrides the base's and `super` reaches the base's. Properties are listed in the
/// schema as attributes; the object's whole value holds its fields only.
///
/// On a free function whose first parameter is `&T` or `&mut T` (T a
/// `#[remote]` struct), it makes the function available to `passto`: the
/// host calls it with the object first. List it in `export!(T, init,
/// functions(name, ...))`.
#[proc_macro_attribute]
pub fn remote(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = parse_macro_input!(item as Item);
    let original = item.clone();
    let result = match item {
        Item::Struct(s) => parse::remote_struct(attr.into(), s)
            .and_then(|model| validate::remote_struct(&model).map(|()| model))
            .map(|model| expand::remote_struct(&model)),
        Item::Impl(i) => parse::remote_impl(attr.into(), i)
            .and_then(|model| validate::remote_impl(&model).map(|()| model))
            .map(|model| expand::remote_impl(&model)),
        Item::Fn(f) => parse::remote_function(attr.into(), f)
            .and_then(|model| validate::remote_function(&model).map(|()| model))
            .map(|model| expand::remote_function(&model)),
        other => Err(syn::Error::new_spanned(
            other,
            "#[remote] goes on a struct with named fields, an impl block, or a free function",
        )),
    };
    match result {
        Ok(expanded) => expanded.into(),
        Err(error) => {
            let mut item = original;
            parse::strip_options(&mut item);
            let mut out = item.into_token_stream();
            out.extend(error.into_compile_error());
            out.into()
        }
    }
}
