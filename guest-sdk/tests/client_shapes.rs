//! Guests of every legal shape still compile for the host with their typed
//! clients, and the clients have the methods their members promise: the
//! host-side expansion of `#[remote]` must never break a guest crate.

use inner::ImportedClient;
use remoteobj_guest::{This, remote};

/// A base (as visible as what derives from it: the client names it).
#[remote]
#[derive(Default)]
pub struct Base {
    level: i64,
}

#[remote]
impl Base {
    fn reset(&mut self) -> This {
        self.level = 0;
        This
    }
}

/// Names that the generated code also uses, and names it generates.
#[remote]
#[derive(Default)]
pub struct Shapes {
    x: i64,
    /// Takes the setter's name of `x`: `x` gets no setter.
    set_x: i64,
    label: String,
    #[remote(base)]
    base: Base,
}

#[remote]
impl Shapes {
    /// Parameters named like the generated code's locals.
    pub fn locals(&self, __args: i64, __named: bool, __v: String, __call: Option<u8>) -> i64 {
        let _ = (__named, __v, __call);
        __args
    }

    /// A borrowed result: the client returns it owned.
    pub fn name(&self) -> &str {
        &self.label
    }

    /// A borrow inside a result: the client returns a dynamic value.
    pub fn maybe_name(&self) -> Option<&str> {
        Some(&self.label)
    }

    /// An unnameable result: the client returns a dynamic value.
    pub fn opaque(&self) -> impl serde::Serialize + use<> {
        7
    }

    /// `fetch` and `fetch_async`: the first gets no async form.
    pub fn fetch(&self) -> i64 {
        1
    }

    /// See `fetch`.
    pub fn fetch_async(&self) -> i64 {
        2
    }

    /// A name of the client's own: reached through `proxy()` only.
    pub fn proxy(&self) -> i64 {
        3
    }

    /// `Self` in a signature is the guest type.
    pub fn merge(&mut self, by: &[i64]) -> Option<Self> {
        let _ = by;
        None
    }

    /// A callable `set_`-named method beside a property `foo_async`.
    pub fn set_foo(&mut self, v: i64) {
        self.x = v;
    }

    /// A property whose setter's name is `set_foo`'s async form.
    #[remote(getter)]
    pub fn foo_async(&self) -> i64 {
        self.x
    }

    /// Its setter.
    #[remote(setter)]
    pub fn set_foo_async(&mut self, v: i64) {
        self.x = v;
    }

    /// A property and its setter.
    #[remote(getter)]
    pub fn double(&self) -> i64 {
        self.x * 2
    }

    /// Sets half of it.
    #[remote(setter)]
    pub fn set_double(&mut self, value: i64) {
        self.x = value / 2;
    }
}

mod inner {
    use remoteobj_guest::remote;

    /// A base defined in another module.
    #[remote]
    #[derive(Default)]
    pub struct Imported {
        depth: u8,
    }
}

use inner::Imported;

/// A base imported from another module; fields named like generated names.
#[remote]
#[derive(Default)]
pub struct Fields {
    x: i64,
    /// Takes the async getter's name of `x`.
    x_async: i64,
    #[remote(base)]
    base: Imported,
}

impl serde::Serialize for Shapes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.x)
    }
}

/// Typing only: each line is a method the client must have, with its type.
#[allow(dead_code, clippy::type_complexity, clippy::let_underscore_future)]
fn the_client_has_its_members(c: &ShapesClient) {
    use remoteobj_guest::__host::{Error, ReplyFuture, Value};
    let _: fn(&ShapesClient, i64, bool, String, Option<u8>) -> Result<i64, Error> =
        ShapesClient::locals;
    let _: fn(&ShapesClient) -> Result<String, Error> = ShapesClient::name;
    let _: fn(&ShapesClient) -> Result<Value, Error> = ShapesClient::opaque;
    let _: fn(&ShapesClient) -> Result<i64, Error> = ShapesClient::fetch;
    let _: fn(&ShapesClient) -> Result<i64, Error> = ShapesClient::fetch_async;
    // `merge` exists, uncallable: `Shapes` is not `Deserialize`.
    let _: fn(&ShapesClient) -> Result<i64, Error> = ShapesClient::double;
    let _: fn(&ShapesClient, i64) -> Result<(), Error> = ShapesClient::set_double;
    let _: ReplyFuture<i64> = c.double_async();
    let _: Result<i64, Error> = c.x();
    let _: ReplyFuture<i64> = c.x_async();
    let _: Result<(), Error> = c.set_set_x(1);
    let _: Result<String, Error> = c.label();
    let _: BaseClient = c.super_();
    // The base's members, through `Deref`, from a private base.
    let _: Result<BaseClient, Error> = c.reset();
    let _: Result<i64, Error> = c.level();
    let _: Result<Value, Error> = c.maybe_name();
    let _: Result<(), Error> = c.set_foo(1);
    let _: Result<i64, Error> = c.foo_async();
    // `set_foo`'s async form: the property's setter of that name is left out.
    let _: ReplyFuture<()> = c.set_foo_async(1);
}

/// The imported base's client, and fields whose names the generated ones
/// would take.
#[allow(dead_code, clippy::let_underscore_future)]
fn the_fields_client_has_its_members(f: &FieldsClient) {
    use remoteobj_guest::__host::{Error, ReplyFuture};
    let _: Result<i64, Error> = f.x();
    let _: Result<i64, Error> = f.x_async();
    let _: ReplyFuture<()> = f.set_x_async(1);
    let _: Result<u8, Error> = f.depth();
    let _: ImportedClient = f.super_();
}

#[test]
fn every_shape_compiles_with_its_client() {
    // What this test checks is that the file compiles; the client's
    // members are typed above.
    let _ = the_client_has_its_members;
    let _ = the_fields_client_has_its_members;
}
