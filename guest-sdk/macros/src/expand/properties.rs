//! The properties of an impl block: `#[remote(getter)] fn name(&self)` is
//! read as the attribute `name`, `#[remote(setter)] fn set_name(&mut self,
//! value)` assigns it. Written into the block's `RemoteMethods` impl; the
//! struct's `getattr`/`setattr` look them up after its fields.

use proc_macro2::TokenStream;
use quote::quote;

use super::{local, output_string};
use crate::parse::{MethodModel, Output, RemoteImpl};

/// One property: its getter, and its setter if it has one.
struct Property<'a> {
    name: String,
    getter: &'a MethodModel,
    setter: Option<&'a MethodModel>,
}

/// `get_remote_property`, `set_remote_property`, `has_remote_property` and
/// `remote_properties` for the block's getters and setters (validation made
/// sure each setter has its getter).
pub fn properties(model: &RemoteImpl) -> TokenStream {
    let self_ty = &model.item.self_ty;
    let properties: Vec<Property> = model
        .properties()
        .into_iter()
        .map(|(name, getter, setter)| Property {
            name,
            getter,
            setter,
        })
        .collect();
    let (name, value, type_name) = (local("name"), local("value"), local("type_name"));
    let get_arms = properties.iter().map(|p| get_arm(p, self_ty));
    let set_arms = properties.iter().map(|p| set_arm(p, self_ty));
    let names: Vec<&String> = properties.iter().map(|p| &p.name).collect();
    let has = if names.is_empty() {
        quote!(false)
    } else {
        quote!(::core::matches!(#name, #(#names)|*))
    };
    let infos = properties.iter().map(info);
    let (types, probes) = (local("__types"), super::describe::probes_in_scope());
    quote! {
        #[allow(unused_variables)]
        fn get_remote_property(
            &mut self,
            #name: &str,
        ) -> ::core::option::Option<::remoteobj_guest::Result<::remoteobj_guest::Value>> {
            #[allow(unused_imports)]
            use ::remoteobj_guest::__private::{FailureIsError as _, FailureViaDisplay as _};
            match #name {
                #(#get_arms)*
                _ => ::core::option::Option::None,
            }
        }

        #[allow(unused_variables)]
        fn set_remote_property(
            &mut self,
            #type_name: &str,
            #name: &str,
            #value: &[u8],
        ) -> ::core::option::Option<::remoteobj_guest::Result<()>> {
            #[allow(unused_imports)]
            use ::remoteobj_guest::__private::{FailureIsError as _, FailureViaDisplay as _};
            match #name {
                #(#set_arms)*
                _ => ::core::option::Option::None,
            }
        }

        #[allow(unused_variables)]
        fn has_remote_property(#name: &str) -> bool {
            #has
        }

        #[allow(unused_variables)]
        fn remote_properties(
            #types: &mut ::remoteobj_guest::schema::Types,
        ) -> ::std::vec::Vec<::remoteobj_guest::schema::AttributeInfo> {
            #probes
            ::std::vec![#(#infos),*]
        }
    }
}

/// Runs the getter; its value (or its `Err`, made a remote error).
fn get_arm(p: &Property, self_ty: &syn::Type) -> TokenStream {
    let (key, ident) = (&p.name, &p.getter.ident);
    let out = local("out");
    let convert = getter_value(&p.getter.output, quote!(#out));
    quote! {
        #key => ::core::option::Option::Some((|| -> ::remoteobj_guest::Result<::remoteobj_guest::Value> {
            let #out = <#self_ty>::#ident(self);
            #convert
        })()),
    }
}

/// Decodes the value as a field's would be (a `TypeError` naming
/// `Type.name`) and runs the setter; read-only without one.
fn set_arm(p: &Property, self_ty: &syn::Type) -> TokenStream {
    let key = &p.name;
    let (value, type_name) = (local("value"), local("type_name"));
    let Some(setter) = p.setter else {
        return quote! {
            #key => ::core::option::Option::Some(::core::result::Result::Err(
                ::remoteobj_guest::__private::read_only(#type_name, #key),
            )),
        };
    };
    let ident = &setter.ident;
    let (decoded, out) = (local("decoded"), local("out"));
    // Validation made sure there is exactly one parameter.
    let Some(param) = setter.params.first() else {
        return TokenStream::new();
    };
    let (ty, passed) = match &param.by_ref {
        Some((owned, true)) => (owned, quote!(&mut #decoded)),
        Some((owned, false)) => (owned, quote!(&#decoded)),
        None => (&param.ty, quote!(#decoded)),
    };
    let convert = setter_done(&setter.output, quote!(#out));
    quote! {
        #key => ::core::option::Option::Some((|| -> ::remoteobj_guest::Result<()> {
            #[allow(unused_mut)]
            let mut #decoded: #ty = ::remoteobj_guest::decode(
                #value,
                &::std::format!("{}.{}", #type_name, #key),
            )?;
            let #out = <#self_ty>::#ident(self, #passed);
            #convert
        })()),
    }
}

/// A getter's result as `Result<Value>`.
fn getter_value(output: &Output, value: TokenStream) -> TokenStream {
    match output {
        Output::Result { ok, .. } => {
            let (ok_id, err_id) = (local("ok"), local("err"));
            let ok = getter_value(ok, quote!(#ok_id));
            quote! {
                match #value {
                    ::core::result::Result::Ok(#ok_id) => { #ok }
                    ::core::result::Result::Err(#err_id) => ::core::result::Result::Err(
                        (&::remoteobj_guest::__private::Failure::new(#err_id)).to_remote_error(),
                    ),
                }
            }
        }
        // `This` was refused by validation; `()` reads as `None`.
        _ => quote! { ::remoteobj_guest::__private::property_value(#value) },
    }
}

/// A setter's result (`()` or `Result<(), E>`) as `Result<()>`.
fn setter_done(output: &Output, value: TokenStream) -> TokenStream {
    match output {
        Output::Result { .. } => {
            let err_id = local("err");
            quote! {
                match #value {
                    ::core::result::Result::Ok(()) => ::core::result::Result::Ok(()),
                    ::core::result::Result::Err(#err_id) => ::core::result::Result::Err(
                        (&::remoteobj_guest::__private::Failure::new(#err_id)).to_remote_error(),
                    ),
                }
            }
        }
        _ => quote! { let () = #value; ::core::result::Result::Ok(()) },
    }
}

/// The property as an attribute of the schema: the getter's type and doc
/// (the setter's doc when the getter has none), read-only without a setter.
fn info(p: &Property) -> TokenStream {
    let name = &p.name;
    let ty = output_string(&p.getter.output);
    let index = super::describe::output_index(&p.getter.output);
    let read_only = p.setter.is_none();
    let doc = match (p.getter.doc.as_str(), p.setter) {
        ("", Some(setter)) => setter.doc.as_str(),
        (doc, _) => doc,
    };
    quote! {
        ::remoteobj_guest::schema::AttributeInfo {
            name: ::std::string::String::from(#name),
            type_: ::std::string::String::from(#ty),
            type_index: #index,
            // Computed: a path goes into a copy of its value.
            in_place: false,
            read_only: #read_only,
            doc: ::std::string::String::from(#doc),
        }
    }
}
