//! The structured types `#[remote]` writes into a schema: the spelling
//! taken apart (options, boxes, sequences, maps, tuples), leaves probed
//! (a `#[remote]` class, a type that describes itself, or neither: named),
//! nested classes once, bases merged through their classes, or through a
//! hand-written `Remote`'s schema.

// The guest types here exist for their schemas only.
#![allow(missing_docs)]

use std::collections::BTreeMap;

use remoteobj_guest::schema::{ClassInfo, Schema, TypeDesc};
use remoteobj_guest::{Objects, Remote, This, Value, remote};
use serde::{Deserialize, Serialize};

/// A serde type of the guest's own: named, not structured.
#[derive(Default, Clone, Serialize, Deserialize)]
pub struct Point {
    x: f64,
}

#[remote]
#[derive(Default, Serialize, Deserialize)]
pub struct Leaf {
    n: u8,
}

#[remote]
#[derive(Default)]
pub struct Tree {
    counts: BTreeMap<String, Vec<i32>>,
    pair: (bool, char),
    point: Point,
    points: Vec<Point>,
    any: Option<Value>,
    leaf: Leaf,
    maybe: Option<Box<Leaf>>,
    leaves: Objects<Leaf>,
    /// Items of a plain sequence are values, even of a `#[remote]` type.
    copies: Vec<Leaf>,
    me: Option<Box<Tree>>,
    fixed: [u8; 2],
}

#[remote]
impl Tree {
    pub fn grow(&mut self, by: Option<u16>, #[remote(default = 1.5)] rate: f32) -> This {
        let _ = (by, rate);
        This
    }

    pub fn name(&self, of: &str) -> Result<String, remoteobj_guest::Error> {
        Ok(of.into())
    }

    pub fn nothing(&self) {}

    #[remote(getter)]
    pub fn size(&self) -> usize {
        1
    }

    /// An `impl Trait` inside a path: no turbofish names it.
    pub fn opaque(&self) -> Wrap<impl Serialize> {
        Wrap(1)
    }

    #[remote(getter)]
    pub fn computed(&self) -> Vec<i64> {
        vec![1]
    }
}

/// A generic serde type of the guest's own.
#[derive(Serialize)]
pub struct Wrap<T>(T);

fn type_of(schema: &Schema, index: u32) -> &TypeDesc {
    &schema.types[index as usize]
}

/// The type of `name` in `schema`, with the parts it names, as text.
fn shape(schema: &Schema, index: u32) -> String {
    let part = |i: &u32| shape(schema, *i);
    match type_of(schema, index) {
        TypeDesc::List(i) => format!("list[{}]", part(i)),
        TypeDesc::Option(i) => format!("option[{}]", part(i)),
        TypeDesc::Dict((k, v)) => format!("dict[{}, {}]", part(k), part(v)),
        TypeDesc::Tuple(items) => {
            let items: Vec<String> = items.iter().map(part).collect();
            format!("tuple[{}]", items.join(", "))
        }
        TypeDesc::Object(c) => format!("object[{}]", schema.classes[*c as usize].type_name),
        TypeDesc::Named(n) => format!("named[{n}]"),
        other => format!("{other:?}").replace("TypeDesc::", ""),
    }
}

fn attribute(schema: &Schema, class: Option<&ClassInfo>, name: &str) -> String {
    let attributes = class.map_or(&schema.attributes, |c| &c.attributes);
    let a = attributes.iter().find(|a| a.name == name).unwrap();
    shape(schema, a.type_index)
}

