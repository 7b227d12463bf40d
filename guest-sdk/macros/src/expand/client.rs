//! The typed client of a `#[remote]` struct, for the host: written beside
//! the struct, compiled only for a non-wasm target (a guest crate built for
//! the host's target, which the host program depends on).
//!
//! `Counter` gets `CounterClient`, which derefs to `CounterClientFields`
//! (a getter and a setter per visible field), which derefs to the base's
//! client when the struct has a base. The impl block's methods and
//! properties are inherent methods of `CounterClient` (see
//! [`super::client_methods`]), so they win over a field of their name, and
//! the type's own names over its base's, as lookups in the guest do.
//!
//! A field reads as its value (`x()`: `Result<i64, Error>`) when its type
//! is plain data by its spelling (numbers, `bool`, `char`, `String`,
//! `Value`, and options, tuples and arrays of them); otherwise as the
//! client its type is driven by (`another()`: `ListClient<i64>`; a nested
//! `#[remote]` struct: its client), through `remoteobj_host::typed::Typed`.
//! The client types are `pub` whatever the struct's visibility; a base must
//! be as visible as the struct that derives from it (the client's `Deref`
//! names it).
//! Bounds on the field's type are written `for<'a> T: Bound` so that a
//! type that lacks one (a serde type without `Serialize` on the host, a
//! field type that is not `Typed`) makes that accessor uncallable, with the
//! missing bound as the error where it is called, rather than breaking the
//! guest crate.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::Type;
use syn::ext::IdentExt;

use super::remote_name;
use crate::parse::{FieldModel, RemoteStruct};

/// The generated code names the host library through the SDK.
pub(super) fn host() -> TokenStream {
    quote!(::remoteobj_guest::__host)
}

/// `Counter` → `CounterClient`.
pub(super) fn client_ident(ident: &Ident) -> Ident {
    format_ident!("{}Client", ident.unraw())
}

/// The client type of a `#[remote]` type named by a plain path
/// (`a::Counter` → `a::CounterClient`).
pub(super) fn client_type(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let mut client = path.clone();
    let last = client.path.segments.last_mut()?;
    if !matches!(last.arguments, syn::PathArguments::None) {
        return None;
    }
    last.ident = client_ident(&last.ident);
    Some(Type::Path(client))
}

/// The client of a struct, its fields' accessors, and its `Typed` and
/// `Client` implementations.
pub fn struct_client(model: &RemoteStruct) -> TokenStream {
    let h = host();
    let item = &model.item;
    let ident = &item.ident;
    let client = client_ident(ident);
    let fields_ty = format_ident!("{}Fields", client);
    let name = &model.name;
    let base = model.fields.iter().find(|f| f.base.is_some());
    let visible: Vec<&FieldModel> = model
        .fields
        .iter()
        .filter(|f| f.skip.is_none() && f.base.is_none() && f.dynamic.is_none())
        .collect();
    // A generated name a field, or a name generated before, takes already
    // (a field `set_x` beside `x`) is left out.
    let mut claimed: Vec<String> = visible.iter().map(|f| remote_name(&f.ident)).collect();
    let accessors: Vec<TokenStream> = visible
        .iter()
        .map(|f| field_accessors(f, &mut claimed))
        .collect();
    let client_doc = format!(
        "Typed client of the remote `{name}` (written by `#[remote]` for the host): its \
         methods and properties, and through `Deref` its fields{}. \
         [`proxy`](Self::proxy) gives the dynamic proxy underneath.",
        if base.is_some() {
            " and its base's"
        } else {
            ""
        }
    );
    let fields_doc =
        format!("The fields of the remote `{name}`, read and assigned one request each.");
    let (base_field, base_init, base_deref, super_fn) = match base {
        Some(b) => {
            let ty = &b.ty;
            // Through `Typed`, which finds the base's client wherever the
            // base was imported from (the base must then be as visible as
            // this struct: the client names it).
            let base_client = quote!(<#ty as #h::typed::Typed>::Client);
            (
                quote! { base: #base_client, },
                quote! { base: <#base_client as #h::typed::Client>::from_proxy(::core::clone::Clone::clone(&proxy)), },
                quote! {
                    #[cfg(all(unix, not(target_family = "wasm")))]
                    impl ::core::ops::Deref for #fields_ty {
                        type Target = #base_client;
                        fn deref(&self) -> &#base_client {
                            &self.base
                        }
                    }
                },
                quote! {
                    /// The base's implementation (`super(type(obj), obj)`):
                    /// its methods run, not this type's overrides.
                    pub fn super_(&self) -> #base_client {
                        <#base_client as #h::typed::Client>::from_proxy(self.fields.proxy.super_())
                    }
                },
            )
        }
        None => Default::default(),
    };
    quote! {
        #[cfg(all(unix, not(target_family = "wasm")))]
        #[doc = #client_doc]
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        #[allow(dead_code)]
        pub struct #client {
            fields: #fields_ty,
        }

        #[cfg(all(unix, not(target_family = "wasm")))]
        #[doc = #fields_doc]
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        #[allow(dead_code)]
        pub struct #fields_ty {
            proxy: #h::Proxy,
            #base_field
        }

        #[cfg(all(unix, not(target_family = "wasm")))]
        #[allow(dead_code)]
        impl #client {
            /// The client of the object (or part of one) `proxy` designates;
            /// nothing is sent.
            pub fn from_proxy(proxy: #h::Proxy) -> Self {
                #client {
                    fields: #fields_ty {
                        #base_init
                        proxy,
                    },
                }
            }

            /// The dynamic proxy underneath, for what the typed methods do
            /// not cover.
            pub fn proxy(&self) -> &#h::Proxy {
                &self.fields.proxy
            }

            /// The same client with another timeout for its requests (the
            /// default is the host's request timeout).
            pub fn with_timeout(&self, timeout: ::core::time::Duration) -> Self {
                Self::from_proxy(self.proxy().with_timeout(timeout))
            }

            /// Starts `component` (a guest exporting this type) with `host`,
            /// waits until it listens, and returns its client with it.
            pub fn spawn(
                host: &#h::Host,
                component: #h::ComponentSource,
            ) -> ::core::result::Result<#h::typed::Owned<Self>, #h::Error> {
                #h::typed::Owned::spawn(host, component)
            }

            /// [`spawn`](Self::spawn) for async code.
            pub fn spawn_async(
                host: &#h::Host,
                component: #h::ComponentSource,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<#h::typed::Owned<Self>, #h::Error>,
            > + ::core::marker::Send + use<> {
                #h::typed::Owned::spawn_async(host, component)
            }

            #super_fn
        }

        #[cfg(all(unix, not(target_family = "wasm")))]
        impl ::core::ops::Deref for #client {
            type Target = #fields_ty;
            fn deref(&self) -> &#fields_ty {
                &self.fields
            }
        }

        #base_deref

        #[cfg(all(unix, not(target_family = "wasm")))]
        impl #h::typed::Client for #client {
            fn from_proxy(proxy: #h::Proxy) -> Self {
                #client::from_proxy(proxy)
            }
            fn proxy(&self) -> &#h::Proxy {
                &self.fields.proxy
            }
        }

        #[cfg(all(unix, not(target_family = "wasm")))]
        impl #h::typed::Typed for #ident {
            type Client = #client;
        }

        #[cfg(all(unix, not(target_family = "wasm")))]
        #[allow(dead_code)]
        impl #fields_ty {
            #(#accessors)*
        }
    }
}

