use std::collections::BTreeMap;

use serde::Serialize;

use super::*;
use crate::value::{Value, decode, encode};

/// Whether `value` encodes (and, when it does, to what plain ciborium
/// makes of it: the adapter changes nothing else).
fn encodes<T: Serialize>(value: &T) -> bool {
    match encode(value) {
        Ok(bytes) => {
            let mut plain = Vec::new();
            ciborium::into_writer(value, &mut plain).unwrap();
            assert_eq!(bytes, plain);
            true
        }
        Err(crate::Error::Encode(message)) => {
            assert_eq!(message, too_deep_message());
            false
        }
        Err(other) => panic!("{other}"),
    }
}

/// A value nested `depth` levels with `wrap`, built without recursion.
fn nested(depth: usize, wrap: impl Fn(Value) -> Value) -> Value {
    let mut v = Value::Text("core".into());
    for _ in 0..depth {
        v = wrap(v);
    }
    v
}

#[test]
fn arrays_maps_and_tags_nest_up_to_the_limit() {
    let array = |v| Value::Array(vec![Value::Null, v]);
    let map = |v| Value::Map(vec![(Value::Text("k".into()), v)]);
    let key = |v| Value::Map(vec![(v, Value::Null)]);
    let tag = |v| Value::Tag(7, Box::new(v));
    for wrap in [&array as &dyn Fn(Value) -> Value, &map, &key, &tag] {
        assert!(encodes(&nested(MAX_DEPTH, wrap)));
        assert!(!encodes(&nested(MAX_DEPTH + 1, wrap)));
    }
}

#[test]
fn what_is_sent_decodes_and_one_level_more_would_not() {
    let fits = encode(&nested(MAX_DEPTH, |v| Value::Array(vec![v]))).unwrap();
    assert!(decode::<Value>(&fits).is_ok());
    let mut over = vec![0x81];
    over.extend(&fits);
    assert!(decode::<Value>(&over).is_err());
}

#[derive(Serialize)]
struct Node {
    name: &'static str,
    next: Option<Box<Node>>,
}

#[derive(Serialize)]
struct Wrapper(Vec<u8>);

#[derive(Serialize)]
enum Shape {
    Point,
    Circle(f64),
    Pair(u8, u8),
    Rect { w: u8, h: u8 },
}

#[test]
fn every_kind_of_value_encodes_as_before() {
    assert!(encodes(&()));
    assert!(encodes(&(1u8, -2i64, 3.5f64, 'c', "text", true, u128::MAX)));
    assert!(encodes(&serde_bytes::ByteBuf::from(vec![1, 2, 3])));
    assert!(encodes(&Some(vec![Some(1), None])));
    assert!(encodes(&Wrapper(vec![1])));
    assert!(encodes(&vec![
        Shape::Point,
        Shape::Circle(1.0),
        Shape::Pair(1, 2),
        Shape::Rect { w: 3, h: 4 },
    ]));
    assert!(encodes(&BTreeMap::from([("a", vec![1]), ("b", vec![])])));
    assert!(encodes(&Node {
        name: "a",
        next: Some(Box::new(Node {
            name: "b",
            next: None
        })),
    }));
}

/// A linked list of `n` nodes: each is a struct inside an `Option`.
fn chain(n: usize) -> Option<Box<Node>> {
    let mut list = None;
    for _ in 0..n {
        list = Some(Box::new(Node {
            name: "n",
            next: list,
        }));
    }
    list
}

/// Takes a list apart without recursion.
fn unchain(mut list: Option<Box<Node>>) {
    while let Some(node) = list {
        list = node.next;
    }
}

#[test]
fn wrappers_count_as_levels_so_no_chain_of_them_exhausts_the_stack() {
    let long = chain(100_000);
    let long = std::thread::Builder::new()
        // Far too small for 100,000 levels, plenty for the 256 the count
        // allows even in a debug build.
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            assert!(!encodes(&long));
            long
        })
        .unwrap()
        .join()
        .unwrap();
    unchain(long);
    // 128 nodes are 256 levels (a `Some` and a struct each): they fit, one
    // more does not.
    let (fits, over) = (chain(128), chain(129));
    assert!(encodes(&fits));
    assert!(!encodes(&over));
    unchain(fits);
    unchain(over);
}

#[derive(Serialize)]
enum Tree {
    Node(Box<Tree>, u8),
    Leaf,
}

fn tree(n: usize) -> Tree {
    let mut t = Tree::Leaf;
    for _ in 0..n {
        t = Tree::Node(Box::new(t), 0);
    }
    t
}

#[test]
fn a_tuple_variant_counts_two_levels_as_cbor_writes_it() {
    // A map holding an array per node: 128 nodes are 256 levels, which the
    // guest's decoder takes; 129 would be refused there, so here too.
    let fits = encode(&tree(128)).unwrap();
    assert!(decode::<Value>(&fits).is_ok());
    assert!(!encodes(&tree(129)));
}
