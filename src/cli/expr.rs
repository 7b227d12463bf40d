//! The expression language of `remoteobj call`: Python-like paths
//! on the remote object.
//!
//! ```text
//! x                      resolve an attribute
//! another[0]             resolve an item (negative indices count from the end)
//! inc()                  call a method
//! toggle(state=true)     named arguments
//! another.append(6)      a chain, sent as one request
//! chain().chain().x      methods that return the object itself chain
//! super.asdf()           the base implementation
//! x = 10                 assign an attribute (or an item: another[0] = 5)
//! del label              delete an attribute (or an item: del another[0])
//! len(another)           length
//! 6 in another           membership
//! str(settings)          passto: str, repr, list, dir, hasattr(path, 'name'),
//! passto(self, 'total')  and the guest's own functions (`self` is the object)
//! ```
//!
//! Literals are JSON (`1`, `-2.5`, `"text"`, `true`, `null`, `[1, 2]`,
//! `{"k": 1}`), plus Python's `True`, `False`, `None` and single-quoted
//! strings.

use ciborium::Value;

/// One link of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// `.name`
    Attr(String),
    /// `[key]`
    Item(Value),
    /// `(args, name=value)`
    Call {
        /// Positional arguments.
        args: Vec<Value>,
        /// Named arguments.
        kwargs: Vec<(String, Value)>,
    },
    /// `super`
    Super,
}

/// One expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Resolve a path (calls included).
    Get(Vec<Link>),
    /// `path = value`
    Set(Vec<Link>, Value),
    /// `del path`
    Del(Vec<Link>),
    /// `len(path)`
    Len(Vec<Link>),
    /// `value in path`
    Contains(Value, Vec<Link>),
    /// `str(path)`, `repr(path)`, `list(path)`, `dir(path)`,
    /// `hasattr(path, 'name')`, `passto(path, 'func', args...)`: a function
    /// the guest runs on what the path designates.
    PassTo(String, Vec<Link>, Vec<Value>),
}

/// The functions that take a path as their first argument.
const FUNCTIONS: &[&str] = &["len", "str", "repr", "list", "dir", "hasattr", "passto"];

