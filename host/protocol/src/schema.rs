//! The schema a guest reports through `describe`: its type's attributes and
//! methods, with their types structured in a table. Mirrors `schema` in
//! `wit/remoteobj.wit`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The schema format this crate writes and reads: 2 since types are
/// structured ([`Schema::types`], [`Schema::classes`]); 1 had only their
/// spellings.
pub const SCHEMA_VERSION: u32 = 2;

/// What an object's type offers remotely.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Schema {
    /// The schema's format ([`SCHEMA_VERSION`] for a guest built against
    /// this crate's WIT).
    #[serde(default)]
    pub version: u32,
    /// The guest-side type name.
    pub type_name: String,
    /// The type's documentation.
    pub doc: String,
    /// Readable (and possibly assignable) attributes.
    pub attributes: Vec<AttributeInfo>,
    /// Callable methods.
    pub methods: Vec<MethodInfo>,
    /// The bases lookups fall through to, nearest first.
    pub bases: Vec<String>,
    /// The object runs its own loop (an active object).
    #[serde(default)]
    pub active: bool,
    /// The types that attributes, parameters and results name by index.
    #[serde(default)]
    pub types: Vec<TypeDesc>,
    /// The classes that [`TypeDesc::Object`] names by index.
    #[serde(default)]
    pub classes: Vec<ClassInfo>,
}

/// A class other than the object's own that the schema's types refer to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClassInfo {
    /// The guest-side type name.
    pub type_name: String,
    /// The type's documentation.
    pub doc: String,
    /// Its attributes.
    pub attributes: Vec<AttributeInfo>,
    /// Its methods.
    pub methods: Vec<MethodInfo>,
    /// Its bases, nearest first.
    pub bases: Vec<String>,
}

/// A value's type, structured. Types made of others name them by their
/// index in [`Schema::types`], an earlier index than their own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum TypeDesc {
    /// Anything (undeclared, or a value of any shape).
    Any,
    /// Nothing: `()`, Python's `None`.
    Unit,
    /// A boolean.
    Bool,
    /// A signed integer of this many bits.
    Signed(u8),
    /// An unsigned integer of this many bits.
    Unsigned(u8),
    /// A float of this many bits.
    Float(u8),
    /// One character.
    Char,
    /// Text.
    Text,
    /// Bytes.
    Bytes,
    /// A sequence of the type at this index.
    List(u32),
    /// The type at this index, or nothing.
    Option(u32),
    /// A map: keys' type, values' type.
    Dict(u32, u32),
    /// A fixed sequence of these types.
    Tuple(Vec<u32>),
    /// A remote object of the class at this index of [`Schema::classes`].
    Object(u32),
    /// The object the method was called on.
    This,
    /// A type the schema does not structure: its name.
    Named(String),
}

/// A schema whose type table does not hold together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The guest wrote a schema format this crate does not know.
    #[error("schema version {found} is newer than this remoteobj reads (version {known})")]
    Version {
        /// The guest's.
        found: u32,
        /// This crate's ([`SCHEMA_VERSION`]).
        known: u32,
    },
    /// An index that names no type, or a type naming itself or a later one.
    #[error("{what} names type {index}, which {problem}")]
    Type {
        /// Where the index is.
        what: String,
        /// The index.
        index: u32,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// An object type naming no class.
    #[error("type {index} names class {class}, and there are {count} classes")]
    Class {
        /// The type's index.
        index: u32,
        /// The class it names.
        class: u32,
        /// How many classes there are.
        count: usize,
    },
}

impl Schema {
    /// The type at `index` of the table.
    pub fn type_desc(&self, index: u32) -> Option<&TypeDesc> {
        self.types.get(index as usize)
    }

    /// The object's own class, as a [`ClassInfo`].
    pub fn root_class(&self) -> ClassInfo {
        ClassInfo {
            type_name: self.type_name.clone(),
            doc: self.doc.clone(),
            attributes: self.attributes.clone(),
            methods: self.methods.clone(),
            bases: self.bases.clone(),
        }
    }

    /// Checks that the type table holds together: a known version, every
    /// index naming a type, every type naming only earlier ones (no
    /// cycles), every object type naming a class. A schema from an older
    /// guest (version 1, no table) passes: its types read as absent.
    pub fn check(&self) -> Result<(), SchemaError> {
        if self.version > SCHEMA_VERSION {
            return Err(SchemaError::Version {
                found: self.version,
                known: SCHEMA_VERSION,
            });
        }
        if self.version < 2 {
            return Ok(());
        }
        let count = self.types.len();
        let named = |what: String, index: u32, before: usize| {
            if index as usize >= count {
                Err(SchemaError::Type {
                    what,
                    index,
                    problem: "is not in the table",
                })
            } else if index as usize >= before {
                Err(SchemaError::Type {
                    what,
                    index,
                    problem: "is not an earlier type (types cannot be cyclic)",
                })
            } else {
                Ok(())
            }
        };
        for (at, ty) in self.types.iter().enumerate() {
            let what = || format!("type {at}");
            match ty {
                TypeDesc::List(i) | TypeDesc::Option(i) => named(what(), *i, at)?,
                TypeDesc::Dict(k, v) => {
                    named(what(), *k, at)?;
                    named(what(), *v, at)?;
                }
                TypeDesc::Tuple(items) => {
                    for i in items {
                        named(what(), *i, at)?;
                    }
                }
                TypeDesc::Object(class) if *class as usize >= self.classes.len() => {
                    return Err(SchemaError::Class {
                        index: at as u32,
                        class: *class,
                        count: self.classes.len(),
                    });
                }
                _ => {}
            }
        }
        let root = self.root_class();
        for class in std::iter::once(&root).chain(&self.classes) {
            for a in &class.attributes {
                let what = format!("attribute `{}.{}`", class.type_name, a.name);
                named(what, a.type_index, count)?;
            }
            for m in &class.methods {
                let what = format!("the result of `{}.{}`", class.type_name, m.name);
                named(what, m.returns_index, count)?;
                for p in &m.params {
                    let what =
                        format!("parameter `{}` of `{}.{}`", p.name, class.type_name, m.name);
                    named(what, p.type_index, count)?;
                }
            }
        }
        Ok(())
    }
}

