//! The table of structured types (and of the classes `object` types name)
//! a schema is built with.

use super::{AttributeInfo, ClassInfo, MethodInfo, SCHEMA_VERSION, Schema, TypeDesc};

/// A schema's type table being built. Each type is added once; a type made
/// of others is added after them, so it names earlier indices only.
#[derive(Debug, Default)]
pub struct Types {
    types: Vec<TypeDesc>,
    classes: Vec<ClassInfo>,
    /// What each class is (`classes[i]` describes the type `keys[i]`), so
    /// two types of one name are two classes; and the root's key.
    keys: Vec<String>,
    root: Option<(String, String)>,
}

impl Types {
    /// An empty table.
    pub fn new() -> Self {
        Types::default()
    }

    /// The index of `desc`, added if it is not in the table yet. Its parts
    /// must be in the table already.
    pub fn add(&mut self, desc: TypeDesc) -> u32 {
        match self.types.iter().position(|t| *t == desc) {
            Some(at) => index(at),
            None => {
                self.types.push(desc);
                index(self.types.len() - 1)
            }
        }
    }

    /// Anything.
    pub fn any(&mut self) -> u32 {
        self.add(TypeDesc::Any)
    }

    /// A type the table does not structure, by its spelling.
    pub fn named(&mut self, spelling: &str) -> u32 {
        self.add(TypeDesc::Named(spelling.into()))
    }

    /// Names the type whose schema this is (its key, as for
    /// [`class`](Self::class), and its name): a class of another type with
    /// the root's name is then listed under another name (`Node2`), so a
    /// class of the root's name is the root's.
    pub fn root(&mut self, key: &str, type_name: &str) {
        self.root = Some((key.into(), type_name.into()));
    }

    /// The `object` type of the class of the type `key` (its
    /// `std::any::type_name`), named `type_name`: `build` describes the
    /// class the first time it is named (and can name it again, for a
    /// class that contains itself). Two types of one name are two classes,
    /// the second named apart (`Node2`).
    pub fn class(
        &mut self,
        key: &str,
        type_name: &str,
        build: impl FnOnce(&mut Types) -> ClassInfo,
    ) -> u32 {
        let at = match self.keys.iter().position(|k| k == key) {
            Some(at) => at,
            None => {
                let name = self.free_name(key, type_name);
                let at = self.classes.len();
                self.classes.push(ClassInfo::new(name.clone()));
                self.keys.push(key.into());
                let mut class = build(self);
                class.type_name = name;
                self.classes[at] = class;
                at
            }
        };
        self.add(TypeDesc::Object(index(at)))
    }

    /// `type_name`, or `type_name` with a number when another type has it.
    fn free_name(&self, key: &str, type_name: &str) -> String {
        let taken = |name: &str| {
            self.classes.iter().any(|c| c.type_name == name)
                || self
                    .root
                    .as_ref()
                    .is_some_and(|(root_key, root)| root == name && root_key != key)
        };
        let mut name = type_name.to_string();
        let mut n = 2;
        while taken(&name) {
            name = format!("{type_name}{n}");
            n += 1;
        }
        name
    }

    /// Moves another schema's tables into this one (its types re-indexed,
    /// its classes joining this table's unless one of their name is here:
    /// a schema says only their names)
    /// and returns its own class, with indices into this table.
    pub fn absorb(&mut self, schema: Schema) -> ClassInfo {
        let (theirs, class) = Types::split(schema);
        let mut class_map = Vec::with_capacity(theirs.classes.len());
        let mut new_classes = Vec::new();
        for c in &theirs.classes {
            match self
                .classes
                .iter()
                .position(|mine| mine.type_name == c.type_name)
            {
                Some(at) => class_map.push(index(at)),
                None => {
                    new_classes.push((self.classes.len(), c.clone()));
                    class_map.push(index(self.classes.len()));
                    self.classes.push(ClassInfo::new(c.type_name.clone()));
                    // Its type is known by name only.
                    self.keys.push(format!("(absorbed) {}", c.type_name));
                }
            }
        }
        let mut type_map: Vec<u32> = Vec::with_capacity(theirs.types.len());
        for desc in theirs.types {
            // An index that names no earlier type (the other schema's
            // table did not hold together) becomes "any".
            let mut part = |i: u32| match type_map.get(i as usize) {
                Some(mapped) => *mapped,
                None => self.any(),
            };
            let mapped = match desc {
                TypeDesc::List(i) => TypeDesc::List(part(i)),
                TypeDesc::Option(i) => TypeDesc::Option(part(i)),
                TypeDesc::Dict((k, v)) => TypeDesc::Dict((part(k), part(v))),
                TypeDesc::Tuple(items) => TypeDesc::Tuple(items.into_iter().map(part).collect()),
                TypeDesc::Object(c) => match class_map.get(c as usize) {
                    Some(mapped) => TypeDesc::Object(*mapped),
                    None => TypeDesc::Any,
                },
                other => other,
            };
            let at = self.add(mapped);
            type_map.push(at);
        }
        let any = self.any();
        let remap = |i: u32| type_map.get(i as usize).copied().unwrap_or(any);
        for (at, c) in new_classes {
            self.classes[at] = reindex(c, remap);
        }
        reindex(class, remap)
    }

