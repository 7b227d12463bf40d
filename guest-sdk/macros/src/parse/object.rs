//! A `#[remote]` struct: its fields and their options.

use proc_macro2::{Span, TokenStream};
use syn::{Ident, ItemStruct, LitStr, Type, spanned::Spanned};

use super::{doc_of, take_remote_attrs};

/// A `#[remote]` struct.
pub struct RemoteStruct {
    /// The struct, without `#[remote(...)]` field options.
    pub item: ItemStruct,
    /// The type name shown remotely.
    pub name: String,
    /// Where `name = "..."` was given, if it was.
    pub name_span: Option<Span>,
    /// The struct's doc comment.
    pub doc: String,
    /// Its fields, in order.
    pub fields: Vec<FieldModel>,
}

/// One field and its options.
pub struct FieldModel {
    pub ident: Ident,
    pub ty: Type,
    pub doc: String,
    /// `#[remote(skip)]`, with its span.
    pub skip: Option<Span>,
    /// `#[remote(read_only)]`, with its span.
    pub read_only: Option<Span>,
    /// `#[remote(base)]`, with its span.
    pub base: Option<Span>,
    /// `#[remote(dynamic)]`, with its span: a map holding attributes created
    /// remotely (a Python instance's `__dict__`).
    pub dynamic: Option<Span>,
}

/// Parses a struct and the arguments of its `#[remote(...)]`.
pub fn remote_struct(args: TokenStream, mut item: ItemStruct) -> syn::Result<RemoteStruct> {
    let mut name = None;
    let mut name_span = None;
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("name") {
            let lit: LitStr = meta.value()?.parse()?;
            name_span = Some(lit.span());
            name = Some(lit.value());
            Ok(())
        } else {
            Err(meta.error("unknown #[remote] option on a struct; expected `name = \"...\"`"))
        }
    });
    syn::parse::Parser::parse2(parser, args)?;
    let syn::Fields::Named(named) = &mut item.fields else {
        return Err(syn::Error::new_spanned(
            &item.fields,
            "#[remote] needs a struct with named fields (they become its attributes)",
        ));
    };
    let mut fields = Vec::new();
    for field in named.named.iter_mut() {
        let mut model = FieldModel {
            ident: field.ident.clone().expect("named field"),
            ty: field.ty.clone(),
            doc: doc_of(&field.attrs),
            skip: None,
            read_only: None,
            base: None,
            dynamic: None,
        };
        for attr in take_remote_attrs(&mut field.attrs) {
            attr.parse_nested_meta(|meta| {
                let slot = if meta.path.is_ident("skip") {
                    &mut model.skip
                } else if meta.path.is_ident("read_only") {
                    &mut model.read_only
                } else if meta.path.is_ident("base") {
                    &mut model.base
                } else if meta.path.is_ident("dynamic") {
                    &mut model.dynamic
                } else {
                    return Err(meta.error(
                        "unknown #[remote] option on a field; expected `skip`, `read_only`, `base` or `dynamic`",
                    ));
                };
                if slot.is_some() {
                    return Err(meta.error("this option is given twice"));
                }
                *slot = Some(meta.path.span());
                Ok(())
            })?;
        }
        fields.push(model);
    }
    Ok(RemoteStruct {
        name: name.unwrap_or_else(|| item.ident.to_string()),
        name_span,
        doc: doc_of(&item.attrs),
        item,
        fields,
    })
}
