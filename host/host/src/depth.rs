//! The depth bound on values the host encodes: [`limited`] wraps a value so
//! that serializing it counts how deeply it is nested and stops at
//! [`MAX_DEPTH`] levels, before going deeper.
//!
//! Serializing recurses once per level, in serde and in the CBOR encoder,
//! so a value 10,000 levels deep (a `Value` or a `serde_json::Value` built
//! by a program) would exhaust the host's stack, and a stack overflow
//! aborts the whole process. A pre-pass over the value would recurse just
//! the same; the count has to be taken while serializing, which is what the
//! [`Serializer`] adapter here does: every nested value is serialized
//! through it one level deeper, and one past the limit is an error instead
//! of a descent. The guest's decoder refuses the same depth.
//!
//! A level is any value inside another: an element of a sequence or tuple,
//! a map's key or value, a field of a struct or variant, and also what a
//! `Some` or a newtype wraps (they nest in serde, even where CBOR does
//! not).

use std::fmt::Display;

use remoteobj_protocol::MAX_DEPTH;
use serde::ser::{self, Serialize, Serializer};

/// The message of the error [`limited`] gives for a value nested too deep.
pub(crate) fn too_deep_message() -> String {
    format!(
        "the value is nested more than {MAX_DEPTH} levels deep (the limit, \
         remoteobj_host::MAX_DEPTH); it was not sent"
    )
}

/// `value`, serialized with its depth counted: nested more than
/// [`MAX_DEPTH`] levels, it fails with [`too_deep_message`] (as the
/// serializer's custom error) before descending further.
pub(crate) fn limited<T: Serialize + ?Sized>(value: &T) -> Limited<'_, T> {
    Limited { value, depth: 0 }
}

/// A value and how many values it is nested in.
pub(crate) struct Limited<'a, T: ?Sized> {
    value: &'a T,
    depth: usize,
}

impl<T: Serialize + ?Sized> Serialize for Limited<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(Depth {
            inner: serializer,
            depth: self.depth,
        })
    }
}

/// A serializer that passes everything on to `inner`, with the values
/// inside the one it serializes wrapped one level deeper.
struct Depth<S> {
    inner: S,
    depth: usize,
}

/// The depth of the values inside one at `depth`, or the error when that is
/// past the limit.
fn deeper<E: ser::Error>(depth: usize) -> Result<usize, E> {
    if depth >= MAX_DEPTH {
        Err(E::custom(too_deep_message()))
    } else {
        Ok(depth + 1)
    }
}

/// The depth of a tuple or struct variant's fields: CBOR writes the
/// variant as a map holding an array (or a map) of them, two levels as the
/// guest's decoder counts them; a CBOR tag (ciborium's `@@TAG@@`) is one.
fn variant_depth<E: ser::Error>(depth: usize, name: &str) -> Result<usize, E> {
    let depth = deeper(depth)?;
    if name == "@@TAG@@" {
        Ok(depth)
    } else {
        deeper(depth)
    }
}

/// A compound value's serializer (`inner`), its parts at `depth`.
struct Parts<C> {
    inner: C,
    depth: usize,
}

impl<C> Parts<C> {
    fn at<'a, T: ?Sized>(&self, value: &'a T) -> Limited<'a, T> {
        Limited {
            value,
            depth: self.depth,
        }
    }
}

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method(self, $($arg: $ty),*) -> Result<S::Ok, S::Error> {
                self.inner.$method($($arg),*)
            }
        )*
    };
}

impl<S: Serializer> Serializer for Depth<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Parts<S::SerializeSeq>;
    type SerializeTuple = Parts<S::SerializeTuple>;
    type SerializeTupleStruct = Parts<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Parts<S::SerializeTupleVariant>;
    type SerializeMap = Parts<S::SerializeMap>;
    type SerializeStruct = Parts<S::SerializeStruct>;
    type SerializeStructVariant = Parts<S::SerializeStructVariant>;

    forward! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_i128(v: i128);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_u128(v: u128);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        let depth = deeper(self.depth)?;
        self.inner.serialize_some(&Limited { value, depth })
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let depth = deeper(self.depth)?;
        self.inner
            .serialize_newtype_struct(name, &Limited { value, depth })
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let depth = deeper(self.depth)?;
        self.inner
            .serialize_newtype_variant(name, index, variant, &Limited { value, depth })
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        let depth = deeper(self.depth)?;
        Ok(Parts {
            inner: self.inner.serialize_seq(len)?,
            depth,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        let depth = deeper(self.depth)?;
        Ok(Parts {
            inner: self.inner.serialize_tuple(len)?,
            depth,
        })
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        let depth = deeper(self.depth)?;
        Ok(Parts {
            inner: self.inner.serialize_tuple_struct(name, len)?,
            depth,
        })
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        let depth = variant_depth(self.depth, name)?;
        Ok(Parts {
            inner: self
                .inner
                .serialize_tuple_variant(name, index, variant, len)?,
            depth,
        })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        let depth = deeper(self.depth)?;
        Ok(Parts {
            inner: self.inner.serialize_map(len)?,
            depth,
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        let depth = deeper(self.depth)?;
        Ok(Parts {
            inner: self.inner.serialize_struct(name, len)?,
            depth,
        })
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        let depth = variant_depth(self.depth, name)?;
        Ok(Parts {
            inner: self
                .inner
                .serialize_struct_variant(name, index, variant, len)?,
            depth,
        })
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.inner.collect_str(value)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

impl<C: ser::SerializeSeq> ser::SerializeSeq for Parts<C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        let value = self.at(value);
        self.inner.serialize_element(&value)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeTuple> ser::SerializeTuple for Parts<C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        let value = self.at(value);
        self.inner.serialize_element(&value)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeTupleStruct> ser::SerializeTupleStruct for Parts<C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        let value = self.at(value);
        self.inner.serialize_field(&value)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeTupleVariant> ser::SerializeTupleVariant for Parts<C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        let value = self.at(value);
        self.inner.serialize_field(&value)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeMap> ser::SerializeMap for Parts<C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), C::Error> {
        let key = self.at(key);
        self.inner.serialize_key(&key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        let value = self.at(value);
        self.inner.serialize_value(&value)
    }

    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), C::Error> {
        let (key, value) = (self.at(key), self.at(value));
        self.inner.serialize_entry(&key, &value)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeStruct> ser::SerializeStruct for Parts<C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        let value = self.at(value);
        self.inner.serialize_field(key, &value)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.inner.skip_field(key)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeStructVariant> ser::SerializeStructVariant for Parts<C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        let value = self.at(value);
        self.inner.serialize_field(key, &value)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.inner.skip_field(key)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

#[cfg(test)]
mod tests;
