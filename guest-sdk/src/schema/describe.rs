//! [`Describe`]: a type's structured description, for the schema.

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::{TypeDesc, Types};
use crate::remote::This;
use crate::value::Value;

/// A type that can say what it is in a schema's type table. The SDK
/// implements it for the types values are made of (numbers, `bool`,
/// `char`, text, [`Value`], [`This`], `()`, and sequences, options, maps
/// and tuples of them); `#[remote]` describes its structs as classes. A
/// type without it appears in the schema by its name.
pub trait Describe {
    /// Adds the type (and its parts) to `types`; its index.
    fn describe(types: &mut Types) -> u32;
}

macro_rules! leaf {
    ($($ty:ty => $desc:expr),* $(,)?) => {
        $(
            impl Describe for $ty {
                fn describe(types: &mut Types) -> u32 {
                    types.add($desc)
                }
            }
        )*
    };
}

leaf! {
    i8 => TypeDesc::Signed(8), i16 => TypeDesc::Signed(16), i32 => TypeDesc::Signed(32),
    i64 => TypeDesc::Signed(64), i128 => TypeDesc::Signed(128), isize => TypeDesc::Signed(64),
    u8 => TypeDesc::Unsigned(8), u16 => TypeDesc::Unsigned(16), u32 => TypeDesc::Unsigned(32),
    u64 => TypeDesc::Unsigned(64), u128 => TypeDesc::Unsigned(128),
    usize => TypeDesc::Unsigned(64),
    f32 => TypeDesc::Float(32), f64 => TypeDesc::Float(64),
    bool => TypeDesc::Bool, char => TypeDesc::Char,
    String => TypeDesc::Text, str => TypeDesc::Text,
    () => TypeDesc::Unit, Value => TypeDesc::Any, This => TypeDesc::This,
}

impl<T: Describe + ?Sized> Describe for &T {
    fn describe(types: &mut Types) -> u32 {
        T::describe(types)
    }
}

impl<T: Describe + ?Sized> Describe for Box<T> {
    fn describe(types: &mut Types) -> u32 {
        T::describe(types)
    }
}

impl<T: Describe> Describe for Option<T> {
    fn describe(types: &mut Types) -> u32 {
        let inner = T::describe(types);
        types.add(TypeDesc::Option(inner))
    }
}

macro_rules! sequence {
    ($($ty:ty),*) => {
        $(
            impl<T: Describe> Describe for $ty {
                fn describe(types: &mut Types) -> u32 {
                    let item = T::describe(types);
                    types.add(TypeDesc::List(item))
                }
            }
        )*
    };
}

sequence!(Vec<T>, VecDeque<T>, [T]);

impl<T: Describe, const N: usize> Describe for [T; N] {
    fn describe(types: &mut Types) -> u32 {
        let item = T::describe(types);
        types.add(TypeDesc::List(item))
    }
}

impl<K: Describe, V: Describe> Describe for BTreeMap<K, V> {
    fn describe(types: &mut Types) -> u32 {
        let (k, v) = (K::describe(types), V::describe(types));
        types.add(TypeDesc::Dict((k, v)))
    }
}

impl<K: Describe, V: Describe, S> Describe for HashMap<K, V, S> {
    fn describe(types: &mut Types) -> u32 {
        let (k, v) = (K::describe(types), V::describe(types));
        types.add(TypeDesc::Dict((k, v)))
    }
}

macro_rules! tuple {
    ($($name:ident),+) => {
        impl<$($name: Describe),+> Describe for ($($name,)+) {
            fn describe(types: &mut Types) -> u32 {
                let items = vec![$($name::describe(types)),+];
                types.add(TypeDesc::Tuple(items))
            }
        }
    };
}

tuple!(A);
tuple!(A, B);
tuple!(A, B, C);
tuple!(A, B, C, D);
tuple!(A, B, C, D, E);
tuple!(A, B, C, D, E, F);
