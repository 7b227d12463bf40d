//! Building the schema `describe` reports.

pub use crate::bindings::remoteobj::guest::types::{AttributeInfo, MethodInfo, ParamInfo, Schema};

impl Schema {
    /// An empty schema for `type_name`.
    pub fn new(type_name: impl Into<String>) -> Self {
        Schema {
            type_name: type_name.into(),
            doc: String::new(),
            attributes: Vec::new(),
            methods: Vec::new(),
            bases: Vec::new(),
            active: false,
        }
    }

    /// Sets the documentation.
    pub fn doc(mut self, doc: impl Into<String>) -> Self {
        self.doc = doc.into();
        self
    }

    /// Adds an attribute.
    pub fn attribute(mut self, name: &str, ty: &str, read_only: bool, doc: &str) -> Self {
        self.attributes.push(AttributeInfo {
            name: name.into(),
            type_: ty.into(),
            read_only,
            doc: doc.into(),
        });
        self
    }

    /// Adds a method; `params` are `(name, type, optional)`.
    pub fn method(
        mut self,
        name: &str,
        params: &[(&str, &str, bool)],
        returns: &str,
        doc: &str,
    ) -> Self {
        self.methods.push(MethodInfo {
            name: name.into(),
            params: params
                .iter()
                .map(|(n, t, o)| ParamInfo {
                    name: (*n).into(),
                    type_: (*t).into(),
                    optional: *o,
                    default: None,
                })
                .collect(),
            returns: returns.into(),
            doc: doc.into(),
        });
        self
    }

    /// Appends a base: its name, then its own bases; its attributes and
    /// methods are reachable too, so they are listed unless the type's own
    /// hide them, as lookups do: an own attribute hides a base's attribute
    /// or method of its name (a property overrides a base's method, as in
    /// Python), an own method a base's method. (A base's attribute stays
    /// listed beside an own method of its name: reading the name reads the
    /// base's attribute, calling it calls the own method.)
    pub fn base(mut self, base: Schema) -> Self {
        self.bases.push(base.type_name);
        self.bases.extend(base.bases);
        // The type's own names, before any of the base's is added (a base
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
        self
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
}
