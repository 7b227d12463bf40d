//! Writing the code: `impl Remote` for a struct, `impl RemoteMethods` for an
//! impl block. Generated code names the SDK as `::remoteobj_guest`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::Type;
use syn::ext::IdentExt;

use crate::parse::{
    FieldModel, MethodModel, Output, ParamModel, RemoteFunction, RemoteImpl, RemoteStruct,
};

/// The struct as written, plus its `Remote` implementation.
pub fn remote_struct(model: &RemoteStruct) -> TokenStream {
    let item = &model.item;
    let ident = &item.ident;
    let name = &model.name;
    let doc = &model.doc;
    let visible: Vec<&FieldModel> = model
        .fields
        .iter()
        .filter(|f| f.skip.is_none() && f.base.is_none() && f.dynamic.is_none())
        .collect();
    let base = model
        .fields
        .iter()
        .find(|f| f.base.is_some())
        .map(|f| &f.ident);
    let dynamic = model
        .fields
        .iter()
        .find(|f| f.dynamic.is_some())
        .map(|f| &f.ident);

    let value_fields = visible.iter().map(|f| {
        let (id, key) = (&f.ident, remote_name(&f.ident));
        quote! { fields.push((::remoteobj_guest::Value::from(#key), (&__p::Field(&self.#id)).value()?)); }
    });
    let dynamic_value = dynamic.map(|d| {
        quote! {
            for (k, v) in self.#d.iter() {
                fields.push((::remoteobj_guest::Value::from(k.as_str()), v.clone()));
            }
        }
    });
    let base_value = base.map(|b| {
        quote! {
            if let ::remoteobj_guest::Value::Map(inherited) = (&__p::Field(&self.#b)).value()? {
                for (k, v) in inherited {
                    if !fields.iter().any(|(name, _)| *name == k) {
                        fields.push((k, v));
                    }
                }
            }
        }
    });

    let get_arms = visible.iter().map(|f| {
        let (id, key) = (&f.ident, remote_name(&f.ident));
        quote! { #key => (&__p::Slot::new(&mut self.#id)).member(), }
    });
    let set_arms = visible.iter().map(|f| {
        let (id, key) = (&f.ident, remote_name(&f.ident));
        if f.read_only.is_some() {
            quote! {
                #key => ::core::result::Result::Err(::remoteobj_guest::Error::new(
                    ::remoteobj_guest::ErrorKind::Attribute,
                    #name,
                    ::std::format!("attribute `{}` of `{}` is read-only", #key, #name),
                )),
            }
        } else {
            let what = format!("{name}.{key}");
            quote! { #key => (&mut __p::Assign(&mut self.#id)).assign(value, #what), }
        }
    });
    let missing = quote! {
        ::core::result::Result::Err(::remoteobj_guest::__private::missing(
            #name,
            name,
            &::remoteobj_guest::Remote::schema(self),
        ))
    };
    let get_dynamic = dynamic.map(|d| {
        quote! {
            if let ::core::option::Option::Some(v) = self.#d.get(name) {
                return ::core::result::Result::Ok(::remoteobj_guest::Member::Value(v.clone()));
            }
        }
    });
    let set_fallback_dynamic = dynamic.map(|d| {
        let what = format!("{name} attribute");
        quote! {
            if !::remoteobj_guest::Remote::schema(self).has_name(name) {
                let v: ::remoteobj_guest::Value = ::remoteobj_guest::decode(value, #what)?;
                self.#d.insert(::std::string::String::from(name), v);
                return ::core::result::Result::Ok(());
            }
        }
    });
    let del_fallback = match base {
        Some(b) => quote! { ::remoteobj_guest::Remote::delattr(&mut self.#b, name) },
        None => missing.clone(),
    };
    let delattr = dynamic.map(|d| {
        quote! {
            fn delattr(&mut self, name: &str) -> ::remoteobj_guest::Result<()> {
                match self.#d.remove(name) {
                    ::core::option::Option::Some(_) => ::core::result::Result::Ok(()),
                    ::core::option::Option::None if ::remoteobj_guest::Remote::schema(self).has_name(name) => {
                        ::core::result::Result::Err(::remoteobj_guest::Error::unsupported(
                            #name,
                            ::std::format!("cannot delete `{}` of `{}`: only attributes set remotely can be deleted", name, #name),
                        ))
                    }
                    ::core::option::Option::None => #del_fallback,
                }
            }
        }
    });
    let delattr = delattr.or_else(|| {
        base.map(|b| {
            quote! {
                fn delattr(&mut self, name: &str) -> ::remoteobj_guest::Result<()> {
                    ::remoteobj_guest::Remote::delattr(&mut self.#b, name)
                }
            }
        })
    });
    let get_fallback = match base {
        // Looked up twice when the base has it: a lookup that returns a
        // borrow cannot be followed by `self` use in another arm (NLL).
        Some(b) => quote! {
            if __p::is_missing(&::remoteobj_guest::Remote::getattr(&mut self.#b, name)) {
                #missing
            } else {
                ::remoteobj_guest::Remote::getattr(&mut self.#b, name)
            }
        },
        None => missing.clone(),
    };
    let set_fallback = match base {
        Some(b) => quote! {
            match ::remoteobj_guest::Remote::setattr(&mut self.#b, name, value) {
                ::core::result::Result::Err(e) if e.kind == ::remoteobj_guest::ErrorKind::Attribute => #missing,
                other => other,
            }
        },
        None => missing.clone(),
    };
    let base_call = match base {
        Some(b) => quote! { ::remoteobj_guest::Remote::call_method(&mut self.#b, name, args) },
        None => quote! { ::core::option::Option::None },
    };
    let base_fn = base.map(|b| {
        quote! {
            fn base(&mut self) -> ::core::option::Option<&mut dyn ::remoteobj_guest::Remote> {
                ::core::option::Option::Some(&mut self.#b)
            }
        }
    });
    let attr_schema = visible.iter().map(|f| {
        let key = remote_name(&f.ident);
        let ty = type_string(&f.ty);
        let read_only = f.read_only.is_some();
        let fdoc = &f.doc;
        quote! { schema = schema.attribute(#key, #ty, #read_only, #fdoc); }
    });
    let base_schema =
        base.map(|b| quote! { schema = schema.base(::remoteobj_guest::Remote::schema(&self.#b)); });

    quote! {
        #item

        const _: () = {
            use ::remoteobj_guest::__private as __p;
            #[allow(unused_imports)]
            use __p::{
                AssignRefused as _, AssignViaDeserialize as _, MemberViaRemote as _,
                MemberViaSerialize as _, MethodsAbsent as _, MethodsPresent as _,
                TextViaDebug as _, TextViaDisplay as _, TextWithoutDebug as _,
                TextWithoutDisplay as _, ValueViaRemote as _, ValueViaSerialize as _,
            };

            #[automatically_derived]
            impl ::remoteobj_guest::Remote for #ident {
                fn type_name(&self) -> &str {
                    #name
                }

                fn to_value(&self) -> ::remoteobj_guest::Result<::remoteobj_guest::Value> {
                    let mut fields = ::std::vec::Vec::new();
                    #(#value_fields)*
                    #dynamic_value
                    #base_value
                    ::core::result::Result::Ok(::remoteobj_guest::Value::Map(fields))
                }

                fn getattr(&mut self, name: &str) -> ::remoteobj_guest::Result<::remoteobj_guest::Member<'_>> {
                    match name {
                        #(#get_arms)*
                        _ => {
                            #get_dynamic
                            #get_fallback
                        }
                    }
                }

                fn setattr(&mut self, name: &str, value: &[u8]) -> ::remoteobj_guest::Result<()> {
                    match name {
                        #(#set_arms)*
                        _ => {
                            #set_fallback_dynamic
                            #set_fallback
                        }
                    }
                }

                #delattr

                fn call_method(
                    &mut self,
                    name: &str,
                    args: &mut ::remoteobj_guest::Args,
                ) -> ::core::option::Option<::remoteobj_guest::Result<::remoteobj_guest::Return>> {
                    if let ::core::option::Option::Some(done) = (&__p::Methods::<Self>::probe()).call(self, name, args) {
                        return ::core::option::Option::Some(done);
                    }
                    #base_call
                }

                #base_fn

                fn as_any_mut(&mut self) -> ::core::option::Option<&mut dyn ::core::any::Any> {
                    ::core::option::Option::Some(self)
                }

                fn display(&self) -> ::core::option::Option<::std::string::String> {
                    (&__p::Field(self)).display_text()
                }

                fn debug(&self) -> ::core::option::Option<::std::string::String> {
                    (&__p::Field(self)).debug_text()
                }

                fn schema(&self) -> ::remoteobj_guest::Schema {
                    let mut schema = ::remoteobj_guest::Schema::new(#name).doc(#doc);
                    #(#attr_schema)*
                    schema.methods.extend((&__p::Methods::<Self>::probe()).schema());
                    #base_schema
                    schema
                }
            }
        };
    }
}

/// An identifier for a local of the generated code: with a mixed-site span
/// it can never be confused with a user's parameter of the same name.
fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// The name a user's identifier has remotely (`r#type` is `type`).
fn remote_name(ident: &Ident) -> String {
    ident.unraw().to_string()
}

/// The impl block as written, plus its `RemoteMethods` implementation.
pub fn remote_impl(model: &RemoteImpl) -> TokenStream {
    let item = &model.item;
    let self_ty = &item.self_ty;
    let (name, args) = (local("name"), local("args"));
    let arms = model.methods.iter().map(|m| method_arm(m, self_ty));
    let infos = model.methods.iter().map(method_info);
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

            fn remote_methods() -> ::std::vec::Vec<::remoteobj_guest::schema::MethodInfo> {
                ::std::vec![#(#infos),*]
            }
        }
    }
}

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
                    return ::core::result::Result::Err(::remoteobj_guest::Error::type_error(
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

fn method_info(m: &MethodModel) -> TokenStream {
    let name = remote_name(&m.ident);
    let doc = &m.doc;
    let params = m.params.iter().map(|p| {
        let pname = remote_name(&p.ident);
        let ty = type_string(p.option_of.as_ref().unwrap_or(&p.ty));
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
                optional: #optional,
                default: #default,
            }
        }
    });
    let returns = output_string(&m.output);
    quote! {
        ::remoteobj_guest::schema::MethodInfo {
            name: ::std::string::String::from(#name),
            params: ::std::vec![#(#params),*],
            returns: ::std::string::String::from(#returns),
            doc: ::std::string::String::from(#doc),
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