/// A field's getter (and its async form for a value), and its setter unless
/// it is read-only.
fn field_accessors(f: &FieldModel, claimed: &mut Vec<String>) -> TokenStream {
    let h = host();
    let (ident, ty) = (&f.ident, &f.ty);
    let key = remote_name(ident);
    let doc = if f.doc.is_empty() {
        format!("The field `{key}`.")
    } else {
        f.doc.clone()
    };
    let getter = if is_plain(ty) {
        let getter_async = format_ident!("{}_async", ident.unraw());
        let getter_async = claim(claimed, &getter_async).then(|| {
            quote! {
                #[doc = #doc]
                #[doc = ""]
                #[doc = "(Async.)"]
                pub fn #getter_async(&self) -> #h::ReplyFuture<#ty>
                where
                    for<'__a> #ty: #h::__serde::de::DeserializeOwned,
                {
                    self.proxy.attr(#key).get_async()
                }
            }
        });
        quote! {
            #[doc = #doc]
            pub fn #ident(&self) -> ::core::result::Result<#ty, #h::Error>
            where
                for<'__a> #ty: #h::__serde::de::DeserializeOwned,
            {
                self.proxy.attr(#key).get()
            }

            #getter_async
        }
    } else {
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = "(Its client; nothing is sent until it is used.)"]
            pub fn #ident(&self) -> <#ty as #h::typed::Typed>::Client
            where
                for<'__a> #ty: #h::typed::Typed,
            {
                <#ty as #h::typed::Typed>::client(self.proxy.attr(#key))
            }
        }
    };
    let setter = format_ident!("set_{}", ident.unraw());
    let setter_async = format_ident!("set_{}_async", ident.unraw());
    if f.read_only.is_some() || !claim(claimed, &setter) {
        return getter;
    }
    let set_doc = format!("Assigns the field `{key}`.");
    let set = quote! {
        #getter

        #[doc = #set_doc]
        pub fn #setter(&self, value: #ty) -> ::core::result::Result<(), #h::Error>
        where
            for<'__a> #ty: #h::__serde::Serialize,
        {
            self.proxy.set_attr(#key, value)
        }
    };
    if !claim(claimed, &setter_async) {
        return set;
    }
    quote! {
        #set

        #[doc = #set_doc]
        #[doc = ""]
        #[doc = "(Async.)"]
        pub fn #setter_async(&self, value: #ty) -> #h::ReplyFuture<()>
        where
            for<'__a> #ty: #h::__serde::Serialize,
        {
            self.proxy.set_attr_async(#key, value)
        }
    }
}

/// Claims `name` for a generated method (the client's or its fields'
/// type's); false when a member or an earlier generated name has it.
pub(super) fn claim(claimed: &mut Vec<String>, name: &Ident) -> bool {
    let name = name.to_string();
    let free = !claimed.contains(&name);
    if free {
        claimed.push(name);
    }
    free
}

/// Whether a type is plain data by its spelling: read as its value.
pub(super) fn is_plain(ty: &Type) -> bool {
    const PLAIN: &[&str] = &[
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
        "f32", "f64", "bool", "char", "String", "Value",
    ];
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            match &last.arguments {
                syn::PathArguments::None => PLAIN.iter().any(|name| last.ident == name),
                _ => crate::parse::option_inner(ty).is_some_and(|inner| is_plain(&inner)),
            }
        }
        Type::Tuple(t) => t.elems.iter().all(is_plain),
        Type::Array(a) => is_plain(&a.elem),
        Type::Paren(p) => is_plain(&p.elem),
        Type::Group(g) => is_plain(&g.elem),
        _ => false,
    }
}
