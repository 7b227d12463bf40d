//! A schema as Rust source: one typed client per class, over
//! `remoteobj_host::typed`, like the clients `#[remote]` writes.
//!
//! The schema lists a class's bases' members with its own (merged as
//! lookups see them), so a client has them all; `super_()` gives the same
//! client over the base's implementation. The source is written as rustfmt
//! writes it for names of ordinary length.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use remoteobj_host::{ClassInfo, MethodInfo, SCHEMA_VERSION, Schema, SchemaError};

use super::names::{binding, client_name, comment, doc, ident, literal};
use super::types::{Member, Types};

/// The names a client has of its own; members of these names are reached
/// through `proxy()`. The same as the `#[remote]` clients'
/// (`RESERVED` in the guest SDK's `expand/client_methods.rs`).
const RESERVED: &[&str] = &[
    "proxy",
    "from_proxy",
    "with_timeout",
    "spawn",
    "spawn_async",
    "super_",
];

/// The widest line rustfmt leaves whole.
const MAX_WIDTH: usize = 100;

/// The client source for `schema`, described by the guest `guest`.
pub fn client(schema: &Schema, guest: &str) -> Result<String, SchemaError> {
    schema.check()?;
    let root = schema.root_class();
    // One client per class, each of its own name (not one the source
    // imports); a class of the root's name is the root's (the SDKs name
    // another type's class apart).
    let mut taken: BTreeSet<String> = ["ListClient", "DictClient", "ObjectsClient"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut free = |wanted: String| {
        let mut name = wanted.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{}{n}Client", wanted.trim_end_matches("Client"));
            n += 1;
        }
        name
    };
    let root_client = free(client_name(&root.type_name, 0).replace("Class0Client", "ObjectClient"));
    let mut clients = Vec::with_capacity(schema.classes.len());
    for (i, class) in schema.classes.iter().enumerate() {
        if class.type_name == root.type_name {
            clients.push(root_client.clone());
        } else {
            clients.push(free(client_name(&class.type_name, i + 1)));
        }
    }
    let types = Types::new(schema, &clients);
    let mut uses = BTreeSet::new();
    let mut body = String::new();
    body.push_str(&class_client(&root, &root_client, true, &types, &mut uses));
    for (class, name) in schema.classes.iter().zip(&clients) {
        if *name != root_client {
            body.push('\n');
            body.push_str(&class_client(class, name, false, &types, &mut uses));
        }
    }
    let mut out = String::new();
    // A path is named by its file name (the source does not depend on
    // where the guest was).
    let guest_name = std::path::Path::new(guest)
        .file_name()
        .map_or_else(|| guest.into(), |n| n.to_string_lossy());
    let guest_name = comment(&guest_name);
    let _ = writeln!(
        out,
        "// The typed client of the remote `{}`, written by `remoteobj bindgen {guest_name}`",
        comment(&root.type_name)
    );
    let _ = writeln!(
        out,
        "// from its schema (version {}; this remoteobj reads up to {SCHEMA_VERSION}).",
        schema.version
    );
    out.push_str("// Regenerate it rather than editing it.\n\n");
    for path in &uses {
        let _ = writeln!(out, "use {path};");
    }
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}

