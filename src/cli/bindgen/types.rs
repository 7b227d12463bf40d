//! A schema's structured types as the Rust types a client uses.

use remoteobj_host::{Schema, TypeDesc};

/// How deep a type is taken apart, and how many parts it is taken into;
/// past either, the rest is a dynamic `Value` (a guest could describe a
/// list of lists a thousand levels deep, or tuples of tuples that name
/// one type sixteen times each: 16^16 parts). A type of more parts is a
/// `Value` as a whole.
const MAX_DEPTH: usize = 16;
const MAX_PARTS: usize = 256;

/// The largest tuple serde reads; a longer one is a dynamic `Value`.
const MAX_TUPLE: usize = 16;

const VALUE: &str = "Value";

/// What reading an attribute gives.
pub enum Member {
    /// Its value, of this type.
    Value(String),
    /// A client of what it holds (a nested object, a container), of this
    /// type.
    Client(String),
}

/// The types of one schema, with the client type of each class.
pub struct Types<'a> {
    schema: &'a Schema,
    clients: &'a [String],
}

impl<'a> Types<'a> {
    /// `clients[i]` is the client of the schema's class `i`.
    pub fn new(schema: &'a Schema, clients: &'a [String]) -> Self {
        Types { schema, clients }
    }

    fn desc(&self, index: u32) -> &TypeDesc {
        const ANY: &TypeDesc = &TypeDesc::Any;
        if self.schema.version < 2 {
            return ANY;
        }
        self.schema.type_desc(index).unwrap_or(ANY)
    }

    /// The Rust type of a value of the type at `index` (an argument, a
    /// result, an attribute's value). What has no Rust type of its own
    /// (anything, bytes, a type the guest does not structure, an object
    /// copied as a value) is a dynamic `Value`.
    pub fn value(&self, index: u32) -> String {
        let mut budget = MAX_PARTS;
        let ty = self.value_at(index, 0, &mut budget);
        // Too large to write out: all of it is a dynamic value.
        if budget == 0 { VALUE.into() } else { ty }
    }

    fn value_at(&self, index: u32, depth: usize, budget: &mut usize) -> String {
        if depth > MAX_DEPTH || *budget == 0 {
            return VALUE.into();
        }
        *budget -= 1;
        let mut part = |i: u32| self.value_at(i, depth + 1, budget);
        match self.desc(index) {
            TypeDesc::Unit => "()".into(),
            TypeDesc::Bool => "bool".into(),
            TypeDesc::Signed(bits) => int('i', *bits),
            TypeDesc::Unsigned(bits) => int('u', *bits),
            TypeDesc::Float(32) => "f32".into(),
            TypeDesc::Float(_) => "f64".into(),
            TypeDesc::Char => "char".into(),
            TypeDesc::Text => "String".into(),
            TypeDesc::List(item) => format!("Vec<{}>", part(*item)),
            TypeDesc::Option(inner) => format!("Option<{}>", part(*inner)),
            TypeDesc::Dict(key, value) => {
                let key = part(*key);
                if is_ordered(&key) {
                    format!("BTreeMap<{key}, {}>", part(*value))
                } else {
                    VALUE.into()
                }
            }
            TypeDesc::Tuple(items) if items.len() <= MAX_TUPLE => match &items[..] {
                [] => "()".into(),
                [one] => format!("({},)", part(*one)),
                many => {
                    let items: Vec<String> = many.iter().map(|i| part(*i)).collect();
                    format!("({})", items.join(", "))
                }
            },
            _ => VALUE.into(),
        }
    }

    /// Whether a method's result at `index` is the object itself.
    pub fn is_this(&self, index: u32) -> bool {
        matches!(self.desc(index), TypeDesc::This)
    }

    /// What reading an attribute of the type at `index` gives: when paths
    /// go into it `in_place`, the client of a nested object (also in an
    /// `Option`: `None` answers with errors) or of a container; otherwise,
    /// or for a type no client drives, its value.
    pub fn member(&self, index: u32, in_place: bool) -> Member {
        if !in_place {
            return Member::Value(self.value(index));
        }
        match self.desc(index) {
            TypeDesc::Object(class) => self.object(*class, index),
            TypeDesc::Option(inner) => match self.desc(*inner) {
                TypeDesc::Object(class) => self.object(*class, index),
                _ => Member::Value(self.value(index)),
            },
            TypeDesc::List(item) => match self.desc(*item) {
                TypeDesc::Object(class) => match self.clients.get(*class as usize) {
                    Some(client) => Member::Client(format!("ObjectsClient<{client}>")),
                    None => Member::Value(self.value(index)),
                },
                _ => Member::Client(format!("ListClient<{}>", self.value(*item))),
            },
            TypeDesc::Dict(key, value) => Member::Client(format!(
                "DictClient<{}, {}>",
                self.value(*key),
                self.value(*value)
            )),
            _ => Member::Value(self.value(index)),
        }
    }

    fn object(&self, class: u32, index: u32) -> Member {
        match self.clients.get(class as usize) {
            Some(client) => Member::Client(client.clone()),
            None => Member::Value(self.value(index)),
        }
    }
}

fn int(sign: char, bits: u8) -> String {
    match bits {
        8 | 16 | 32 | 64 | 128 => format!("{sign}{bits}"),
        _ => format!("{sign}64"),
    }
}

/// Whether a map keyed by this type can be a `BTreeMap`.
fn is_ordered(key: &str) -> bool {
    key == "String"
        || key == "bool"
        || key == "char"
        || (key.len() > 1
            && key.starts_with(['i', 'u'])
            && key[1..].chars().all(|c| c.is_ascii_digit()))
}
