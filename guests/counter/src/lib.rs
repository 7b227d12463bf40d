//! The seed's `SomeObject`, written against the guest SDK's dispatch trait by
//! hand:
//!
//! ```python
//! class SomeObject:
//!     def __init__(self):
//!         self.x = 0
//!     def inc(self):
//!         self.x += 1
//!     def toggle(self, state=None):
//!         self.is_on = not self.is_on if state is None else state
//! ```
//!
//! plus the list `another` from the seed's basic usage, `chain()` (returns
//! itself), `div(by)` (fails on zero), and Python-style extra attributes that
//! `obj.name = v` creates and `del obj.name` removes. `toggle` prints the new
//! state to stdout and a refused division says so on stderr: both reach the
//! host's log.

use std::collections::BTreeMap;

use remoteobj_guest::{Args, Error, Member, Remote, Result, Return, Schema, Value, decode, value};

/// A counter that can be switched on and off.
#[derive(Default)]
pub struct Counter {
    x: i64,
    is_on: bool,
    another: Vec<i64>,
    /// Attributes created remotely (`obj.something = 10`), like a Python
    /// instance's `__dict__`.
    extra: BTreeMap<String, Value>,
}

const FIELDS: &[&str] = &["x", "is_on", "another"];
const METHODS: &[&str] = &["inc", "toggle", "chain", "div"];

impl Remote for Counter {
    fn type_name(&self) -> &str {
        "Counter"
    }

    fn to_value(&self) -> Result<Value> {
        let mut map = vec![
            (Value::from("x"), Value::from(self.x)),
            (Value::from("is_on"), Value::from(self.is_on)),
            (Value::from("another"), value::to_value(&self.another)?),
        ];
        map.extend(
            self.extra
                .iter()
                .map(|(k, v)| (Value::from(k.as_str()), v.clone())),
        );
        Ok(Value::Map(map))
    }

    fn getattr(&mut self, name: &str) -> Result<Member<'_>> {
        match name {
            "x" => Member::value(&self.x),
            "is_on" => Member::value(&self.is_on),
            "another" => Ok(Member::Object(&mut self.another)),
            _ => match self.extra.get(name) {
                Some(v) => Ok(Member::Value(v.clone())),
                None => {
                    let known: Vec<&str> = FIELDS
                        .iter()
                        .chain(METHODS)
                        .copied()
                        .chain(self.extra.keys().map(String::as_str))
                        .collect();
                    Err(Error::no_attribute_among("Counter", name, &known))
                }
            },
        }
    }

    fn setattr(&mut self, name: &str, value: &[u8]) -> Result<()> {
        match name {
            "x" => self.x = decode(value, "Counter.x")?,
            "is_on" => self.is_on = decode(value, "Counter.is_on")?,
            "another" => self.another = decode(value, "Counter.another")?,
            _ if METHODS.contains(&name) => {
                return Err(Error::unsupported(
                    "Counter",
                    format!("cannot assign to method `{name}`"),
                ));
            }
            _ => {
                self.extra.insert(name.to_string(), decode(value, name)?);
            }
        }
        Ok(())
    }

    fn delattr(&mut self, name: &str) -> Result<()> {
        if FIELDS.contains(&name) {
            return Err(Error::unsupported(
                "Counter",
                format!("cannot delete field `{name}` of `Counter`"),
            ));
        }
        match self.extra.remove(name) {
            Some(_) => Ok(()),
            None => Err(Error::no_attribute("Counter", name)),
        }
    }

    fn call_method(&mut self, name: &str, args: &mut Args) -> Option<Result<Return>> {
        let run = |this: &mut Self, args: &mut Args| -> Result<Return> {
            match name {
                "inc" => {
                    args.finish()?;
                    this.x += 1;
                    Ok(Return::none())
                }
                "toggle" => {
                    let state: Option<bool> = args.optional(0, "state")?;
                    args.finish()?;
                    this.is_on = state.unwrap_or(!this.is_on);
                    // Guest output is captured and logged by the host.
                    println!("is_on = {}", this.is_on);
                    Ok(Return::none())
                }
                "chain" => {
                    args.finish()?;
                    this.x += 1;
                    Ok(Return::This)
                }
                "div" => {
                    let by: i64 = args.required(0, "by")?;
                    args.finish()?;
                    if by == 0 {
                        eprintln!("refusing to divide {} by zero", this.x);
                        return Err(Error::value_error("Counter", "division by zero"));
                    }
                    Return::value(&(this.x / by))
                }
                _ => unreachable!(),
            }
        };
        METHODS.contains(&name).then(|| run(self, args))
    }

    fn schema(&self) -> Schema {
        Schema::new("Counter")
            .doc("A counter that can be switched on and off (the seed's SomeObject).")
            .attribute("x", "i64", false, "The count.")
            .attribute("is_on", "bool", false, "Whether the switch is on.")
            .attribute("another", "list[i64]", false, "A list to append to.")
            .method("inc", &[], "None", "Adds one to x.")
            .method(
                "toggle",
                &[("state", "bool", true)],
                "None",
                "Sets is_on to state, or flips it.",
            )
            .method(
                "chain",
                &[],
                "Self",
                "Adds one to x and returns the object itself.",
            )
            .method(
                "div",
                &[("by", "i64", false)],
                "i64",
                "x divided by `by`; fails on zero.",
            )
    }
}

remoteobj_guest::export!(Counter);
