//! A type's entry in the schema's type table, as an expression on the
//! table being built (`__types`). The shape is read from the spelling
//! (options, boxes, sequences, maps, tuples, references); what a leaf is,
//! is probed at compile time (a `#[remote]` class, a type that describes
//! itself, or neither: named by its spelling).

use proc_macro2::TokenStream;
use quote::quote;
use syn::Type;

use super::{local, type_string};
use crate::parse::{Output, generic_args};

/// Where the type is: a field, which a path goes into in place when it
/// holds a remote object, or a value (an argument, a result, an item of a
/// plain sequence), which is copied.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Field,
    Value,
}

/// The index of `ty` in the table.
pub(super) fn type_index(ty: &Type, place: Place) -> TokenStream {
    let types = local("__types");
    let td = quote!(::remoteobj_guest::schema::TypeDesc);
    match ty {
        Type::Reference(r) => type_index(&r.elem, Place::Value),
        Type::Paren(t) => type_index(&t.elem, place),
        Type::Group(t) => type_index(&t.elem, place),
        Type::Tuple(t) if t.elems.is_empty() => quote!(#types.add(#td::Unit)),
        Type::Tuple(t) => {
            let items = t.elems.iter().map(|e| type_index(e, Place::Value));
            quote! {{
                let items = ::std::vec![#(#items),*];
                #types.add(#td::Tuple(items))
            }}
        }
        Type::Array(a) => list(type_index(&a.elem, Place::Value)),
        Type::Slice(s) => list(type_index(&s.elem, Place::Value)),
        Type::Path(_) => path_index(ty, place),
        _ => quote!(#types.any()),
    }
}

fn path_index(ty: &Type, place: Place) -> TokenStream {
    let types = local("__types");
    let td = quote!(::remoteobj_guest::schema::TypeDesc);
    if let Some([inner]) = generic_args::<1>(ty, "Option") {
        let inner = type_index(&inner, place);
        return quote! {{ let inner = #inner; #types.add(#td::Option(inner)) }};
    }
    if let Some([inner]) = generic_args::<1>(ty, "Box") {
        return type_index(&inner, place);
    }
    for seq in ["Vec", "VecDeque"] {
        if let Some([item]) = generic_args::<1>(ty, seq) {
            return list(type_index(&item, Place::Value));
        }
    }
    if let Some([item]) = generic_args::<1>(ty, "Objects") {
        // Its items are objects where it is a field; a copy otherwise.
        return list(type_index(&item, place));
    }
    for map in ["BTreeMap", "HashMap"] {
        if let Some([k, v]) = generic_args::<2>(ty, map) {
            let (k, v) = (type_index(&k, Place::Value), type_index(&v, Place::Value));
            return quote! {{
                let key = #k;
                let value = #v;
                #types.add(#td::Dict((key, value)))
            }};
        }
    }
    leaf(ty, place)
}

/// A type the spelling does not take apart: probed.
fn leaf(ty: &Type, place: Place) -> TokenStream {
    let types = local("__types");
    let spelling = type_string(ty);
    // A lifetime cannot be named in the probe's turbofish (`'_`), nor an
    // `impl Trait`, `_` or `!` inside a path.
    if spelling.contains('\'') || unnameable(ty) {
        return quote!(#types.named(#spelling));
    }
    let p = quote!(::remoteobj_guest::__private);
    let value = quote!((&#p::TypeOf::<#ty>::new()).value_type(#types, #spelling));
    match place {
        Place::Value => value,
        Place::Field => quote! {
            match (&#p::TypeOf::<#ty>::new()).class_type(#types) {
                ::core::option::Option::Some(object) => object,
                ::core::option::Option::None => #value,
            }
        },
    }
}

fn list(item: TokenStream) -> TokenStream {
    let types = local("__types");
    quote! {{
        let item = #item;
        #types.add(::remoteobj_guest::schema::TypeDesc::List(item))
    }}
}

/// The index of what a method or a getter returns.
pub(super) fn output_index(output: &Output) -> TokenStream {
    let types = local("__types");
    let td = quote!(::remoteobj_guest::schema::TypeDesc);
    match output {
        Output::Unit => quote!(#types.add(#td::Unit)),
        Output::This => quote!(#types.add(#td::This)),
        Output::Value(ty) => type_index(ty, Place::Value),
        Output::Result { ok, ok_ty } => match **ok {
            Output::Unit | Output::This => output_index(ok),
            _ => type_index(ok_ty, Place::Value),
        },
    }
}

/// The `use` that brings the probes' methods into scope.
pub(super) fn probes_in_scope() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use ::remoteobj_guest::__private::{
            BaseViaClass as _, BaseViaRemote as _, ClassTypeAbsent as _,
            ClassTypePresent as _, InPlaceAbsent as _, InPlacePresent as _,
            ValueTypeDescribed as _, ValueTypeNamed as _,
        };
    }
}

/// Whether a type has a part no turbofish can name.
fn unnameable(ty: &Type) -> bool {
    struct Find(bool);
    impl<'a> syn::visit::Visit<'a> for Find {
        fn visit_type(&mut self, ty: &'a Type) {
            match ty {
                Type::ImplTrait(_) | Type::Infer(_) | Type::Never(_) | Type::Macro(_) => {
                    self.0 = true
                }
                other => syn::visit::visit_type(self, other),
            }
        }
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_type(&mut find, ty);
    find.0
}
