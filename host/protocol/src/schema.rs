//! The schema a guest reports through `describe`: its type's attributes and
//! methods. Mirrors `schema` in `wit/remoteobj.wit`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What an object's type offers remotely.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Schema {
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
}

/// One attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeInfo {
    /// Its name.
    pub name: String,
    /// Its type, as the guest spells it.
    pub type_name: String,
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
    /// Its return type.
    pub returns: String,
    /// Its documentation.
    pub doc: String,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamInfo {
    /// Its name (usable as a keyword argument).
    pub name: String,
    /// Its type.
    pub type_name: String,
    /// Whether it may be left out.
    pub optional: bool,
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