#[test]
fn fields_are_structured_and_nested_classes_listed_once() {
    let schema = Tree::default().schema();
    let shape_of = |name| attribute(&schema, None, name);
    assert_eq!(shape_of("counts"), "dict[Text, list[Signed(32)]]");
    assert_eq!(shape_of("pair"), "tuple[Bool, Char]");
    assert_eq!(shape_of("point"), "named[Point]");
    assert_eq!(shape_of("points"), "list[named[Point]]");
    assert_eq!(shape_of("any"), "option[Any]");
    assert_eq!(shape_of("leaf"), "object[Leaf]");
    assert_eq!(shape_of("maybe"), "option[object[Leaf]]");
    assert_eq!(shape_of("leaves"), "list[object[Leaf]]");
    assert_eq!(shape_of("copies"), "list[named[Leaf]]");
    assert_eq!(shape_of("me"), "option[object[Tree]]");
    assert_eq!(
        shape_of("size"),
        "Unsigned(64)",
        "a property: its getter's type"
    );
    assert_eq!(shape_of("fixed"), "list[Unsigned(8)]");
    // Which attributes paths go into in place: remote objects and the
    // containers the SDK serves, not computed properties or arrays.
    let in_place = |name: &str| {
        schema
            .attributes
            .iter()
            .find(|a| a.name == name)
            .unwrap()
            .in_place
    };
    for name in ["counts", "leaf", "maybe", "leaves", "me"] {
        assert!(in_place(name), "{name}");
    }
    for name in [
        "pair", "point", "points", "size", "computed", "fixed", "copies",
    ] {
        assert!(!in_place(name), "{name}");
    }
    let names: Vec<&str> = schema
        .classes
        .iter()
        .map(|c| c.type_name.as_str())
        .collect();
    assert_eq!(names, ["Leaf", "Tree"]);
    assert_eq!(
        attribute(&schema, Some(&schema.classes[0]), "n"),
        "Unsigned(8)"
    );
    assert_eq!(schema.version, remoteobj_guest::schema::SCHEMA_VERSION);
}

#[test]
fn parameters_and_results_are_structured() {
    let schema = Tree::default().schema();
    let method = |name: &str| schema.methods.iter().find(|m| m.name == name).unwrap();
    let grow = method("grow");
    let params: Vec<String> = grow
        .params
        .iter()
        .map(|p| shape(&schema, p.type_index))
        .collect();
    // Optional parameters are their inner type, marked optional.
    assert_eq!(params, ["Unsigned(16)", "Float(32)"]);
    assert!(grow.params.iter().all(|p| p.optional));
    assert_eq!(shape(&schema, grow.returns_index), "This");
    let name = method("name");
    assert_eq!(shape(&schema, name.params[0].type_index), "Text");
    assert_eq!(shape(&schema, name.returns_index), "Text", "a Result's Ok");
    assert_eq!(shape(&schema, method("nothing").returns_index), "Unit");
    assert_eq!(
        shape(&schema, method("opaque").returns_index),
        "named[Wrap<impl Serialize>]"
    );
}

/// A base with a hand-written `Remote`, whose schema has its own table.
#[derive(Default)]
pub struct Manual;

impl Remote for Manual {
    fn type_name(&self) -> &str {
        "Manual"
    }
    fn to_value(&self) -> remoteobj_guest::Result<Value> {
        Ok(Value::Null)
    }
    fn schema(&self) -> Schema {
        Schema::new("Manual").attribute("spelled", "int", true, "")
    }
}

// On the host, a base's client is named through `Typed` (any client does
// for this test, which reads only the schema).
impl remoteobj_guest::__host::typed::Typed for Manual {
    type Client = remoteobj_guest::__host::typed::ListClient<i64>;
}

#[remote]
#[derive(Default)]
pub struct OnManual {
    own: bool,
    #[remote(base)]
    base: Manual,
}

#[remote]
#[derive(Default)]
pub struct OnTree {
    own: i8,
    #[remote(base)]
    base: Tree,
}

#[test]
fn bases_join_the_table() {
    let schema = OnManual::default().schema();
    assert_eq!(schema.bases, ["Manual"]);
    assert_eq!(attribute(&schema, None, "own"), "Bool");
    assert_eq!(
        attribute(&schema, None, "spelled"),
        "Any",
        "typed by spelling only"
    );
    let schema = OnTree::default().schema();
    assert_eq!(schema.bases, ["Tree"]);
    assert_eq!(attribute(&schema, None, "own"), "Signed(8)");
    assert_eq!(attribute(&schema, None, "leaf"), "object[Leaf]");
    assert_eq!(attribute(&schema, None, "me"), "option[object[Tree]]");
}