/// One class's client: the struct, its `Client` impl and its methods.
fn class_client(
    class: &ClassInfo,
    name: &str,
    root: bool,
    types: &Types,
    uses: &mut BTreeSet<&'static str>,
) -> String {
    uses.extend([
        "remoteobj_host::Proxy",
        "remoteobj_host::typed::Client",
        "std::time::Duration",
    ]);
    let mut out = String::new();
    if class.doc.trim().is_empty() {
        let _ = writeln!(out, "/// The remote `{}`.", comment(&class.type_name));
    } else {
        out.push_str(&doc(&class.doc, ""));
    }
    out.push_str("///\n/// (A typed client, written by `remoteobj bindgen`.)\n");
    let _ = write!(
        out,
        "#[derive(Clone, Debug)]\n\
         #[allow(dead_code, non_camel_case_types)]\n\
         pub struct {name} {{\n    proxy: Proxy,\n}}\n\n\
         impl Client for {name} {{\n\
         \x20   fn from_proxy(proxy: Proxy) -> Self {{\n\
         \x20       {name} {{ proxy }}\n    }}\n\n\
         \x20   fn proxy(&self) -> &Proxy {{\n        &self.proxy\n    }}\n}}\n\n\
         #[allow(dead_code, non_snake_case)]\n\
         impl {name} {{\n\
         \x20   /// The client of the object (or part of one) `proxy` designates;\n\
         \x20   /// nothing is sent.\n\
         \x20   pub fn from_proxy(proxy: Proxy) -> Self {{\n\
         \x20       {name} {{ proxy }}\n    }}\n\n\
         \x20   /// The dynamic proxy underneath, for what the typed methods do not\n\
         \x20   /// cover.\n\
         \x20   pub fn proxy(&self) -> &Proxy {{\n        &self.proxy\n    }}\n\n\
         \x20   /// The same client with another timeout for its requests.\n\
         \x20   pub fn with_timeout(&self, timeout: Duration) -> Self {{\n\
         \x20       Self::from_proxy(self.proxy.with_timeout(timeout))\n    }}\n"
    );
    if root {
        uses.extend([
            "remoteobj_host::ComponentSource",
            "remoteobj_host::Error",
            "remoteobj_host::Host",
            "remoteobj_host::typed::Owned",
        ]);
        out.push_str(
            "\n    /// Starts `component` (a guest exporting this type) with `host`,\n\
             \x20   /// waits until it listens, and returns its client with it.\n\
             \x20   pub fn spawn(host: &Host, component: ComponentSource) -> Result<Owned<Self>, Error> {\n\
             \x20       Owned::spawn(host, component)\n    }\n\n\
             \x20   /// [`spawn`](Self::spawn) for async code.\n\
             \x20   pub fn spawn_async(\n        host: &Host,\n        component: ComponentSource,\n\
             \x20   ) -> impl Future<Output = Result<Owned<Self>, Error>> + Send + use<> {\n\
             \x20       Owned::spawn_async(host, component)\n    }\n",
        );
    }
    if !class.bases.is_empty() {
        out.push_str(
            "\n    /// The base's implementation (`super(type(obj), obj)`), through this\n\
             \x20   /// client: the base's methods run, not this type's overrides\n\
             \x20   /// (members the base lacks answer with errors).\n\
             \x20   pub fn super_(&self) -> Self {\n\
             \x20       Self::from_proxy(self.proxy.super_())\n    }\n",
        );
    }
    // The members' own names first, then each generated name as it is
    // claimed: a name taken already is left out.
    let mut claimed: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut own = BTreeSet::new();
    let members = class
        .methods
        .iter()
        .map(|m| &m.name)
        .chain(class.attributes.iter().map(|a| &a.name));
    for member in members {
        if !RESERVED.contains(&member.as_str()) {
            claimed.insert(member.clone());
        }
    }
    for m in &class.methods {
        if RESERVED.contains(&m.name.as_str()) || !own.insert(m.name.clone()) {
            continue;
        }
        if let Some(text) = method(m, types, &mut claimed, uses) {
            out.push('\n');
            out.push_str(&text);
        }
    }
    for a in &class.attributes {
        if RESERVED.contains(&a.name.as_str()) || !own.insert(a.name.clone()) {
            continue;
        }
        let Some(ident) = ident(&a.name) else {
            continue;
        };
        let key = literal(&a.name);
        let doc_text = if a.doc.trim().is_empty() {
            format!("    /// The attribute `{}`.\n", a.name)
        } else {
            doc(&a.doc, "    ")
        };
        let bare = ident.trim_start_matches("r#");
        out.push('\n');
        match types.member(a.type_index, a.in_place) {
            Member::Client(client) => {
                uses.extend(client_uses(&client));
                let _ = write!(
                    out,
                    "{doc_text}    ///\n    /// (Its client; nothing is sent until it is used.)\n\
                     \x20   pub fn {ident}(&self) -> {client} {{\n\
                     \x20       Client::from_proxy(self.proxy.attr({key}))\n    }}\n"
                );
            }
            Member::Value(ty) => {
                uses.extend(value_uses(&ty));
                uses.extend(["remoteobj_host::Error", "remoteobj_host::ReplyFuture"]);
                let _ = write!(
                    out,
                    "{doc_text}    pub fn {ident}(&self) -> Result<{ty}, Error> {{\n\
                     \x20       self.proxy.attr({key}).get()\n    }}\n"
                );
                if claim(&mut claimed, &format!("{bare}_async")) {
                    let _ = write!(
                        out,
                        "\n{doc_text}    ///\n    /// (Async.)\n\
                         \x20   pub fn {bare}_async(&self) -> ReplyFuture<{ty}> {{\n\
                         \x20       self.proxy.attr({key}).get_async()\n    }}\n"
                    );
                }
            }
        }
        if a.read_only || !claim(&mut claimed, &format!("set_{bare}")) {
            continue;
        }
        // Assigned as a whole value, client or not.
        let ty = param_type(types.value(a.type_index));
        uses.extend(value_uses(&ty));
        uses.extend(["remoteobj_host::Error", "remoteobj_host::ReplyFuture"]);
        let _ = write!(
            out,
            "\n    /// Assigns the attribute `{}`.\n{}\
             \x20       self.proxy.set_attr({key}, value)\n    }}\n",
            a.name,
            signature(
                &format!("set_{bare}"),
                &[format!("value: {ty}")],
                "Result<(), Error>"
            )
        );
        if claim(&mut claimed, &format!("set_{bare}_async")) {
            let _ = write!(
                out,
                "\n    /// Assigns the attribute `{}`.\n    ///\n    /// (Async.)\n{}\
                 \x20       self.proxy.set_attr_async({key}, value)\n    }}\n",
                a.name,
                signature(
                    &format!("set_{bare}_async"),
                    &[format!("value: {ty}")],
                    "ReplyFuture<()>"
                )
            );
        }
    }
    out.push_str("}\n");
    out
}

