//! Every std container the SDK makes remote, for the end-to-end tests:
//! lists (`Vec`, `VecDeque`), dicts (`BTreeMap` with text keys, `HashMap`
//! with integer keys), and remote objects nested directly, in a `Box` and in
//! an `Option`; plus `Display`/`Debug` for `str`/`repr` and two free
//! functions for `passto`.

use std::collections::{BTreeMap, HashMap, VecDeque};

use remoteobj_guest::{Objects, This, remote};
use serde::Deserialize;

/// Settings nested inside the inventory.
#[remote]
#[derive(Default, Debug)]
pub struct Settings {
    /// How verbose to be.
    level: i64,
    /// A name.
    label: String,
}

#[remote]
impl Settings {
    /// Puts everything back to the defaults.
    pub fn reset(&mut self) {
        *self = Settings::default();
    }

    /// The level (a typed `self` receiver).
    #[allow(clippy::needless_arbitrary_self_type)]
    pub fn level_of(self: &Self) -> i64 {
        self.level
    }

    /// A borrowed text parameter and a `String` default written as `&str`.
    pub fn greet(&self, who: &str, #[remote(default = "hello")] word: String) -> String {
        format!("{word}, {who}, from {}", self.label)
    }

    /// A parameter named `args`, a slice, and the SDK's `Result<T>` alias.
    pub fn sum(&self, args: &[i64]) -> remoteobj_guest::Result<i64> {
        if args.is_empty() {
            return Err(remoteobj_guest::Error::value_error(
                "Settings",
                "nothing to sum",
            ));
        }
        Ok(args.iter().sum())
    }

    /// Raises the level by `by` (1 by default) and returns the settings.
    pub fn louder(&mut self, #[remote(default = 1)] by: i64) -> This {
        self.level += by;
        This
    }
}

impl std::fmt::Display for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at level {}", self.label, self.level)
    }
}

/// An item in stock: a remote object inside a list.
#[remote]
#[derive(Default, Deserialize)]
pub struct Item {
    /// What it is.
    name: String,
    /// How many there are.
    qty: i64,
    /// A raw identifier: remotely just `type`.
    #[serde(default)]
    r#type: String,
}

#[remote]
impl Item {
    /// Adds `n` to the quantity and returns the new quantity.
    pub fn restock(&mut self, n: i64) -> i64 {
        self.qty += n;
        self.qty
    }
}

/// A bag of containers.
#[remote]
#[derive(Default)]
pub struct Inventory {
    /// A list of integers.
    items: Vec<i64>,
    /// A double-ended queue of words.
    queue: VecDeque<String>,
    /// Text keys to counts.
    counts: BTreeMap<String, i64>,
    /// Integer keys to names.
    names: HashMap<i64, String>,
    /// A nested remote object.
    settings: Settings,
    /// A boxed remote object.
    boxed: Box<Settings>,
    /// A remote object that may be absent.
    maybe: Option<Settings>,
    /// Remote objects in a list: paths go into the items.
    stock: Objects<Item>,
    /// Read-only: the inventory's version.
    #[remote(read_only)]
    version: u32,
    /// Not visible remotely.
    #[remote(skip)]
    secret: String,
}

#[remote]
impl Inventory {
    /// Creates the optional settings, at `level`.
    pub fn attach(&mut self, #[remote(default = 0)] level: i64) {
        self.maybe = Some(Settings {
            level,
            ..Settings::default()
        });
    }

    /// Whether the hidden field is set (it is never readable remotely).
    pub fn has_secret(&self) -> bool {
        !self.secret.is_empty()
    }
}

/// The sum of the items, plus `extra` (for `passto`).
#[remote]
pub fn total(inventory: &Inventory, extra: Option<i64>) -> i64 {
    inventory.items.iter().sum::<i64>() + extra.unwrap_or(0)
}

/// Empties every list and dict (for `passto`); fails when already empty.
#[remote]
pub fn clear_all(inventory: &mut Inventory) -> Result<(), String> {
    if inventory.items.is_empty() && inventory.counts.is_empty() {
        return Err("nothing to clear".into());
    }
    inventory.items.clear();
    inventory.queue.clear();
    inventory.counts.clear();
    inventory.names.clear();
    Ok(())
}

remoteobj_guest::export!(
    Inventory,
    || Inventory {
        version: 3,
        secret: "hidden".into(),
        ..Inventory::default()
    },
    functions(total, clear_all)
);