/// One attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeInfo {
    /// Its name.
    pub name: String,
    /// Its type, as the guest spells it.
    pub type_name: String,
    /// Its type: an index in [`Schema::types`].
    #[serde(default)]
    pub type_index: u32,
    /// Whether paths go into it in place (a nested object, a container
    /// field) rather than into a copy of its value.
    #[serde(default)]
    pub in_place: bool,
    /// Whether `setattr` is refused.
    pub read_only: bool,
    /// Its documentation.
    pub doc: String,
}

/// One method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodInfo {
    /// Its name.
    pub name: String,
    /// Its parameters, in order.
    pub params: Vec<ParamInfo>,
    /// Its return type, as the guest spells it.
    pub returns: String,
    /// Its return type: an index in [`Schema::types`].
    #[serde(default)]
    pub returns_index: u32,
    /// Its documentation.
    pub doc: String,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamInfo {
    /// Its name (usable as a keyword argument).
    pub name: String,
    /// Its type, as the guest spells it.
    pub type_name: String,
    /// Its type: an index in [`Schema::types`].
    #[serde(default)]
    pub type_index: u32,
    /// Whether it may be left out.
    pub optional: bool,
    /// Whether it is passed by name only.
    #[serde(default)]
    pub keyword_only: bool,
    /// Its default, as the guest's source spells it, when it has one.
    #[serde(default)]
    pub default: Option<String>,
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.type_name)?;
        if !self.bases.is_empty() {
            write!(f, "({})", self.bases.join(" -> "))?;
        }
        writeln!(f)?;
        if !self.doc.is_empty() {
            writeln!(f, "  {}", self.doc)?;
        }
        if self.active {
            writeln!(
                f,
                "  (active: runs its own loop, and answers at its cooperative points)"
            )?;
        }
        for a in &self.attributes {
            let ro = if a.read_only { " (read-only)" } else { "" };
            writeln!(f, "  {}: {}{}", a.name, a.type_name, ro)?;
        }
        for m in &self.methods {
            let params: Vec<String> = m
                .params
                .iter()
                .map(|p| match (&p.default, p.optional) {
                    (Some(default), _) => format!("{}: {} = {}", p.name, p.type_name, default),
                    (None, true) => format!("{}?: {}", p.name, p.type_name),
                    (None, false) => format!("{}: {}", p.name, p.type_name),
                })
                .collect();
            writeln!(f, "  {}({}) -> {}", m.name, params.join(", "), m.returns)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(types: Vec<TypeDesc>, attribute_type: u32) -> Schema {
        Schema {
            version: SCHEMA_VERSION,
            type_name: "T".into(),
            attributes: vec![AttributeInfo {
                name: "a".into(),
                type_name: "?".into(),
                type_index: attribute_type,
                in_place: false,
                read_only: false,
                doc: String::new(),
            }],
            types,
            ..Schema::default()
        }
    }

    #[test]
    fn a_table_that_holds_together_passes() {
        let s = schema(
            vec![TypeDesc::Text, TypeDesc::List(0), TypeDesc::Dict(0, 1)],
            2,
        );
        assert_eq!(s.check(), Ok(()));
        assert_eq!(s.type_desc(1), Some(&TypeDesc::List(0)));
        assert_eq!(s.type_desc(9), None);
    }

    #[test]
    fn cycles_dangling_indices_and_unknown_versions_are_refused() {
        let cyclic = schema(vec![TypeDesc::List(0)], 0);
        assert!(matches!(
            cyclic.check(),
            Err(SchemaError::Type { index: 0, .. })
        ));
        let forward = schema(vec![TypeDesc::Option(1), TypeDesc::Bool], 0);
        assert!(matches!(
            forward.check(),
            Err(SchemaError::Type { index: 1, .. })
        ));
        let dangling = schema(vec![TypeDesc::Bool], 5);
        let err = dangling.check().unwrap_err();
        assert!(
            err.to_string().contains("attribute `T.a` names type 5"),
            "{err}"
        );
        let no_class = schema(vec![TypeDesc::Object(0)], 0);
        assert!(matches!(
            no_class.check(),
            Err(SchemaError::Class { count: 0, .. })
        ));
        let mut newer = schema(vec![TypeDesc::Bool], 0);
        newer.version = SCHEMA_VERSION + 1;
        assert!(matches!(newer.check(), Err(SchemaError::Version { .. })));
        // An older guest's schema has no table: nothing to check.
        let mut older = schema(Vec::new(), 7);
        older.version = 1;
        assert_eq!(older.check(), Ok(()));
    }
}
