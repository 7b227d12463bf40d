//! A free function for `passto`: the function, plus the entry that
//! `export!(.., functions(name))` registers.

use proc_macro2::TokenStream;
use quote::quote;

use super::{convert, decode_params, local, passed_params, remote_name};
use crate::parse::RemoteFunction;

/// The free function as written, plus a module of the same name (modules
/// and functions live in different namespaces) holding the `passto` entry
/// that `export!(.., functions(name))` registers.
pub fn remote_function(model: &RemoteFunction) -> TokenStream {
    let item = &model.item;
    let ident = &item.sig.ident;
    let vis = &item.vis;
    let (object_ty, mutable) = model.object.as_ref().expect("validated");
    let (obj, args, target, out) = (local("obj"), local("args"), local("target"), local("out"));
    let object = if *mutable {
        quote!(#target)
    } else {
        quote!(&*#target)
    };
    let decode = decode_params(&model.params);
    let passed = passed_params(&model.params);
    let convert = convert(&model.output, quote!(#out));
    let fname = remote_name(ident);
    quote! {
        #item

        #[doc(hidden)]
        #vis mod #ident {
            #[allow(unused_imports)]
            use super::*;

            /// The `passto` entry of the function of the same name.
            pub fn __remote_call(
                #obj: &mut dyn ::remoteobj_guest::Remote,
                #args: &mut ::remoteobj_guest::Args,
            ) -> ::remoteobj_guest::Result<::remoteobj_guest::Return> {
                #[allow(unused_imports)]
                use ::remoteobj_guest::__private::{FailureIsError as _, FailureViaDisplay as _};
                let ::core::option::Option::Some(#target) = #obj
                    .as_any_mut()
                    .and_then(|any| any.downcast_mut::<#object_ty>())
                else {
                    return ::core::result::Result::Err(::remoteobj_guest::__private::generated_error(
                        ::remoteobj_guest::ErrorKind::Type,
                        #fname,
                        ::std::format!("{}() cannot be passed a `{}`", #fname, #obj.type_name()),
                    ));
                };
                #(#decode)*
                #args.finish()?;
                let #out = super::#ident(#object, #(#passed),*);
                #convert
            }
        }
    }
}
