//! The impl block's `RemoteMethods` implementation: its callable methods,
//! dispatched by name, and their schema; its properties are written by
//! [`super::properties`].

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::describe::{Place, output_index, type_index};
use super::{
    convert, decode_params, local, output_string, passed_params, remote_name, type_string,
};
use crate::parse::{MethodModel, RemoteImpl};

/// The impl block as written, plus its `RemoteMethods` implementation.
pub fn remote_impl(model: &RemoteImpl) -> TokenStream {
    let item = &model.item;
    let self_ty = &item.self_ty;
    let (name, args, types) = (local("name"), local("args"), local("__types"));
    let probes = super::describe::probes_in_scope();
    let callable = || model.methods.iter().filter(|m| m.role.is_none());
    let arms = callable().map(|m| method_arm(m, self_ty));
    let infos = callable().map(method_info);
    let properties = super::properties::properties(model);
    let client = super::client_methods::impl_client(model);
    quote! {
        #item

        #[automatically_derived]
        impl ::remoteobj_guest::__private::RemoteMethods for #self_ty {
            #[allow(unused_variables)]
            fn call_remote_method(
                &mut self,
                #name: &str,
                #args: &mut ::remoteobj_guest::Args,
            ) -> ::core::option::Option<::remoteobj_guest::Result<::remoteobj_guest::Return>> {
                #[allow(unused_imports)]
                use ::remoteobj_guest::__private::{FailureIsError as _, FailureViaDisplay as _};
                match #name {
                    #(#arms)*
                    _ => ::core::option::Option::None,
                }
            }

            fn remote_methods(
                #types: &mut ::remoteobj_guest::schema::Types,
            ) -> ::std::vec::Vec<::remoteobj_guest::schema::MethodInfo> {
                #probes
                ::std::vec![#(#infos),*]
            }

            #properties
        }

        #client
    }
}

fn method_arm(m: &MethodModel, self_ty: &syn::Type) -> TokenStream {
    let ident = &m.ident;
    let key = remote_name(ident);
    let (args, out) = (local("args"), local("out"));
    let decode = decode_params(&m.params);
    let passed = passed_params(&m.params);
    let convert = convert(&m.output, quote!(#out));
    // Called by its full path, so a trait method of the same name (say
    // `Iterator::count`) cannot be picked instead.
    quote! {
        #key => ::core::option::Option::Some((|| -> ::remoteobj_guest::Result<::remoteobj_guest::Return> {
            #(#decode)*
            #args.finish()?;
            let #out = <#self_ty>::#ident(self, #(#passed),*);
            #convert
        })()),
    }
}

fn method_info(m: &MethodModel) -> TokenStream {
    let name = remote_name(&m.ident);
    let doc = &m.doc;
    let params = m.params.iter().map(|p| {
        let pname = remote_name(&p.ident);
        let ty = type_string(p.option_of.as_ref().unwrap_or(&p.ty));
        let index = type_index(p.option_of.as_ref().unwrap_or(&p.ty), Place::Value);
        let optional = p.option_of.is_some() || p.default.is_some();
        let default = match &p.default {
            Some(expr) => {
                let text = expr.to_token_stream().to_string();
                quote! { ::core::option::Option::Some(::std::string::String::from(#text)) }
            }
            None => quote! { ::core::option::Option::None },
        };
        quote! {
            ::remoteobj_guest::schema::ParamInfo {
                name: ::std::string::String::from(#pname),
                type_: ::std::string::String::from(#ty),
                type_index: #index,
                optional: #optional,
                keyword_only: false,
                default: #default,
            }
        }
    });
    let returns = output_string(&m.output);
    let returns_index = output_index(&m.output);
    quote! {
        ::remoteobj_guest::schema::MethodInfo {
            name: ::std::string::String::from(#name),
            params: ::std::vec![#(#params),*],
            returns: ::std::string::String::from(#returns),
            returns_index: #returns_index,
            doc: ::std::string::String::from(#doc),
        }
    }
}
