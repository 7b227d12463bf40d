//! The seed's Advanced example, inheritance modelled by delegation:
//!
//! ```python
//! class A:
//!     def asdf(self): return 5
//! class B(A):
//!     x = 0
//!     def asdf(self): return 6
//!     def chain(self):
//!         self.x += 1
//!         return self
//! ```
//!
//! `B` holds its base `A`; lookups `B` does not know fall through to `A`, and
//! `super` goes to `A` directly, so `super.asdf()` is 5. `A` also has a
//! `label` attribute and `relabel(label)`, which returns the object itself
//! (so `super.relabel("x").asdf()` is B's `asdf`: 6, as in Python).

use remoteobj_guest::{Args, Error, Member, Remote, Result, Return, Schema, Value, decode};

/// The base class.
pub struct A {
    label: String,
}

impl Default for A {
    fn default() -> Self {
        A {
            label: "made by A".into(),
        }
    }
}

impl Remote for A {
    fn type_name(&self) -> &str {
        "A"
    }

    fn to_value(&self) -> Result<Value> {
        Ok(Value::Map(vec![(
            Value::from("label"),
            Value::from(self.label.as_str()),
        )]))
    }

    fn getattr(&mut self, name: &str) -> Result<Member<'_>> {
        match name {
            "label" => Member::value(&self.label),
            _ => Err(Error::no_attribute_among(
                "A",
                name,
                &["label", "asdf", "relabel"],
            )),
        }
    }

    fn setattr(&mut self, name: &str, value: &[u8]) -> Result<()> {
        match name {
            "label" => {
                self.label = decode(value, "A.label")?;
                Ok(())
            }
            _ => Err(Error::no_attribute("A", name)),
        }
    }

    fn call_method(&mut self, name: &str, args: &mut Args) -> Option<Result<Return>> {
        match name {
            "asdf" => Some(args.finish().and_then(|()| Return::value(&5))),
            "relabel" => Some((|| {
                self.label = args.required(0, "label")?;
                args.finish()?;
                Ok(Return::This)
            })()),
            _ => None,
        }
    }

    fn schema(&self) -> Schema {
        Schema::new("A")
            .attribute("label", "String", false, "Set by A's constructor.")
            .method("asdf", &[], "i64", "Returns 5.")
            .method(
                "relabel",
                &[("label", "String", false)],
                "Self",
                "Sets label and returns the object itself.",
            )
    }
}

/// The derived class.
#[derive(Default)]
pub struct B {
    x: i64,
    base: A,
}

impl Remote for B {
    fn type_name(&self) -> &str {
        "B"
    }

    fn to_value(&self) -> Result<Value> {
        let Value::Map(mut fields) = self.base.to_value()? else {
            unreachable!()
        };
        fields.insert(0, (Value::from("x"), Value::from(self.x)));
        Ok(Value::Map(fields))
    }

    fn getattr(&mut self, name: &str) -> Result<Member<'_>> {
        match name {
            "x" => Member::value(&self.x),
            _ => self.base.getattr(name).map_err(|e| rename(e, name)),
        }
    }

    fn setattr(&mut self, name: &str, value: &[u8]) -> Result<()> {
        match name {
            "x" => {
                self.x = decode(value, "B.x")?;
                Ok(())
            }
            _ => self.base.setattr(name, value).map_err(|e| rename(e, name)),
        }
    }

    fn call_method(&mut self, name: &str, args: &mut Args) -> Option<Result<Return>> {
        match name {
            "asdf" => Some(args.finish().and_then(|()| Return::value(&6))),
            "chain" => Some(args.finish().map(|()| {
                self.x += 1;
                Return::This
            })),
            _ => self.base.call_method(name, args),
        }
    }

    fn base(&mut self) -> Option<&mut dyn Remote> {
        Some(&mut self.base)
    }

    fn schema(&self) -> Schema {
        Schema::new("B")
            .attribute("x", "i64", false, "Counts chain() calls.")
            .method("asdf", &[], "i64", "Returns 6 (overrides A.asdf).")
            .method(
                "chain",
                &[],
                "Self",
                "Adds one to x and returns the object itself.",
            )
            .base(self.base.schema())
    }
}

/// A missing name on `B` is reported against `B`, with every name `B` has.
fn rename(e: Error, name: &str) -> Error {
    if e.kind == remoteobj_guest::ErrorKind::Attribute {
        Error::no_attribute_among("B", name, &["x", "asdf", "chain", "label", "relabel"])
    } else {
        e
    }
}

remoteobj_guest::export!(B);
