//! A `#[remote]` impl block: its methods and their options.

use proc_macro2::{Span, TokenStream};
use syn::{FnArg, Ident, ImplItem, ItemImpl, ReturnType, Type, spanned::Spanned};

use super::{Output, ParamModel, doc_of, output_of, take_remote_attrs, typed_params};

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