/// A method and its async form; `None` when its name is no identifier.
fn method(
    m: &MethodInfo,
    types: &Types,
    claimed: &mut BTreeSet<String>,
    uses: &mut BTreeSet<&'static str>,
) -> Option<String> {
    let ident = ident(&m.name)?;
    let bare = ident.trim_start_matches("r#").to_string();
    let key = literal(&m.name);
    uses.extend([
        "remoteobj_host::Error",
        "remoteobj_host::typed::Call",
        "remoteobj_host::typed::CallArgs",
    ]);
    let doc_text = if m.doc.trim().is_empty() {
        format!("    /// Calls `{}`.\n", m.name)
    } else {
        doc(&m.doc, "    ")
    };
    // Parameters keep their names unless one is no identifier, or is one
    // of the locals the body uses, or repeats an earlier one.
    let mut params = Vec::new();
    let mut adds = String::new();
    let mut names = BTreeSet::from(["args".to_string(), "call".to_string()]);
    let mut by_name = false;
    for (i, p) in m.params.iter().enumerate() {
        let mut pid = binding(&p.name, i);
        while !names.insert(pid.clone()) {
            pid = format!("{}_{i}", pid.trim_start_matches("r#"));
        }
        let ty = param_type(types.value(p.type_index));
        uses.extend(value_uses(&ty));
        let key = literal(&p.name);
        if p.keyword_only && !by_name {
            by_name = true;
            adds.push_str("        args.by_name();\n");
        }
        if p.optional {
            params.push(format!("{pid}: Option<{ty}>"));
            let _ = writeln!(adds, "        args.optional({key}, {pid});");
        } else {
            params.push(format!("{pid}: {ty}"));
            let _ = writeln!(adds, "        args.required({key}, {pid});");
        }
    }
    let args = if params.is_empty() {
        "        let args = CallArgs::new();\n".to_string()
    } else {
        format!("        let mut args = CallArgs::new();\n{adds}")
    };
    let call = format!("{args}        let call = Call::method(&self.proxy, {key}, args);\n");
    let this = types.is_this(m.returns_index);
    let ret = if this {
        "Self".to_string()
    } else {
        types.value(m.returns_index)
    };
    uses.extend(value_uses(&ret));
    let (get, future_ty, future) = if this {
        uses.insert("remoteobj_host::typed::ThisFuture");
        (
            "call.this()",
            "ThisFuture<Self>".to_string(),
            "call.this_future()",
        )
    } else {
        uses.insert("remoteobj_host::ReplyFuture");
        ("call.get()", format!("ReplyFuture<{ret}>"), "call.future()")
    };
    let mut out = format!(
        "{doc_text}{}{call}        {get}\n    }}\n",
        signature(&ident, &params, &format!("Result<{ret}, Error>"))
    );
    if claim(claimed, &format!("{bare}_async")) {
        let _ = write!(
            out,
            "\n{doc_text}    ///\n    /// (Async.)\n{}{call}        {future}\n    }}\n",
            signature(&format!("{bare}_async"), &params, &future_ty)
        );
    }
    Some(out)
}

