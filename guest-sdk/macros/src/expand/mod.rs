//! Writing the code: `impl Remote` for a struct ([`object`]), `impl
//! RemoteMethods` for an impl block ([`methods`]), the `passto` entry of a
//! free function ([`function`]); the helpers they share are here. Generated
//! code names the SDK as `::remoteobj_guest`.

mod client;
mod client_methods;
mod describe;
mod function;
mod methods;
mod object;
mod properties;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::Type;
use syn::ext::IdentExt;

use crate::parse::{Output, ParamModel};

pub use function::remote_function;
pub use methods::remote_impl;
pub use object::remote_struct;

/// An identifier for a local of the generated code: with a mixed-site span
/// it can never be confused with a user's parameter of the same name.
fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// The name a user's identifier has remotely (`r#type` is `type`).
fn remote_name(ident: &Ident) -> String {
    ident.unraw().to_string()
}

/// Decodes each parameter from the call's arguments (a borrowed parameter
/// into its owned form).
fn decode_params(params: &[ParamModel]) -> Vec<TokenStream> {
    let args = local("args");
    params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (pid, pname) = (&p.ident, remote_name(&p.ident));
            let (ty, mutability) = match &p.by_ref {
                Some((owned, true)) => (owned, quote!(mut)),
                Some((owned, false)) => (owned, quote!()),
                None => (&p.ty, quote!()),
            };
            match (&p.option_of, &p.default) {
                (Some(_), _) => quote! { let #mutability #pid: #ty = #args.optional(#i, #pname)?; },
                (None, Some(default)) => quote! {
                    let #mutability #pid: #ty =
                        #args.or_default(#i, #pname, ::core::convert::Into::into(#default))?;
                },
                (None, None) => quote! { let #mutability #pid: #ty = #args.required(#i, #pname)?; },
            }
        })
        .collect()
}

/// The parameters as the function receives them.
fn passed_params(params: &[ParamModel]) -> Vec<TokenStream> {
    params
        .iter()
        .map(|p| {
            let pid = &p.ident;
            match &p.by_ref {
                Some((_, true)) => quote!(&mut #pid),
                Some((_, false)) => quote!(&#pid),
                None => quote!(#pid),
            }
        })
        .collect()
}

/// Turns the method's result `value` into `Result<Return>`.
fn convert(output: &Output, value: TokenStream) -> TokenStream {
    match output {
        Output::Unit => {
            quote! { let () = #value; ::core::result::Result::Ok(::remoteobj_guest::Return::none()) }
        }
        Output::This => quote! {
            let _: ::remoteobj_guest::This = #value;
            ::core::result::Result::Ok(::remoteobj_guest::Return::This)
        },
        Output::Value(_) => quote! { ::remoteobj_guest::__private::returned(#value) },
        Output::Result { ok, .. } => {
            let (ok_id, err_id) = (local("ok"), local("err"));
            let ok = convert(ok, quote!(#ok_id));
            quote! {
                match #value {
                    ::core::result::Result::Ok(#ok_id) => { #ok }
                    ::core::result::Result::Err(#err_id) => ::core::result::Result::Err(
                        (&::remoteobj_guest::__private::Failure::new(#err_id)).to_remote_error(),
                    ),
                }
            }
        }
    }
}

fn output_string(output: &Output) -> String {
    match output {
        Output::Unit => "None".into(),
        Output::This => "Self".into(),
        Output::Value(ty) => type_string(ty),
        Output::Result { ok, ok_ty } => match **ok {
            Output::Unit | Output::This => output_string(ok),
            _ => type_string(ok_ty),
        },
    }
}

/// A type as a person would write it: `Vec<i64>`, `Option<String>`.
fn type_string(ty: &Type) -> String {
    let raw = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    for part in raw.split(' ') {
        let glue = out.ends_with(['<', '&', ':', '(', '['])
            || part.starts_with(['<', '>', ',', ':', ')', ']'])
            || out.is_empty();
        if !glue {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}
