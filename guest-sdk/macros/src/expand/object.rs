//! The struct's `Remote` implementation: fields as attributes, the base,
//! the `dynamic` map, and the impl block's methods and properties found
//! through the `Methods` probe. A name is looked up in the type's own
//! properties, then its fields, then the `dynamic` map, then the base; the
//! object's value (`to_value`) is its fields only (properties are computed).

use proc_macro2::TokenStream;
use quote::quote;

use super::{remote_name, type_string};
use crate::parse::{FieldModel, RemoteStruct};

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
            quote! { #key => ::core::result::Result::Err(__p::read_only(#name, #key)), }
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
                        ::core::result::Result::Err(::remoteobj_guest::__private::generated_error(
                            ::remoteobj_guest::ErrorKind::Unsupported,
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
        // A nested object the base has is looked up twice: a lookup that
        // returns a borrow cannot be followed by `self` use in another arm
        // (NLL). A value (a property's, computed) is returned at once, so a
        // base's getter runs once.
        Some(b) => quote! {
            let missed = match ::remoteobj_guest::Remote::getattr(&mut self.#b, name) {
                ::core::result::Result::Ok(::remoteobj_guest::Member::Value(v)) => {
                    return ::core::result::Result::Ok(::remoteobj_guest::Member::Value(v));
                }
                ::core::result::Result::Err(e) if e.kind != ::remoteobj_guest::ErrorKind::Attribute => {
                    return ::core::result::Result::Err(e);
                }
                ::core::result::Result::Err(e) => ::core::option::Option::Some(e),
                ::core::result::Result::Ok(::remoteobj_guest::Member::Object(_)) => ::core::option::Option::None,
            };
            if let ::core::option::Option::Some(e) = missed {
                // An AttributeError about a name the base has (its getter's
                // own) is the base's to tell.
                if ::remoteobj_guest::Remote::schema(&self.#b).has_name(name) {
                    return ::core::result::Result::Err(e);
                }
                return #missing;
            }
            ::remoteobj_guest::Remote::getattr(&mut self.#b, name)
        },
        None => missing.clone(),
    };
    // A name the base does not have is this type's missing attribute; an
    // error about one it has (read-only, say) is the base's to tell.
    let set_fallback = match base {
        Some(b) => quote! {
            match ::remoteobj_guest::Remote::setattr(&mut self.#b, name, value) {
                ::core::result::Result::Err(e)
                    if e.kind == ::remoteobj_guest::ErrorKind::Attribute
                        && !::remoteobj_guest::Remote::schema(&self.#b).has_name(name) => #missing,
                other => other,
            }
        },
        None => missing.clone(),
    };
    // The type's own attributes hide the base's methods of the same name:
    // calling one calls its value (Python's lookup order).
    let field_names: Vec<String> = visible.iter().map(|f| remote_name(&f.ident)).collect();
    let own_field = if field_names.is_empty() {
        quote!(false)
    } else {
        quote!(::core::matches!(name, #(#field_names)|*))
    };
    let own_dynamic = dynamic.map(|d| quote! { || self.#d.contains_key(name) });
    let base_call = match base {
        Some(b) => quote! {
            if #own_field
                || (&__p::Methods::<Self>::probe()).has_property(name)
                #own_dynamic
            {
                return ::core::option::Option::None;
            }
            ::remoteobj_guest::Remote::call_method(&mut self.#b, name, args)
        },
        None => quote! { ::core::option::Option::None },
    };
    let base_fn = base.map(|b| {
        quote! {
            fn base(&mut self) -> ::core::option::Option<&mut dyn ::remoteobj_guest::Remote> {
                ::core::option::Option::Some(&mut self.#b)
            }
        }
    });
    // `str()`/`repr()` of a type without `Display`/`Debug` are its base's,
    // as Python's `__str__` is inherited.
    let base_display = base.map(|b| {
        quote! { .or_else(|| ::remoteobj_guest::Remote::display(&self.#b)) }
    });
    let base_debug = base.map(|b| {
        quote! { .or_else(|| ::remoteobj_guest::Remote::debug(&self.#b)) }
    });
    let types = super::local("__types");
    let attr_schema = visible.iter().map(|f| {
        let key = remote_name(&f.ident);
        let ty = type_string(&f.ty);
        let index = super::describe::type_index(&f.ty, super::describe::Place::Field);
        let read_only = f.read_only.is_some();
        let fdoc = &f.doc;
        let fty = &f.ty;
        quote! {
            let index = #index;
            let in_place = (&__p::TypeOf::<#fty>::new()).in_place();
            class.attribute(#key, #ty, index, in_place, #read_only, #fdoc);
        }
    });
    let base_schema = base.map(|b| {
        let ty = &model
            .fields
            .iter()
            .find(|f| f.base.is_some())
            .expect("the base")
            .ty;
        quote! {
            let base = (&__p::TypeOf::<#ty>::new()).base_class(#types, this.map(|this| &this.#b));
            class.inherit(base);
        }
    });
    let probes = super::describe::probes_in_scope();
    let client = super::client::struct_client(model);

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
                    // A property first, even over a field of its name (Python's
                    // data descriptors win over the instance's dict).
                    if let ::core::option::Option::Some(found) = (&__p::Methods::<Self>::probe()).get(self, name) {
                        return found.map(::remoteobj_guest::Member::Value);
                    }
                    match name {
                        #(#get_arms)*
                        _ => {
                            #get_dynamic
                            #get_fallback
                        }
                    }
                }

                fn setattr(&mut self, name: &str, value: &[u8]) -> ::remoteobj_guest::Result<()> {
                    // Through a property's setter first, so a field of its name
                    // (a getter's backing field, say) is never set around it.
                    if let ::core::option::Option::Some(done) = (&__p::Methods::<Self>::probe()).set(self, #name, name, value) {
                        return done;
                    }
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
                    (&__p::Field(self)).display_text()#base_display
                }

                fn debug(&self) -> ::core::option::Option<::std::string::String> {
                    (&__p::Field(self)).debug_text()#base_debug
                }

                fn schema(&self) -> ::remoteobj_guest::Schema {
                    let mut #types = ::remoteobj_guest::schema::Types::new();
                    #types.root(::core::any::type_name::<Self>(), #name);
                    let class = <Self as __p::Class>::class_info(&mut #types, ::core::option::Option::Some(self));
                    #types.into_schema(class)
                }
            }

            #[automatically_derived]
            impl __p::Class for #ident {
                const NAME: &'static str = #name;

                #[allow(unused_variables)]
                fn class_info(
                    #types: &mut ::remoteobj_guest::schema::Types,
                    this: ::core::option::Option<&Self>,
                ) -> ::remoteobj_guest::schema::ClassInfo {
                    #probes
                    let mut class = ::remoteobj_guest::schema::ClassInfo::new(#name);
                    class.doc = ::std::string::String::from(#doc);
                    #(#attr_schema)*
                    // A property hides a field of its name.
                    for property in (&__p::Methods::<Self>::probe()).properties(#types) {
                        class.attributes.retain(|a| a.name != property.name);
                        class.attributes.push(property);
                    }
                    class.methods.extend((&__p::Methods::<Self>::probe()).schema(#types));
                    #base_schema
                    class
                }
            }
        };

        #client
    }
}