/// A method's first lines, `&self` and `params` on one line when they
/// fit, one per line otherwise (as rustfmt writes them).
fn signature(name: &str, params: &[String], ret: &str) -> String {
    let mut all = vec!["&self".to_string()];
    all.extend(params.iter().cloned());
    let line = format!("    pub fn {name}({}) -> {ret} {{\n", all.join(", "));
    if line.len() - 1 <= MAX_WIDTH {
        return line;
    }
    let mut out = format!("    pub fn {name}(\n");
    for p in &all {
        let _ = writeln!(out, "        {p},");
    }
    let _ = writeln!(out, "    ) -> {ret} {{");
    out
}

/// A parameter's type: text is taken borrowed.
fn param_type(ty: String) -> String {
    if ty == "String" { "&str".into() } else { ty }
}

fn claim(claimed: &mut BTreeSet<String>, name: &str) -> bool {
    claimed.insert(name.to_string())
}

/// The imports a value type's spelling needs.
fn value_uses(ty: &str) -> Vec<&'static str> {
    let mut uses = Vec::new();
    if ty.contains("Value") {
        uses.push("remoteobj_host::Value");
    }
    if ty.contains("BTreeMap") {
        uses.push("std::collections::BTreeMap");
    }
    uses
}

/// The imports a client type's spelling needs.
fn client_uses(ty: &str) -> Vec<&'static str> {
    let mut uses = value_uses(ty);
    for (name, path) in [
        ("ListClient", "remoteobj_host::typed::ListClient"),
        ("DictClient", "remoteobj_host::typed::DictClient"),
        ("ObjectsClient", "remoteobj_host::typed::ObjectsClient"),
    ] {
        if ty.contains(name) {
            uses.push(path);
        }
    }
    uses
}

#[cfg(test)]
mod tests {
    use remoteobj_host::{AttributeInfo, ParamInfo, TypeDesc};

    use super::*;

    fn attribute(name: &str, type_index: u32) -> AttributeInfo {
        AttributeInfo {
            name: name.into(),
            type_name: String::new(),
            type_index,
            in_place: true,
            read_only: false,
            doc: String::new(),
        }
    }

    fn method(name: &str, params: &[(&str, u32)], returns_index: u32, doc: &str) -> MethodInfo {
        MethodInfo {
            name: name.into(),
            params: params
                .iter()
                .map(|(n, t)| ParamInfo {
                    name: (*n).into(),
                    type_name: String::new(),
                    type_index: *t,
                    optional: false,
                    keyword_only: *n == "kw",
                    default: None,
                })
                .collect(),
            returns: String::new(),
            returns_index,
            doc: doc.into(),
        }
    }

