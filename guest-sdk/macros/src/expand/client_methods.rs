//! The typed client's methods for a `#[remote]` impl block (see
//! [`super::client`]): one per callable method, with the method's own
//! parameter and return types, and its async form; a getter per property
//! and a setter per property that has one.
//!
//! Parameters go positionally until one that may be left out is left out
//! (`None`), then by name. An `Option<T>` parameter stays `Option<T>`; one
//! with a `#[remote(default = ...)]` becomes `Option<T>` (`None`: the
//! guest's default). A method returning `This` gives the client back, so
//! calls chain. Methods named like the client's own (`proxy`,
//! `from_proxy`, `with_timeout`, `spawn`, `spawn_async`, `super_`) are
//! reached through `proxy()`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::visit_mut::VisitMut;
use syn::{Type, TypePath};

use super::client::{client_ident, host};
use super::remote_name;
use crate::parse::{MethodModel, Output, ParamModel, RemoteImpl};

/// The names the client has of its own.
const RESERVED: &[&str] = &[
    "proxy",
    "from_proxy",
    "with_timeout",
    "spawn",
    "spawn_async",
    "super_",
];

/// The client's methods for the block, or nothing when its type is not a
/// plain path (the struct's client is named after the path's last part).
pub fn impl_client(model: &RemoteImpl) -> TokenStream {
    let self_ty = &*model.item.self_ty;
    let Type::Path(path) = self_ty else {
        return TokenStream::new();
    };
    if path.qself.is_some() {
        return TokenStream::new();
    }
    let mut client = path.clone();
    let Some(last) = client.path.segments.last_mut() else {
        return TokenStream::new();
    };
    last.ident = client_ident(&last.ident);
    let methods = model
        .methods
        .iter()
        .filter(|m| m.role.is_none())
        .filter(|m| !RESERVED.contains(&remote_name(&m.ident).as_str()))
        .map(|m| method(m, self_ty));
    let properties = model
        .properties()
        .into_iter()
        .map(|(_, getter, setter)| property(getter, setter, self_ty));
    quote! {
        #[cfg(not(target_family = "wasm"))]
        #[allow(dead_code)]
        impl #client {
            #(#methods)*
            #(#properties)*
        }
    }
}

/// `Self` in the guest's signature is the guest type, not the client.
fn unselfed(ty: &Type, self_ty: &Type) -> Type {
    struct Unself<'a>(&'a Type);
    impl VisitMut for Unself<'_> {
        fn visit_type_mut(&mut self, ty: &mut Type) {
            if let Type::Path(TypePath { qself: None, path }) = ty
                && path.is_ident("Self")
            {
                *ty = self.0.clone();
                return;
            }
            syn::visit_mut::visit_type_mut(self, ty);
        }
    }
    let mut ty = ty.clone();
    Unself(self_ty).visit_type_mut(&mut ty);
    ty
}

