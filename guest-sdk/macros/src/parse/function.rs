//! A `#[remote]` free function, for `passto`.

use proc_macro2::{Span, TokenStream};
use syn::{FnArg, ItemFn, ReturnType, Type, spanned::Spanned};

use super::{Output, ParamModel, output_of, typed_params};

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