    fn hostile() -> Schema {
        // A list of lists 1,000 deep, at the end of the table.
        let mut types = vec![TypeDesc::Signed(64), TypeDesc::Object(0)];
        for i in 0..1000 {
            types.push(TypeDesc::List(i + 1));
        }
        // Tuples of sixteen of the tuple before, twenty deep: 16^20 parts
        // if nothing stopped the taking apart.
        let bomb_base = types.len() as u32;
        types.push(TypeDesc::Bool);
        for i in 0..20 {
            types.push(TypeDesc::Tuple(vec![bomb_base + i; 16]));
        }
        let bomb = types.len() as u32 - 1;
        types.push(TypeDesc::Object(1));
        types.push(TypeDesc::Object(2));
        types.push(TypeDesc::Object(3));
        let (class1, class2, class3) = (bomb + 1, bomb + 2, bomb + 3);
        Schema {
            version: SCHEMA_VERSION,
            type_name: "Odd".into(),
            doc: "```\nfn main() { std::process::exit(1) }\n```\u{202E}".into(),
            attributes: vec![
                attribute("x", 0),
                attribute("bad name", 0),
                attribute("self", 0),
                attribute("proxy", 0),
                attribute("deep", 1001),
                attribute("again", 1),
                attribute("bomb", bomb),
                attribute("c1", class1),
                attribute("c2", class2),
                attribute("c3", class3),
            ],
            methods: vec![
                method(
                    "set_x",
                    &[("args", 0), ("args", 0), ("two words", 0)],
                    0,
                    "",
                ),
                method("x_async", &[], 0, "    indented();"),
                method("r\"#", &[], 0, ""),
                method(
                    "patterns",
                    &[("Ok", 0), ("None", 0), ("kw", 0), ("Call", 0)],
                    0,
                    "",
                ),
            ],
            types,
            classes: ["Odd", "Class3", "Größe", "List"]
                .iter()
                .map(|name| ClassInfo {
                    type_name: (*name).into(),
                    ..ClassInfo::default()
                })
                .collect(),
            ..Schema::default()
        }
    }

    #[test]
    fn hostile_names_docs_and_depths_stay_out_of_the_source() {
        let text = client(&hostile(), "odd.wasm").unwrap();
        // No name that is no identifier, no reserved name, no fence.
        for absent in [
            "bad name",
            "fn self(",
            "fn proxy(&self) -> Result",
            "```",
            "r\"#",
        ] {
            assert!(!text.contains(absent), "{absent:?} in:\n{text}");
        }
        assert!(!text.contains("///     indented"), "{text}");
        // The own method `set_x` wins over x's setter, `x_async` over its
        // async getter; parameters are renamed apart from the body's
        // locals and from each other.
        assert_eq!(text.matches("pub fn set_x(").count(), 1);
        assert!(text.contains("pub fn set_x(&self, args_0: i64, args_1: i64, arg2: i64)"));
        assert_eq!(text.matches("pub fn x_async(").count(), 1);
        // Too deep to take apart: a dynamic value; the root's own class
        // again: the root's client, written once.
        assert!(text.contains("pub fn deep(&self) -> ListClient<Vec<Vec<"));
        assert!(text.contains("Value"));
        assert!(text.contains("pub fn again(&self) -> OddClient {"));
        assert_eq!(text.matches("pub struct OddClient").count(), 1);
        assert!(!text.contains('\u{202E}'));
        // Sixteen-wide tuples twenty deep: cut short, as a dynamic value.
        let bomb_line = text.lines().find(|l| l.contains("pub fn bomb(")).unwrap();
        assert!(bomb_line.contains("-> Result<Value, Error>"), "{bomb_line}");
        // Class names apart from each other and from the imported clients.
        for client in ["Class3Client", "Class32Client", "List2Client"] {
            assert_eq!(
                text.matches(&format!("pub struct {client} ")).count(),
                1,
                "{client}"
            );
        }
        assert!(!text.contains("pub struct ListClient"));
        // Capitalised parameters are renamed (they would be patterns); a
        // keyword-only one switches to names.
        assert!(
            text.contains("pub fn patterns(&self, arg0: i64, arg1: i64, kw: i64, arg3: i64)"),
            "{text}"
        );
        assert!(text.contains("args.by_name();\n        args.required(\"kw\", kw);"));
    }

    #[test]
    fn a_schema_that_does_not_hold_together_is_refused() {
        let mut schema = hostile();
        schema.types.push(TypeDesc::List(5000));
        let err = client(&schema, "odd.wasm").unwrap_err();
        assert!(
            matches!(err, SchemaError::Type { index: 5000, .. }),
            "{err}"
        );
    }
}