    /// A schema's own class and its table.
    pub fn split(schema: Schema) -> (Types, ClassInfo) {
        let class = ClassInfo {
            type_name: schema.type_name,
            doc: schema.doc,
            attributes: schema.attributes,
            methods: schema.methods,
            bases: schema.bases,
        };
        let keys = schema
            .classes
            .iter()
            .map(|c| format!("(absorbed) {}", c.type_name))
            .collect();
        let types = Types {
            types: schema.types,
            classes: schema.classes,
            keys,
            root: None,
        };
        (types, class)
    }

    /// The schema of an object of class `class` (not active), with this
    /// table.
    pub fn into_schema(self, class: ClassInfo) -> Schema {
        Schema {
            version: SCHEMA_VERSION,
            type_name: class.type_name,
            doc: class.doc,
            attributes: class.attributes,
            methods: class.methods,
            bases: class.bases,
            active: false,
            types: self.types,
            classes: self.classes,
        }
    }
}

/// A class's type indices through `remap`.
fn reindex(mut class: ClassInfo, remap: impl Fn(u32) -> u32) -> ClassInfo {
    for AttributeInfo { type_index, .. } in &mut class.attributes {
        *type_index = remap(*type_index);
    }
    for MethodInfo {
        params,
        returns_index,
        ..
    } in &mut class.methods
    {
        *returns_index = remap(*returns_index);
        for p in params {
            p.type_index = remap(p.type_index);
        }
    }
    class
}

/// A table position as the schema's index type. Tables are built by the
/// guest's own code and stay far below `u32::MAX` entries.
fn index(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Describe;

    #[test]
    fn types_are_added_once_parts_first() {
        let mut types = Types::new();
        let a = <Vec<Option<i64>>>::describe(&mut types);
        let b = <Vec<Option<i64>>>::describe(&mut types);
        assert_eq!(a, b);
        let schema = types.into_schema(ClassInfo::new("T"));
        assert_eq!(
            schema.types,
            vec![TypeDesc::Signed(64), TypeDesc::Option(0), TypeDesc::List(1)]
        );
        assert_eq!(schema.version, SCHEMA_VERSION);
    }

    #[test]
    fn a_class_that_contains_itself_is_described_once() {
        let mut types = Types::new();
        let mut built = 0;
        let object = types.class("a::Node", "Node", |types| {
            built += 1;
            let mut node = ClassInfo::new("Node");
            // `next: Option<Box<Node>>`: the class again, while it is built.
            let again = types.class("a::Node", "Node", |_| unreachable!("described once"));
            let next = types.add(TypeDesc::Option(again));
            node.attribute("next", "Option<Box<Node>>", next, true, false, "");
            node
        });
        assert_eq!(built, 1);
        let schema = types.into_schema(ClassInfo::new("Root"));
        assert_eq!(schema.types[object as usize], TypeDesc::Object(0));
        assert_eq!(schema.classes.len(), 1);
        assert_eq!(schema.classes[0].attributes[0].name, "next");
    }

    #[test]
    fn two_types_of_one_name_are_two_classes() {
        let mut types = Types::new();
        types.root("a::Node", "Node");
        let own = types.class("a::Node", "Node", |_| ClassInfo::new("Node"));
        let other = types.class("b::Node", "Node", |_| ClassInfo::new("Node"));
        let third = types.class("c::Node", "Node", |_| ClassInfo::new("Node"));
        let schema = types.into_schema(ClassInfo::new("Node"));
        let names: Vec<&str> = schema
            .classes
            .iter()
            .map(|c| c.type_name.as_str())
            .collect();
        assert_eq!(names, ["Node", "Node2", "Node3"]);
        assert_ne!(own, other);
        assert_ne!(other, third);
    }

    #[test]
    fn an_absorbed_schema_is_reindexed_into_this_table() {
        // A base's schema with its own table: [text, object(0)], class
        // `Inner`, and an attribute of each.
        let mut theirs = Types::new();
        let text = theirs.add(TypeDesc::Text);
        let inner = theirs.class("x::Inner", "Inner", |types| {
            let mut c = ClassInfo::new("Inner");
            let any = types.any();
            c.attribute("v", "Value", any, false, false, "");
            c
        });
        let mut base = ClassInfo::new("Base");
        base.attribute("name", "String", text, false, false, "");
        base.attribute("inner", "Inner", inner, true, false, "");
        let base = theirs.into_schema(base);

        let mut mine = Types::new();
        mine.add(TypeDesc::Bool);
        let absorbed = mine.absorb(base);
        let schema = mine.into_schema(ClassInfo::new("Mine"));
        let type_of = |name: &str| {
            let a = absorbed.attributes.iter().find(|a| a.name == name).unwrap();
            schema.types[a.type_index as usize].clone()
        };
        assert_eq!(type_of("name"), TypeDesc::Text);
        assert_eq!(type_of("inner"), TypeDesc::Object(0));
        assert_eq!(schema.classes[0].type_name, "Inner");
        let v = schema.classes[0].attributes[0].type_index;
        assert_eq!(schema.types[v as usize], TypeDesc::Any);
    }

    #[test]
    fn a_broken_table_absorbs_as_any() {
        let mut broken = Schema::new("Broken");
        broken.types = vec![TypeDesc::List(7), TypeDesc::Object(3)];
        let mut mine = Types::new();
        mine.absorb(broken);
        let schema = mine.into_schema(ClassInfo::new("Mine"));
        assert!(schema.types.contains(&TypeDesc::Any));
        assert!(
            !schema
                .types
                .iter()
                .any(|t| matches!(t, TypeDesc::Object(_)))
        );
    }
}
