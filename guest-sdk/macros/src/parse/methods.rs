//! A `#[remote]` impl block: its methods and their options.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::{Attribute, FnArg, Ident, ImplItem, ItemImpl, ReturnType, Type, spanned::Spanned};

use super::{Output, ParamModel, doc_of, output_of, take_remote_attrs, typed_params};

/// A `#[remote]` impl block.
pub struct RemoteImpl {
    /// The impl block, without `#[remote(...)]` options.
    pub item: ItemImpl,
    /// Its remote methods: callable ones, getters and setters.
    pub methods: Vec<MethodModel>,
}

impl RemoteImpl {
    /// The block's properties: each getter, its remote name, and the
    /// setter `set_<name>` when there is one.
    pub fn properties(&self) -> Vec<(String, &MethodModel, Option<&MethodModel>)> {
        self.methods
            .iter()
            .filter(|m| m.is_getter())
            .map(|getter| {
                let name = getter.ident.unraw().to_string();
                let setter = self
                    .methods
                    .iter()
                    .find(|s| s.is_setter() && s.setter_target().as_ref() == Some(&name));
                (name, getter, setter)
            })
            .collect()
    }
}

/// What `#[remote(getter)]` / `#[remote(setter)]` make of a method.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Read as the attribute named after the method.
    Getter,
    /// `set_<name>`: assigns the attribute `<name>`.
    Setter,
}

impl Role {
    /// The option's name.
    pub fn option(self) -> &'static str {
        match self {
            Role::Getter => "getter",
            Role::Setter => "setter",
        }
    }
}

/// One remote method: callable, or a property's getter or setter.
pub struct MethodModel {
    pub ident: Ident,
    pub doc: String,
    /// `#[remote(getter)]` or `#[remote(setter)]`, with the option's span;
    /// `None` for a callable method.
    pub role: Option<(Role, Span)>,
    /// The receiver, and whether it is `&mut self`.
    pub receiver: (TokenStream, bool),
    /// The return type (the name when there is none), for errors.
    pub output_source: TokenStream,
    /// The receiver's span, when it takes `self` by value (not allowed).
    pub self_by_value: Option<Span>,
    /// The `async` keyword's span (not allowed).
    pub asyncness: Option<Span>,
    /// Generic parameters' span (not allowed).
    pub generics: Option<Span>,
    pub params: Vec<ParamModel>,
    pub output: Output,
}

impl MethodModel {
    /// The attribute a setter assigns: its name without `set_`.
    pub fn setter_target(&self) -> Option<String> {
        let name = self.ident.unraw().to_string();
        name.strip_prefix("set_")
            .filter(|rest| !rest.is_empty())
            .map(String::from)
    }

    /// Whether this is a getter.
    pub fn is_getter(&self) -> bool {
        matches!(self.role, Some((Role::Getter, _)))
    }

    /// Whether this is a setter.
    pub fn is_setter(&self) -> bool {
        matches!(self.role, Some((Role::Setter, _)))
    }
}

/// Parses an impl block; the `#[remote]` arguments must be empty.
pub fn remote_impl(args: TokenStream, mut item: ItemImpl) -> syn::Result<RemoteImpl> {
    if !args.is_empty() {
        return Err(syn::Error::new_spanned(
            args,
            "#[remote] on an impl block takes no options",
        ));
    }
    let mut methods = Vec::new();
    for impl_item in item.items.iter_mut() {
        let ImplItem::Fn(f) = impl_item else { continue };
        let (skip, role) = method_options(take_remote_attrs(&mut f.attrs))?;
        let receiver = f.sig.inputs.first().and_then(|arg| match arg {
            FnArg::Receiver(r) => Some(r.clone()),
            FnArg::Typed(_) => None,
        });
        // Parameter options are taken off every method, remote or not.
        let params = typed_params(f.sig.inputs.iter_mut())?;
        // Associated functions (constructors, helpers without self) stay local.
        let Some(receiver) = receiver else {
            if let Some((role, span)) = role {
                return Err(syn::Error::new(
                    span,
                    format!("a {} takes `&self` or `&mut self`", role.option()),
                ));
            }
            continue;
        };
        if skip {
            continue;
        }
        // `&mut self`, or `self: &mut Self`.
        let mutable = matches!(&*receiver.ty, Type::Reference(r) if r.mutability.is_some());
        methods.push(MethodModel {
            ident: f.sig.ident.clone(),
            doc: doc_of(&f.attrs),
            role,
            receiver: (receiver.to_token_stream(), mutable),
            output_source: match &f.sig.output {
                ReturnType::Default => f.sig.ident.to_token_stream(),
                ReturnType::Type(_, ty) => ty.to_token_stream(),
            },
            // `self: &Self` / `self: &mut Self` are references too.
            self_by_value: (receiver.reference.is_none()
                && !matches!(&*receiver.ty, Type::Reference(_)))
            .then(|| receiver.span()),
            asyncness: f.sig.asyncness.map(|a| a.span()),
            generics: (!f.sig.generics.params.is_empty()).then(|| f.sig.generics.span()),
            params,
            output: match &f.sig.output {
                ReturnType::Default => Output::Unit,
                ReturnType::Type(_, ty) => output_of(ty),
            },
        });
    }
    Ok(RemoteImpl { item, methods })
}

/// A method's options: whether it is skipped, and its role (getter or
/// setter) with the option's span. Conflicting options are errors here.
fn method_options(attrs: Vec<Attribute>) -> syn::Result<(bool, Option<(Role, Span)>)> {
    let mut skip: Option<Span> = None;
    let mut role: Option<(Role, Span)> = None;
    for attr in attrs {
        attr.parse_nested_meta(|meta| {
            let this = if meta.path.is_ident("skip") {
                if skip.is_some() {
                    return Err(meta.error("this option is given twice"));
                }
                skip = Some(meta.path.span());
                return Ok(());
            } else if meta.path.is_ident("getter") {
                Role::Getter
            } else if meta.path.is_ident("setter") {
                Role::Setter
            } else {
                return Err(meta.error(
                    "unknown #[remote] option on a method; expected `skip`, `getter` or `setter`",
                ));
            };
            match role {
                Some((r, _)) if r == this => Err(meta.error("this option is given twice")),
                Some(_) => Err(meta.error(
                    "a method is a getter or a setter, not both: \
                     the setter of `name` is a method of its own, `set_name`",
                )),
                None => {
                    role = Some((this, meta.path.span()));
                    Ok(())
                }
            }
        })?;
    }
    if let (Some(skip), Some((role, _))) = (skip, role) {
        return Err(syn::Error::new(
            skip,
            format!(
                "a skipped method is not visible remotely; drop `skip` or `{}`",
                role.option()
            ),
        ));
    }
    Ok((skip.is_some(), role))
}
