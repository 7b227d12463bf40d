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

use super::client::{claim, client_type, host};
use super::{local, remote_name};
use crate::parse::{MethodModel, Output, ParamModel, RemoteImpl};

/// The names the client has of its own (`remoteobj bindgen`'s clients
/// have the same: `RESERVED` in `src/cli/bindgen/rust.rs`).
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
    let Some(client) = client_type(self_ty) else {
        return TokenStream::new();
    };
    // The names the block's own members take, and each generated name as
    // it is claimed: a name taken already (`fetch_async` beside `fetch`) is
    // left out.
    let mut claimed: Vec<String> = model
        .methods
        .iter()
        .filter(|m| !m.is_setter())
        .map(|m| remote_name(&m.ident))
        .collect();
    let reserved = |name: &str| RESERVED.contains(&name);
    let mut generated = Vec::new();
    for m in model.methods.iter().filter(|m| m.role.is_none()) {
        if !reserved(&remote_name(&m.ident)) {
            generated.push(method(m, self_ty, &mut claimed));
        }
    }
    for (name, getter, setter) in model.properties() {
        if !reserved(&name) {
            generated.push(property(getter, setter, self_ty, &mut claimed));
        }
    }
    quote! {
        #[cfg(all(unix, not(target_family = "wasm")))]
        #[allow(dead_code)]
        impl #client {
            #(#generated)*
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

/// What the client gives back for a method's (or getter's) result.
struct Returned {
    /// The local holding the call proxy (a `typed::Call`) the ends below
    /// read from.
    call: TokenStream,
    /// The value's type.
    ty: TokenStream,
    /// The bound the host needs on it (`for<'__a>`: unmet, it makes the
    /// method uncallable rather than the crate uncompilable).
    bound: TokenStream,
    /// The sync body's end: the value from the call proxy `call`.
    get: TokenStream,
    /// The async form's type, and its body's end. A named future
    /// (`ReplyFuture`), so the bound on the value stays with the caller.
    future_ty: TokenStream,
    future: TokenStream,
}

/// What the client returns for `output`, and how it gets it from the call
/// proxy (sync, and async).
fn returned(output: &Output, self_ty: &Type) -> Returned {
    let h = host();
    let call = local("__call");
    let call = quote!(#call);
    let value = |ty: TokenStream, bound: TokenStream| Returned {
        call: call.clone(),
        get: quote!(#call.get::<#ty>()),
        future_ty: quote!(#h::ReplyFuture<#ty>),
        future: quote!(#call.future::<#ty>()),
        ty,
        bound,
    };
    match output {
        Output::Unit => value(quote!(()), quote!()),
        Output::This => Returned {
            call: call.clone(),
            ty: quote!(Self),
            bound: quote!(),
            get: quote!(#call.resolve_this().map(Self::from_proxy)),
            future_ty: quote! {
                ::core::pin::Pin<::std::boxed::Box<
                    dyn ::core::future::Future<
                        Output = ::core::result::Result<Self, #h::Error>,
                    > + ::core::marker::Send,
                >>
            },
            future: quote! {
                ::std::boxed::Box::pin(async move {
                    #call.resolve_this_async().await.map(Self::from_proxy)
                })
            },
        },
        Output::Value(ty) => {
            let ty = returned_type(ty, self_ty);
            value(
                quote!(#ty),
                quote!(for<'__a> #ty: #h::__serde::de::DeserializeOwned,),
            )
        }
        Output::Result { ok, .. } => returned(ok, self_ty),
    }
}

/// A value a guest method returns, as the host decodes it: a borrowed
/// `&str`, `&[T]` or `&T` as its owned form; one the host cannot name
/// (`impl Trait`, a borrow inside, `Cow<'_, str>`) as a dynamic `Value`.
fn returned_type(ty: &Type, self_ty: &Type) -> Type {
    /// Finds what the host cannot name in a decoded type: `impl Trait`, a
    /// borrow, a lifetime other than `'static`.
    struct Unnameable(bool);
    impl<'ast> syn::visit::Visit<'ast> for Unnameable {
        fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
            self.0 = true;
        }
        fn visit_type_reference(&mut self, _: &'ast syn::TypeReference) {
            self.0 = true;
        }
        fn visit_lifetime(&mut self, lifetime: &'ast syn::Lifetime) {
            self.0 |= lifetime.ident != "static";
        }
    }
    let owned = match ty {
        Type::Reference(r) => crate::parse::owned_of(&r.elem),
        other => other.clone(),
    };
    let mut found = Unnameable(false);
    syn::visit::Visit::visit_type(&mut found, &owned);
    if found.0 {
        return syn::parse_quote!(::remoteobj_guest::__host::Value);
    }
    unselfed(&owned, self_ty)
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
/// The generated code's locals: mixed-site, so a parameter of the same
/// name (`__args`) is never confused with them.
fn args_locals() -> (proc_macro2::Ident, proc_macro2::Ident, proc_macro2::Ident) {
    (local("__args"), local("__named"), local("__v"))
}

fn add_args(params: &[ParamModel]) -> TokenStream {
    let h = host();
    let (args, named, v) = args_locals();
    let adds = params.iter().map(|p| {
        let (ident, key) = (&p.ident, remote_name(&p.ident));
        let add = quote! {
            #args = if #named { #args.kwarg(#key, #v) } else { #args.arg(#v) };
        };
        if p.option_of.is_some() || p.default.is_some() {
            quote! {
                match #ident {
                    ::core::option::Option::Some(#v) => { #add }
                    ::core::option::Option::None => #named = true,
                }
            }
        } else {
            quote! { let #v = #ident; #add }
        }
    });
    quote! {
        #[allow(unused_mut)]
        let mut #args = #h::Args::new();
        #[allow(unused_mut, unused_variables)]
        let mut #named = false;
        #(#adds)*
    }
}

/// A callable method and its async form.
fn method(m: &MethodModel, self_ty: &Type, claimed: &mut Vec<String>) -> TokenStream {
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
    let (args, _, _) = args_locals();
    let Returned {
        call,
        ty: ret,
        bound: ret_bound,
        get: sync_get,
        future_ty,
        future,
    } = returned(&m.output, self_ty);
    let sync = quote! {
        #[doc = #doc]
        pub fn #ident(&self, #(#params),*) -> ::core::result::Result<#ret, #h::Error>
        where #(#bounds)* #ret_bound
        {
            #add_args
            let #call = #h::typed::Call::new(self.proxy().attr(#key).call_proxy(#args));
            #sync_get
        }
    };
    if !claim(claimed, &ident_async) {
        return sync;
    }
    quote! {
        #sync

        #[doc = #doc]
        #[doc = ""]
        #[doc = "(Async: the arguments are encoded now, the call is sent when the future is first polled.)"]
        pub fn #ident_async(&self, #(#params),*) -> #future_ty
        where #(#bounds)* #ret_bound
        {
            #add_args
            let #call = #h::typed::Call::new(self.proxy().attr(#key).call_proxy(#args));
            #future
        }
    }
}

/// A property's getter, and its setter if it has one.
fn property(
    getter: &MethodModel,
    setter: Option<&MethodModel>,
    self_ty: &Type,
    claimed: &mut Vec<String>,
) -> TokenStream {
    let h = host();
    let ident = &getter.ident;
    let key = remote_name(ident);
    let doc = if getter.doc.is_empty() {
        format!("The property `{key}`.")
    } else {
        getter.doc.clone()
    };
    let Returned {
        call,
        ty: ret,
        bound: ret_bound,
        get: sync_get,
        future_ty,
        future,
    } = returned(&getter.output, self_ty);
    let ident_async = format_ident!("{}_async", ident.unraw());
    let get_async = claim(claimed, &ident_async).then(|| {
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = "(Async: sent when the future is first polled.)"]
            pub fn #ident_async(&self) -> #future_ty
            where #ret_bound
            {
                let #call = #h::typed::Call::new(self.proxy().attr(#key));
                #future
            }
        }
    });
    let get = quote! {
        #[doc = #doc]
        pub fn #ident(&self) -> ::core::result::Result<#ret, #h::Error>
        where #ret_bound
        {
            let #call = #h::typed::Call::new(self.proxy().attr(#key));
            #sync_get
        }

        #get_async
    };
    let setter_ident = format_ident!("set_{}", ident.unraw());
    let Some(param) = setter
        .and_then(|s| s.params.first())
        .filter(|_| claim(claimed, &setter_ident))
    else {
        return get;
    };
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
