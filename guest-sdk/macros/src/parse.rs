//! Reading a `#[remote]` item and its `#[remote(...)]` options into a model.
//! Options are removed from the item, which is emitted again unchanged
//! otherwise. Unknown options are errors pointing at the option.

use proc_macro2::{Span, TokenStream};
use syn::{
    Attribute, Expr, FnArg, GenericArgument, Ident, ImplItem, Item, ItemFn, ItemImpl, ItemStruct,
    LitStr, Pat, PathArguments, ReturnType, Type, spanned::Spanned,
};

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

/// A `#[remote]` impl block.
pub struct RemoteImpl {
    /// The impl block, without `#[remote(...)]` options.
    pub item: ItemImpl,
    /// Its remotely callable methods.
    pub methods: Vec<MethodModel>,
}

/// One remotely callable method.
pub struct MethodModel {
    pub ident: Ident,
    pub doc: String,
    /// The receiver's span, when it takes `self` by value (not allowed).
    pub self_by_value: Option<Span>,
    /// The `async` keyword's span (not allowed).
    pub asyncness: Option<Span>,
    /// Generic parameters' span (not allowed).
    pub generics: Option<Span>,
    pub params: Vec<ParamModel>,
    pub output: Output,
}

/// One parameter.
pub struct ParamModel {
    pub ident: Ident,
    pub ty: Type,
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

/// A `#[remote]` free function, for `passto`.
pub struct RemoteFunction {
    /// The function, without `#[remote(...)]` parameter options.
    pub item: ItemFn,
    /// The object parameter's type (`T` of `&T` / `&mut T`), or the span of
    /// what stands there instead.
    pub object: std::result::Result<(Type, bool), Span>,
    /// The other parameters.
    pub params: Vec<ParamModel>,
    pub output: Output,
}

/// Parses a free function.
pub fn remote_function(args: TokenStream, mut item: ItemFn) -> syn::Result<RemoteFunction> {
    if !args.is_empty() {
        return Err(syn::Error::new_spanned(
            args,
            "#[remote] on a function takes no options",
        ));
    }
    let object = match item.sig.inputs.first() {
        Some(FnArg::Typed(pt)) => match &*pt.ty {
            Type::Reference(r) => Ok(((*r.elem).clone(), r.mutability.is_some())),
            other => Err(other.span()),
        },
        Some(other) => Err(other.span()),
        None => Err(item.sig.paren_token.span.join()),
    };
    let params = typed_params(item.sig.inputs.iter_mut().skip(1))?;
    let output = match &item.sig.output {
        ReturnType::Default => Output::Unit,
        ReturnType::Type(_, ty) => output_of(ty),
    };
    Ok(RemoteFunction {
        item,
        object,
        params,
        output,
    })
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

/// Parses an impl block; the `#[remote]` arguments must be empty.
pub fn remote_impl(args: TokenStream, mut item: ItemImpl) -> syn::Result<RemoteImpl> {
    if !args.is_empty() {
        return Err(syn::Error::new_spanned(
            args,
            "#[remote] on an impl block takes no options",
        ));
    }
    let mut methods = Vec::new();
    for impl_item in item.items.iter_mut() {
        let ImplItem::Fn(f) = impl_item else { continue };
        let mut skip = false;
        for attr in take_remote_attrs(&mut f.attrs) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("skip") {
                    skip = true;
                    Ok(())
                } else {
                    Err(meta.error("unknown #[remote] option on a method; expected `skip`"))
                }
            })?;
        }
        let receiver = f.sig.inputs.first().and_then(|arg| match arg {
            FnArg::Receiver(r) => Some(r.clone()),
            FnArg::Typed(_) => None,
        });
        // Parameter options are taken off every method, remote or not.
        let params = typed_params(f.sig.inputs.iter_mut())?;
        // Associated functions (constructors, helpers without self) stay local.
        let Some(receiver) = receiver else { continue };
        if skip {
            continue;
        }
        methods.push(MethodModel {
            ident: f.sig.ident.clone(),
            doc: doc_of(&f.attrs),
            // `self: &Self` / `self: &mut Self` are references too.
            self_by_value: (receiver.reference.is_none()
                && !matches!(&*receiver.ty, Type::Reference(_)))
            .then(|| receiver.span()),
            asyncness: f.sig.asyncness.map(|a| a.span()),
            generics: (!f.sig.generics.params.is_empty()).then(|| f.sig.generics.span()),
            params,
            output: match &f.sig.output {
                ReturnType::Default => Output::Unit,
                ReturnType::Type(_, ty) => output_of(ty),
            },
        });
    }
    Ok(RemoteImpl { item, methods })
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
fn owned_of(elem: &Type) -> Type {
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
fn generic_args<const N: usize>(ty: &Type, name: &str) -> Option<[Type; N]> {
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

fn option_inner(ty: &Type) -> Option<Type> {
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
