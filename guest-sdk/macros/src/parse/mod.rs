//! Reading a `#[remote]` item and its `#[remote(...)]` options into a model:
//! a struct ([`object`]), an impl block ([`methods`]), a free function
//! ([`function`]); what they share (parameters, return types, doc comments,
//! taking the options off) is here. Options are removed from the item, which
//! is emitted again unchanged otherwise. Unknown options are errors pointing
//! at the option.

mod function;
mod methods;
mod object;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

use syn::{
    Attribute, Expr, FnArg, GenericArgument, Ident, ImplItem, Item, Pat, PathArguments, Type,
    spanned::Spanned,
};

pub use function::{RemoteFunction, remote_function};
pub use methods::{MethodModel, RemoteImpl, Role, remote_impl};
pub use object::{FieldModel, RemoteStruct, remote_struct};

/// One parameter.
pub struct ParamModel {
    pub ident: Ident,
    pub ty: Type,
    /// The whole parameter, for errors that point at it.
    pub source: TokenStream,
    /// For a `&T` / `&mut T` parameter: the owned type the argument is
    /// decoded into (`String` for `&str`, `Vec<T>` for `&[T]`), and whether
    /// it is passed as `&mut`.
    pub by_ref: Option<(Type, bool)>,
    /// The span of a pattern standing where a plain name should.
    pub pattern: Option<Span>,
    /// `Some(T)` when the type is `Option<T>`: the argument may be left out.
    pub option_of: Option<Type>,
    /// `#[remote(default = EXPR)]`.
    pub default: Option<Expr>,
}

/// What a method returns.
pub enum Output {
    /// `()`
    Unit,
    /// `This`: the object itself.
    This,
    /// Any serializable value.
    Value(Type),
    /// `Result<T, E>`
    Result { ok: Box<Output>, ok_ty: Type },
}

/// Reads (and strips the options of) typed parameters.
fn typed_params<'a>(inputs: impl Iterator<Item = &'a mut FnArg>) -> syn::Result<Vec<ParamModel>> {
    let mut params = Vec::new();
    for arg in inputs {
        let FnArg::Typed(pat_type) = arg else {
            continue;
        };
        let mut default = None;
        for attr in take_remote_attrs(&mut pat_type.attrs) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("default") {
                    default = Some(meta.value()?.parse::<Expr>()?);
                    Ok(())
                } else {
                    Err(meta.error(
                        "unknown #[remote] option on a parameter; expected `default = EXPR`",
                    ))
                }
            })?;
        }
        // A pattern is fine on a function that is not remote; validation
        // refuses it on remote ones.
        let (ident, pattern) = match &*pat_type.pat {
            Pat::Ident(pat) => (pat.ident.clone(), None),
            other => (Ident::new("_", other.span()), Some(other.span())),
        };
        let ty = (*pat_type.ty).clone();
        let by_ref = match &ty {
            Type::Reference(r) => Some((owned_of(&r.elem), r.mutability.is_some())),
            _ => None,
        };
        params.push(ParamModel {
            source: pat_type.to_token_stream(),
            ident,
            option_of: option_inner(&ty),
            ty,
            by_ref,
            pattern,
            default,
        });
    }
    Ok(params)
}

fn output_of(ty: &Type) -> Output {
    if let Type::Tuple(t) = ty
        && t.elems.is_empty()
    {
        return Output::Unit;
    }
    if last_segment_is(ty, "This") {
        return Output::This;
    }
    // `Result<T, E>`, and aliases with the error fixed (`remoteobj_guest::Result<T>`,
    // `io::Result<T>`).
    let ok = generic_args::<2>(ty, "Result")
        .map(|[ok, _]| ok)
        .or_else(|| generic_args::<1>(ty, "Result").map(|[ok]| ok));
    if let Some(ok) = ok {
        return Output::Result {
            ok: Box::new(output_of(&ok)),
            ok_ty: ok,
        };
    }
    Output::Value(ty.clone())
}

/// What a borrowed parameter is decoded into.
pub fn owned_of(elem: &Type) -> Type {
    match elem {
        Type::Path(p) if p.path.is_ident("str") => syn::parse_quote!(::std::string::String),
        Type::Slice(s) => {
            let inner = &s.elem;
            syn::parse_quote!(::std::vec::Vec<#inner>)
        }
        other => other.clone(),
    }
}

fn last_segment_is(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == name))
}

/// The `N` type arguments of `Name<...>`, if `ty` is that.
pub fn generic_args<const N: usize>(ty: &Type, name: &str) -> Option<[Type; N]> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let types: Vec<Type> = args
        .args
        .iter()
        .filter_map(|a| match a {
            GenericArgument::Type(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    types.try_into().ok()
}

pub fn option_inner(ty: &Type) -> Option<Type> {
    generic_args::<1>(ty, "Option").map(|[t]| t)
}

/// Takes every `#[remote(...)]` option off an item (its fields, methods
/// and parameters), so that it can be emitted as plain Rust when the macro
/// reports an error.
pub fn strip_options(item: &mut Item) {
    fn params<'a>(inputs: impl Iterator<Item = &'a mut FnArg>) {
        for arg in inputs {
            if let FnArg::Typed(pat_type) = arg {
                take_remote_attrs(&mut pat_type.attrs);
            }
        }
    }
    match item {
        Item::Struct(s) => {
            for field in s.fields.iter_mut() {
                take_remote_attrs(&mut field.attrs);
            }
        }
        Item::Impl(i) => {
            for impl_item in i.items.iter_mut() {
                if let ImplItem::Fn(f) = impl_item {
                    take_remote_attrs(&mut f.attrs);
                    params(f.sig.inputs.iter_mut());
                }
            }
        }
        Item::Fn(f) => params(f.sig.inputs.iter_mut()),
        Item::Enum(e) => {
            for field in e.variants.iter_mut().flat_map(|v| v.fields.iter_mut()) {
                take_remote_attrs(&mut field.attrs);
            }
        }
        _ => {}
    }
}

/// Removes the `#[remote(...)]` attributes from `attrs` and returns them.
fn take_remote_attrs(attrs: &mut Vec<Attribute>) -> Vec<Attribute> {
    let (remote, rest): (Vec<_>, Vec<_>) =
        attrs.drain(..).partition(|a| a.path().is_ident("remote"));
    *attrs = rest;
    remote
}

/// The doc comment, one line per `///` line, trimmed.
fn doc_of(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}
