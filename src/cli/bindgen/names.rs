//! What a guest's names and docs may become in Rust source: the schema
//! comes from the guest, which may be hostile, and the source is compiled
//! by the user, so nothing from it reaches the source unchecked.

/// Rust's keywords that a raw identifier (`r#type`) can spell.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen", "union",
];

/// Keywords no raw identifier can spell.
const UNSPELLABLE: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The longest name that becomes an identifier.
const MAX_NAME: usize = 100;

/// `name` as a Rust identifier (`r#type` for a keyword), or `None` when it
/// is not one (non-ASCII, punctuation, a keyword no raw form spells).
pub fn ident(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = name.len() <= MAX_NAME
        && (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid || UNSPELLABLE.contains(&name) {
        return None;
    }
    Some(if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    })
}

/// The client type's name for a class: `Counter` → `CounterClient`, or
/// `Class{index}Client` for a class name that is no identifier.
pub fn client_name(class: &str, index: usize) -> String {
    match ident(class) {
        Some(name) if !name.starts_with("r#") => format!("{}Client", upper_first(&name)),
        _ => format!("Class{index}Client"),
    }
}

fn upper_first(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// A guest's doc text as `///` lines at `indent`. Rustdoc would compile a
/// code block in it as a doctest, so fences lose their meaning (backticks
/// and tildes of three or more become quotes) and lines lose their
/// leading indentation (an indented block is code too); control
/// characters become spaces.
pub fn doc(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = comment(line.trim());
        let line = line.replace("```", "'''").replace("~~~", "'''");
        if line.is_empty() {
            out.push_str(&format!("{indent}///\n"));
        } else {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
    out
}

/// A guest's text as it may stand in a comment: on one line, control
/// characters as spaces, and without the codepoints that change the
/// direction of text (rustc refuses them in comments: they can make source
/// read otherwise than it compiles).
pub fn comment(text: &str) -> String {
    text.chars()
        .filter(|c| !is_bidi(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// A parameter name as a binding: a name that is no identifier, or that
/// starts with a capital (`Ok`, `None`, `Call` would be patterns), is
/// `arg{index}`.
pub fn binding(name: &str, index: usize) -> String {
    match ident(name) {
        Some(id) if !name.starts_with(|c: char| c.is_ascii_uppercase()) => id,
        _ => format!("arg{index}"),
    }
}

/// `text` as a Rust string literal.
pub fn literal(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_identifiers_or_nothing() {
        assert_eq!(ident("inc").as_deref(), Some("inc"));
        assert_eq!(ident("type").as_deref(), Some("r#type"));
        for bad in ["", "self", "_", "a-b", "1x", "x y", "é", "a\u{0}b", "a\"b"] {
            assert_eq!(ident(bad), None, "{bad:?}");
        }
        assert_eq!(ident(&"x".repeat(MAX_NAME + 1)), None);
    }

    #[test]
    fn client_names() {
        assert_eq!(client_name("Counter", 0), "CounterClient");
        assert_eq!(client_name("thing", 0), "ThingClient");
        assert_eq!(client_name("my class", 3), "Class3Client");
        assert_eq!(client_name("type", 4), "Class4Client");
    }

    #[test]
    fn docs_cannot_smuggle_code() {
        let text = "Adds.\n\n```\nstd::process::exit(1);\n```\n    indented();\n~~~\x07";
        let out = doc(text, "");
        assert!(!out.contains("```") && !out.contains("~~~") && !out.contains('\x07'));
        assert!(
            out.lines()
                .all(|l| l == "///" || l.starts_with("/// ") && !l[4..].starts_with(' '))
        );
        assert_eq!(literal("a\"b\n"), r#""a\"b\n""#);
        assert_eq!(comment("a\u{202E}b\u{2066}c\nd"), "abc d");
        assert_eq!(binding("Ok", 2), "arg2");
        assert_eq!(binding("None", 0), "arg0");
        assert_eq!(binding("type", 0), "r#type");
    }
}
