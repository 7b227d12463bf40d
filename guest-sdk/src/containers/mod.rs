//! Standard containers as remote objects, behaving like Python's:
//! `Vec<T>` and `VecDeque<T>` as `list`, `BTreeMap`/`HashMap` with text or
//! integer keys as `dict`, `Objects<T>` as a list of remote objects that paths
//! go into, `Box<T>` and `Option<T>` around a remote object as that object (or
//! `None`), and plain values as read-only data.

mod dict;
mod index;
mod list;
mod objects;
mod value;
mod wrappers;

pub use objects::Objects;
pub use value::ValueObject;
