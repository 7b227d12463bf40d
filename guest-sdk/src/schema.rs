//! Building the schema `describe` reports: a class's attributes and
//! methods, with their types structured in a table ([`Types`]) beside the
//! guest's spelling of them.
//!
//! `#[remote]` writes all of it. A hand-written [`crate::Remote`] builds its
//! schema with [`Schema::new`] and its builder methods, which record types
//! as spelled only (structured as "any"), or through [`Types`] for precise
//! ones.

mod describe;
mod types;

pub use crate::bindings::remoteobj::guest::types::{
    AttributeInfo, ClassInfo, MethodInfo, ParamInfo, Schema, TypeDesc,
};
pub use describe::Describe;
pub use types::Types;

/// The schema format this SDK writes: 2, since types are structured.
pub const SCHEMA_VERSION: u32 = 2;

impl Schema {
    /// An empty schema for `type_name`.
    pub fn new(type_name: impl Into<String>) -> Self {
        Types::new().into_schema(ClassInfo::new(type_name))
    }

    /// Sets the documentation.
    pub fn doc(mut self, doc: impl Into<String>) -> Self {
        self.doc = doc.into();
        self
    }

    /// Adds an attribute, its type as spelled only.
    pub fn attribute(self, name: &str, ty: &str, read_only: bool, doc: &str) -> Self {
        self.edit(|types, class| {
            let any = types.any();
            class.attribute(name, ty, any, false, read_only, doc);
        })
    }

    /// Adds a method, its types as spelled only; `params` are `(name,
    /// type, optional)`.
    pub fn method(
        self,
        name: &str,
        params: &[(&str, &str, bool)],
        returns: &str,
        doc: &str,
    ) -> Self {
        self.edit(|types, class| {
            let any = types.any();
            class.methods.push(MethodInfo {
                name: name.into(),
                params: params
                    .iter()
                    .map(|(n, t, o)| ParamInfo {
                        name: (*n).into(),
                        type_: (*t).into(),
                        type_index: any,
                        optional: *o,
                        keyword_only: false,
                        default: None,
                    })
                    .collect(),
                returns: returns.into(),
                returns_index: any,
                doc: doc.into(),
            });
        })
    }

    /// Appends a base: its name, then its own bases; its attributes and
    /// methods are reachable too, so they are listed unless the type's own
    /// hide them (see [`ClassInfo::inherit`]). Its types and classes join
    /// this schema's tables.
    pub fn base(self, base: Schema) -> Self {
        self.edit(|types, class| {
            let base = types.absorb(base);
            class.inherit(base);
        })
    }

    /// Whether `name` is one of the type's attributes or methods.
    pub fn has_name(&self, name: &str) -> bool {
        self.attributes.iter().any(|a| a.name == name)
            || self.methods.iter().any(|m| m.name == name)
    }

    /// The names of all attributes and methods, for "did you mean" hints.
    pub fn names(&self) -> Vec<&str> {
        self.attributes
            .iter()
            .map(|a| a.name.as_str())
            .chain(self.methods.iter().map(|m| m.name.as_str()))
            .collect()
    }

    /// Changes the root class with the table at hand.
    fn edit(self, change: impl FnOnce(&mut Types, &mut ClassInfo)) -> Self {
        let active = self.active;
        let (mut types, mut class) = Types::split(self);
        change(&mut types, &mut class);
        let mut schema = types.into_schema(class);
        schema.active = active;
        schema
    }
}

impl ClassInfo {
    /// A class with nothing in it yet.
    pub fn new(type_name: impl Into<String>) -> Self {
        ClassInfo {
            type_name: type_name.into(),
            doc: String::new(),
            attributes: Vec::new(),
            methods: Vec::new(),
            bases: Vec::new(),
        }
    }

    /// Adds an attribute whose type is `type_index` in the table; `in_place`
    /// when paths go into it in place (a nested object, a container field)
    /// rather than into a copy of its value.
    pub fn attribute(
        &mut self,
        name: &str,
        spelling: &str,
        type_index: u32,
        in_place: bool,
        read_only: bool,
        doc: &str,
    ) {
        self.attributes.push(AttributeInfo {
            name: name.into(),
            type_: spelling.into(),
            type_index,
            in_place,
            read_only,
            doc: doc.into(),
        });
    }

    /// Takes in a base (already in this class's table): its name, then its
    /// own bases; its attributes and methods unless the class's own hide
    /// them, as lookups do: an own attribute hides a base's attribute or
    /// method of its name (a property overrides a base's method, as in
    /// Python), an own method a base's method. (A base's attribute stays
    /// listed beside an own method of its name: reading the name reads the
    /// base's attribute, calling it calls the own method.)
    pub fn inherit(&mut self, base: ClassInfo) {
        self.bases.push(base.type_name);
        self.bases.extend(base.bases);
        // The class's own names, before any of the base's is added (a base
        // with an attribute and a method of one name keeps both).
        let own_attributes: Vec<String> = self.attributes.iter().map(|a| a.name.clone()).collect();
        let own_methods: Vec<String> = self.methods.iter().map(|m| m.name.clone()).collect();
        for a in base.attributes {
            if !own_attributes.contains(&a.name) {
                self.attributes.push(a);
            }
        }
        for m in base.methods {
            if !own_attributes.contains(&m.name) && !own_methods.contains(&m.name) {
                self.methods.push(m);
            }
        }
    }
}