/// What the client returns for `output`, and how it gets it from the call
/// proxy `call` (sync, and async).
fn returned(
    output: &Output,
    self_ty: &Type,
    call: &TokenStream,
) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    let h = host();
    match output {
        Output::Unit => (
            quote!(()),
            quote!(),
            quote!(#call.get::<()>()),
            quote!(#call.get_async::<()>().await),
        ),
        Output::This => (
            quote!(Self),
            quote!(),
            quote!(#call.resolve_this().map(Self::from_proxy)),
            quote!(#call.resolve_this_async().await.map(Self::from_proxy)),
        ),
        Output::Value(ty) => {
            let ty = unselfed(ty, self_ty);
            (
                quote!(#ty),
                quote!(for<'__a> #ty: #h::__serde::de::DeserializeOwned,),
                quote!(#call.get::<#ty>()),
                quote!(#call.get_async::<#ty>().await),
            )
        }
        Output::Result { ok, .. } => returned(ok, self_ty, call),
    }
}

/// A parameter as the client takes it, and the bound its type needs.
fn client_param(p: &ParamModel, self_ty: &Type) -> (TokenStream, TokenStream) {
    let h = host();
    let (ty, owned) = match &p.by_ref {
        // `&mut T` is sent as `&T`.
        Some((owned, _)) => match &p.ty {
            Type::Reference(r) => {
                let elem = unselfed(&r.elem, self_ty);
                (quote!(&#elem), unselfed(owned, self_ty))
            }
            other => (quote!(#other), unselfed(owned, self_ty)),
        },
        None => {
            let ty = unselfed(&p.ty, self_ty);
            (
                quote!(#ty),
                p.option_of.as_ref().map_or(ty, |t| unselfed(t, self_ty)),
            )
        }
    };
    let ty = if p.default.is_some() && p.option_of.is_none() {
        quote!(::core::option::Option<#ty>)
    } else {
        ty
    };
    (ty, quote!(for<'__a> #owned: #h::__serde::Serialize,))
}

/// Adds each parameter to `args`: positionally until one is left out, then
/// by name.
fn add_args(params: &[ParamModel]) -> TokenStream {
    let h = host();
    let adds = params.iter().map(|p| {
        let (ident, key) = (&p.ident, remote_name(&p.ident));
        let add = quote! {
            __args = if __named { __args.kwarg(#key, __v) } else { __args.arg(__v) };
        };
        if p.option_of.is_some() || p.default.is_some() {
            quote! {
                match #ident {
                    ::core::option::Option::Some(__v) => { #add }
                    ::core::option::Option::None => __named = true,
                }
            }
        } else {
            quote! { let __v = #ident; #add }
        }
    });
    quote! {
        #[allow(unused_mut)]
        let mut __args = #h::Args::new();
        #[allow(unused_mut, unused_variables)]
        let mut __named = false;
        #(#adds)*
    }
}

/// A callable method and its async form.
fn method(m: &MethodModel, self_ty: &Type) -> TokenStream {
    let h = host();
    let ident = &m.ident;
    let key = remote_name(ident);
    let ident_async = format_ident!("{}_async", ident.unraw());
    let doc = if m.doc.is_empty() {
        format!("Calls `{key}` on the remote object.")
    } else {
        m.doc.clone()
    };
    let (params, bounds): (Vec<_>, Vec<_>) = m
        .params
        .iter()
        .map(|p| {
            let (ty, bound) = client_param(p, self_ty);
            let pid = &p.ident;
            (quote!(#pid: #ty), bound)
        })
        .unzip();
    let add_args = add_args(&m.params);
    let call = quote!(__call);
    let (ret, ret_bound, sync_get, async_get) = returned(&m.output, self_ty, &call);
    quote! {
        #[doc = #doc]
        pub fn #ident(&self, #(#params),*) -> ::core::result::Result<#ret, #h::Error>
        where #(#bounds)* #ret_bound
        {
            #add_args
            let #call = #h::typed::Call::new(self.proxy().attr(#key).call_proxy(__args));
            #sync_get
        }

        #[doc = #doc]
        #[doc = ""]
        #[doc = "(Async: the arguments are encoded now, the call is sent when the future is first polled.)"]
        pub fn #ident_async(&self, #(#params),*)
            -> impl ::core::future::Future<Output = ::core::result::Result<#ret, #h::Error>> + ::core::marker::Send + use<>
        where #(#bounds)* #ret_bound
        {
            #add_args
            let #call = #h::typed::Call::new(self.proxy().attr(#key).call_proxy(__args));
            async move { #async_get }
        }
    }
}

/// A property's getter, and its setter if it has one.
fn property(getter: &MethodModel, setter: Option<&MethodModel>, self_ty: &Type) -> TokenStream {
    let h = host();
    let ident = &getter.ident;
    let key = remote_name(ident);
    let doc = if getter.doc.is_empty() {
        format!("The property `{key}`.")
    } else {
        getter.doc.clone()
    };
    let call = quote!(__call);
    let (ret, ret_bound, sync_get, _) = returned(&getter.output, self_ty, &call);
    let get = quote! {
        #[doc = #doc]
        pub fn #ident(&self) -> ::core::result::Result<#ret, #h::Error>
        where #ret_bound
        {
            let #call = #h::typed::Call::new(self.proxy().attr(#key));
            #sync_get
        }
    };
    let Some(param) = setter.and_then(|s| s.params.first()) else {
        return get;
    };
    let setter_ident = format_ident!("set_{}", ident.unraw());
    let set_doc = format!("Assigns the property `{key}`.");
    let (ty, bound) = client_param(param, self_ty);
    quote! {
        #get

        #[doc = #set_doc]
        pub fn #setter_ident(&self, value: #ty) -> ::core::result::Result<(), #h::Error>
        where #bound
        {
            self.proxy().set_attr(#key, value)
        }
    }
}