/// Parses one expression; the error names the column.
pub fn parse(text: &str) -> Result<Expr, String> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        depth: 0,
    };
    let expr = p
        .expr()
        .map_err(|e| format!("{e} (at column {} of `{text}`)", p.pos + 1))?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return Err(format!(
            "unexpected `{}` (at column {} of `{text}`)",
            p.chars[p.pos..].iter().collect::<String>(),
            p.pos + 1
        ));
    }
    Ok(expr)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Lists and maps open around the value being read.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected `{c}`"))
        }
    }

    fn ident(&mut self) -> Option<String> {
        self.skip_ws();
        let start = self.pos;
        if !self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
            return None;
        }
        while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            self.pos += 1;
        }
        Some(self.chars[start..self.pos].iter().collect())
    }

    /// Tries to read the keyword `word` followed by a non-identifier char.
    fn keyword(&mut self, word: &str) -> bool {
        self.skip_ws();
        let save = self.pos;
        match self.ident() {
            Some(w) if w == word => true,
            _ => {
                self.pos = save;
                false
            }
        }
    }

    fn expr(&mut self) -> Result<Expr, String> {
        if self.keyword("del") {
            return Ok(Expr::Del(self.path()?));
        }
        let save = self.pos;
        if let Some(word) = self.ident()
            && FUNCTIONS.contains(&word.as_str())
            && self.eat('(')
        {
            self.skip_ws();
            // `list()` with no path is a call of a remote method named `list`.
            if self.peek() != Some(')') {
                return self.function(&word);
            }
        }
        self.pos = save;
        if self.starts_literal() {
            let value = self.literal()?;
            if !self.keyword("in") {
                return Err("a literal must be followed by `in PATH`".into());
            }
            return Ok(Expr::Contains(value, self.path()?));
        }
        let path = self.path()?;
        self.skip_ws();
        if self.peek() == Some('=') && self.chars.get(self.pos + 1) != Some(&'=') {
            self.pos += 1;
            let value = self.literal()?;
            return Ok(Expr::Set(path, value));
        }
        Ok(Expr::Get(path))
    }

    /// `name(PATH, args...)`, after the opening parenthesis.
    fn function(&mut self, name: &str) -> Result<Expr, String> {
        let path = self.path()?;
        let mut args = Vec::new();
        while self.eat(',') {
            args.push(self.literal()?);
        }
        self.expect(')')?;
        match name {
            "len" if args.is_empty() => Ok(Expr::Len(path)),
            "len" => Err("len() takes only a path".into()),
            "passto" => match args.first() {
                Some(Value::Text(func)) => {
                    let func = func.clone();
                    Ok(Expr::PassTo(func, path, args.split_off(1)))
                }
                _ => Err(
                    "passto(PATH, 'function', args...) needs the function's name as a string"
                        .into(),
                ),
            },
            other => Ok(Expr::PassTo(other.to_string(), path, args)),
        }
    }

    fn starts_literal(&mut self) -> bool {
        self.skip_ws();
        match self.peek() {
            Some(c) if c.is_ascii_digit() || "-\"'[{".contains(c) => true,
            Some(_) => {
                let save = self.pos;
                let word = self.ident();
                self.pos = save;
                matches!(
                    word.as_deref(),
                    Some("true" | "false" | "null" | "True" | "False" | "None")
                )
            }
            None => false,
        }
    }

    fn path(&mut self) -> Result<Vec<Link>, String> {
        let mut links = Vec::new();
        let first = self.ident().ok_or("expected a name")?;
        match first.as_str() {
            // `self` is the object itself: `self.x` is `x`.
            "self" => {}
            "super" => links.push(Link::Super),
            _ => links.push(Link::Attr(first)),
        }
        loop {
            self.skip_ws();
            match self.peek() {
                Some('.') => {
                    self.pos += 1;
                    let name = self.ident().ok_or("expected a name after `.`")?;
                    links.push(if name == "super" {
                        Link::Super
                    } else {
                        Link::Attr(name)
                    });
                }
                Some('[') => {
                    self.pos += 1;
                    let key = self.literal()?;
                    self.expect(']')?;
                    links.push(Link::Item(key));
                }
                Some('(') => {
                    self.pos += 1;
                    links.push(self.call_args()?);
                }
                _ => return Ok(links),
            }
        }
    }

    fn call_args(&mut self) -> Result<Link, String> {
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        if self.eat(')') {
            return Ok(Link::Call { args, kwargs });
        }
        loop {
            let save = self.pos;
            let named = match self.ident() {
                Some(name) if self.eat('=') => Some(name),
                _ => {
                    self.pos = save;
                    None
                }
            };
            let value = self.literal()?;
            match named {
                Some(name) => kwargs.push((name, value)),
                None if !kwargs.is_empty() => {
                    return Err("a positional argument cannot follow a named one".into());
                }
                None => args.push(value),
            }
            if self.eat(')') {
                return Ok(Link::Call { args, kwargs });
            }
            self.expect(',')?;
        }
    }

    fn literal(&mut self) -> Result<Value, String> {
        self.skip_ws();
        if matches!(self.peek(), Some('[' | '{')) {
            // Refused here, not by the stack: the host would refuse it too.
            if self.depth >= remoteobj_host::MAX_DEPTH {
                return Err(format!(
                    "a value nested more than {} levels deep",
                    remoteobj_host::MAX_DEPTH
                ));
            }
            self.depth += 1;
            let value = self.container();
            self.depth -= 1;
            return value;
        }
        self.scalar()
    }

    /// A list or a map.
    fn container(&mut self) -> Result<Value, String> {
        match self.peek() {
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                if self.eat(']') {
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(self.literal()?);
                    if self.eat(']') {
                        return Ok(Value::Array(items));
                    }
                    self.expect(',')?;
                }
            }
            Some('{') => {
                self.pos += 1;
                let mut entries = Vec::new();
                if self.eat('}') {
                    return Ok(Value::Map(entries));
                }
                loop {
                    let key = self.literal()?;
                    self.expect(':')?;
                    entries.push((key, self.literal()?));
                    if self.eat('}') {
                        return Ok(Value::Map(entries));
                    }
                    self.expect(',')?;
                }
            }
            _ => self.scalar(),
        }
    }

    /// Anything but a list or a map.
    fn scalar(&mut self) -> Result<Value, String> {
        match self.peek() {
            Some('"') | Some('\'') => self.string().map(Value::Text),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            _ => match self.ident().as_deref() {
                Some("true" | "True") => Ok(Value::Bool(true)),
                Some("false" | "False") => Ok(Value::Bool(false)),
                Some("null" | "None") => Ok(Value::Null),
                Some(other) => Err(format!(
                    "expected a value, found `{other}` (strings need quotes)"
                )),
                None => Err("expected a value".into()),
            },
        }
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || "._eE+-".contains(c))
        {
            // A sign is part of the number only right after an exponent.
            if matches!(self.peek(), Some('+' | '-'))
                && !matches!(self.chars[self.pos - 1], 'e' | 'E')
            {
                break;
            }
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos]
            .iter()
            .filter(|c| **c != '_')
            .collect();
        if let Ok(i) = text.parse::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = text.parse::<u64>() {
            return Ok(Value::from(u));
        }
        text.parse::<f64>()
            .map(Value::Float)
            .map_err(|_| format!("`{text}` is not a number"))
    }

    fn string(&mut self) -> Result<String, String> {
        let quote = self.peek().ok_or("expected a string")?;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let c = self.peek().ok_or("unterminated string")?;
            self.pos += 1;
            match c {
                c if c == quote => return Ok(out),
                '\\' => {
                    let e = self.peek().ok_or("unterminated string")?;
                    self.pos += 1;
                    out.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        other => other,
                    });
                }
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(n: &str) -> Link {
        Link::Attr(n.into())
    }

    fn call(args: Vec<Value>) -> Link {
        Link::Call {
            args,
            kwargs: vec![],
        }
    }

    #[test]
    fn parses_the_issue_examples() {
        assert_eq!(
            parse("inc()").unwrap(),
            Expr::Get(vec![attr("inc"), call(vec![])])
        );
        assert_eq!(parse("x").unwrap(), Expr::Get(vec![attr("x")]));
        assert_eq!(
            parse("another.append(6)").unwrap(),
            Expr::Get(vec![
                attr("another"),
                attr("append"),
                call(vec![Value::from(6)])
            ])
        );
        assert_eq!(
            parse("another[0]").unwrap(),
            Expr::Get(vec![attr("another"), Link::Item(Value::from(0))])
        );
        assert_eq!(
            parse("x = 10").unwrap(),
            Expr::Set(vec![attr("x")], Value::from(10))
        );
        assert_eq!(
            parse("super.asdf()").unwrap(),
            Expr::Get(vec![Link::Super, attr("asdf"), call(vec![])])
        );
        assert_eq!(
            parse("toggle(state=true)").unwrap(),
            Expr::Get(vec![
                attr("toggle"),
                Link::Call {
                    args: vec![],
                    kwargs: vec![("state".into(), Value::Bool(true))]
                }
            ])
        );
    }

    #[test]
    fn parses_the_other_forms() {
        assert_eq!(
            parse("del another[-1]").unwrap(),
            Expr::Del(vec![attr("another"), Link::Item(Value::from(-1))])
        );
        assert_eq!(
            parse("len(another)").unwrap(),
            Expr::Len(vec![attr("another")])
        );
        assert_eq!(
            parse("6 in another").unwrap(),
            Expr::Contains(Value::from(6), vec![attr("another")])
        );
        assert_eq!(
            parse("name = 'a b'").unwrap(),
            Expr::Set(vec![attr("name")], Value::Text("a b".into()))
        );
        assert_eq!(
            parse("f([1, 2.5, None], {\"k\": -3e2})").unwrap(),
            Expr::Get(vec![
                attr("f"),
                call(vec![
                    Value::Array(vec![Value::from(1), Value::Float(2.5), Value::Null]),
                    Value::Map(vec![(Value::Text("k".into()), Value::Float(-300.0))]),
                ])
            ])
        );
    }

    #[test]
    fn parses_functions_on_paths() {
        assert_eq!(
            parse("str(settings)").unwrap(),
            Expr::PassTo("str".into(), vec![attr("settings")], vec![])
        );
        assert_eq!(
            parse("hasattr(self, 'x')").unwrap(),
            Expr::PassTo("hasattr".into(), vec![], vec![Value::Text("x".into())])
        );
        assert_eq!(
            parse("passto(self, 'total', 10)").unwrap(),
            Expr::PassTo("total".into(), vec![], vec![Value::from(10)])
        );
        assert_eq!(
            parse("list()").unwrap(),
            Expr::Get(vec![attr("list"), call(vec![])])
        );
        assert_eq!(parse("self.x").unwrap(), Expr::Get(vec![attr("x")]));
        assert!(parse("passto(self, 3)").is_err());
    }

    #[test]
    fn no_input_makes_the_parser_panic() {
        let samples = [
            "passto(self, 'total', [1, {\"a\": -2.5e-3}], None)",
            "del another[-1]",
            "x = 'it\\'s'",
            "6 in another.items[0](a=1, b=[2])",
            "-",
            "1e",
            "'",
            "[",
            "{1:",
            "str(",
            "super.super.f()",
        ];
        for sample in samples {
            let chars: Vec<char> = sample.chars().collect();
            for end in 0..=chars.len() {
                let prefix: String = chars[..end].iter().collect();
                let _ = parse(&prefix);
            }
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = |n: usize| format!("x = {}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(remoteobj_host::MAX_DEPTH)).is_ok());
        let e = parse(&deep(remoteobj_host::MAX_DEPTH + 1)).unwrap_err();
        assert!(e.contains("nested more than 256 levels"), "{e}");
        let e = parse(&format!("f({})", "{1: ".repeat(20_000))).unwrap_err();
        assert!(e.contains("nested"), "{e}");
    }

    #[test]
    fn reports_errors_with_a_column() {
        let e = parse("x = ").unwrap_err();
        assert!(e.contains("expected a value"), "{e}");
        let e = parse("inc(").unwrap_err();
        assert!(e.contains("column"), "{e}");
        let e = parse("x = hello").unwrap_err();
        assert!(e.contains("strings need quotes"), "{e}");
        assert!(parse("f(a=1, 2)").is_err());
        assert!(parse("x y").is_err());
    }
}
