//! Checks on the parsed model, each error pointing at the offending tokens.

use syn::Error;
use syn::ext::IdentExt;

use crate::parse::{
    MethodModel, Output, ParamModel, RemoteFunction, RemoteImpl, RemoteStruct, Role,
};

/// Checks a struct's options.
pub fn remote_struct(model: &RemoteStruct) -> syn::Result<()> {
    if !model.item.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &model.item.generics,
            "#[remote] does not support generic structs: a component exports one concrete type",
        ));
    }
    if let Some(span) = model.name_span
        && model.name.trim().is_empty()
    {
        return Err(Error::new(span, "the remote type name cannot be empty"));
    }
    let mut errors: Vec<Error> = Vec::new();
    let mut base_seen = false;
    let mut dynamic_seen = false;
    for field in &model.fields {
        if let Some(span) = field.dynamic {
            if dynamic_seen {
                errors.push(Error::new(
                    span,
                    "only one field can hold dynamic attributes",
                ));
            }
            dynamic_seen = true;
            for other in [field.read_only, field.base].into_iter().flatten() {
                errors.push(Error::new(
                    other,
                    "a `dynamic` field holds attributes; it cannot also be this",
                ));
            }
        }
        if field.skip.is_some() {
            for span in [field.read_only, field.base, field.dynamic]
                .into_iter()
                .flatten()
            {
                errors.push(Error::new(
                    span,
                    "a skipped field is not visible remotely; drop `skip` or this option",
                ));
            }
        }
        if let Some(span) = field.base {
            if base_seen {
                errors.push(Error::new(span, "only one field can be the base"));
            }
            base_seen = true;
        }
    }
    combine(errors)
}

/// Checks an impl block's methods.
pub fn remote_impl(model: &RemoteImpl) -> syn::Result<()> {
    let item = &model.item;
    if let Some((_, path, _)) = &item.trait_ {
        return Err(Error::new_spanned(
            path,
            "#[remote] goes on an inherent impl block (`impl Type { ... }`), not a trait impl",
        ));
    }
    if !item.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &item.generics,
            "#[remote] does not support generic impl blocks",
        ));
    }
    let mut errors = Vec::new();
    for m in &model.methods {
        if let Some(span) = m.self_by_value {
            errors.push(Error::new(
                span,
                "a remote method takes `&self` or `&mut self`: the object stays in the guest",
            ));
        }
        if let Some(span) = m.asyncness {
            errors.push(Error::new(span, "remote methods cannot be async"));
        }
        if let Some(span) = m.generics {
            errors.push(Error::new(
                span,
                "remote methods cannot be generic: arguments are decoded into concrete types",
            ));
        }
        check_params(&m.params, &mut errors);
        match m.role {
            Some((Role::Getter, _)) => check_getter(m, &mut errors),
            Some((Role::Setter, _)) => check_setter(m, model, &mut errors),
            None => {}
        }
    }
    combine(errors)
}

/// A getter is read, not called: no parameters, and a value to read.
fn check_getter(m: &MethodModel, errors: &mut Vec<Error>) {
    if let Some(p) = m.params.first() {
        errors.push(Error::new_spanned(
            &p.source,
            format!(
                "a getter takes no parameters besides `self`: it is read as the attribute `{}`",
                m.ident.unraw()
            ),
        ));
    }
    if returns_this(&m.output) {
        errors.push(Error::new_spanned(
            &m.output_source,
            "a getter returns a value to read, not `This`",
        ));
    }
}

/// A setter is `set_<name>(&mut self, value)` beside a getter `<name>`.
fn check_setter(m: &MethodModel, model: &RemoteImpl, errors: &mut Vec<Error>) {
    let (receiver, mutable) = &m.receiver;
    if !mutable && m.self_by_value.is_none() {
        errors.push(Error::new_spanned(
            receiver,
            "a setter takes `&mut self`: it changes the object",
        ));
    }
    match m.setter_target() {
        None => errors.push(Error::new(
            m.ident.span(),
            "a setter is named `set_<name>`, for the attribute `<name>` it assigns",
        )),
        Some(name) => {
            let has_getter = model
                .methods
                .iter()
                .any(|g| g.is_getter() && g.ident.unraw() == name);
            if !has_getter {
                errors.push(Error::new(
                    m.ident.span(),
                    format!(
                        "the setter of `{name}` needs a getter in the same impl block: \
                         `#[remote(getter)] fn {name}(&self) -> T`"
                    ),
                ));
            }
        }
    }
    match m.params.as_slice() {
        [] => errors.push(Error::new(
            m.ident.span(),
            "a setter takes one parameter besides `self`: the value assigned",
        )),
        [value] => {
            if let Some(default) = &value.default {
                errors.push(Error::new_spanned(
                    default,
                    "an assignment always gives the value; drop the default",
                ));
            }
        }
        [_, extra, ..] => errors.push(Error::new_spanned(
            &extra.source,
            "a setter takes one parameter besides `self`: the value assigned",
        )),
    }
    let unit = match &m.output {
        Output::Unit => true,
        Output::Result { ok, .. } => matches!(**ok, Output::Unit),
        _ => false,
    };
    if !unit {
        errors.push(Error::new_spanned(
            &m.output_source,
            "a setter returns `()` or `Result<(), E>`: an assignment has no value",
        ));
    }
}

fn returns_this(output: &Output) -> bool {
    match output {
        Output::This => true,
        Output::Result { ok, .. } => returns_this(ok),
        _ => false,
    }
}

/// Checks a free function for `passto`.
pub fn remote_function(model: &RemoteFunction) -> syn::Result<()> {
    let sig = &model.item.sig;
    let mut errors = Vec::new();
    if let Err(span) = &model.object {
        errors.push(Error::new(
            *span,
            "a function for `passto` takes the object first, as `&T` or `&mut T`",
        ));
    }
    if let Some(a) = &sig.asyncness {
        errors.push(Error::new_spanned(a, "remote functions cannot be async"));
    }
    if !sig.generics.params.is_empty() {
        errors.push(Error::new_spanned(
            &sig.generics,
            "remote functions cannot be generic",
        ));
    }
    check_params(&model.params, &mut errors);
    combine(errors)
}

fn check_params(params: &[ParamModel], errors: &mut Vec<Error>) {
    for p in params {
        if let Some(span) = p.pattern {
            errors.push(Error::new(
                span,
                "a remote method's parameters must be plain names (they are also keyword names)",
            ));
        }
        if let (Some(default), Some(_)) = (&p.default, &p.option_of) {
            errors.push(Error::new_spanned(
                default,
                "an `Option` parameter may already be left out (it is then `None`); drop the default",
            ));
        }
    }
}

fn combine(errors: Vec<Error>) -> syn::Result<()> {
    let mut iter = errors.into_iter();
    match iter.next() {
        None => Ok(()),
        Some(mut first) => {
            for e in iter {
                first.combine(e);
            }
            Err(first)
        }
    }
}
