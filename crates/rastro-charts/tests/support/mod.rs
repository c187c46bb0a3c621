//! A strict little XML reader for the tests: it accepts only well-formed markup of the kind the
//! charts write (elements, double- or single-quoted attributes, text, the five predefined
//! entities and character references) and returns a tree to assert on.

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == class))
    }

    /// Every element below this one, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        fn walk<'a>(e: &'a Element, out: &mut Vec<&'a Element>) {
            for child in &e.children {
                if let Node::Element(c) = child {
                    out.push(c);
                    walk(c, out);
                }
            }
        }
        walk(self, &mut out);
        out
    }

    pub fn find_all(&self, pred: impl Fn(&Element) -> bool) -> Vec<&Element> {
        self.descendants().into_iter().filter(|e| pred(e)).collect()
    }

    pub fn named(&self, name: &str) -> Vec<&Element> {
        self.find_all(|e| e.name == name)
    }

    pub fn with_class(&self, class: &str) -> Vec<&Element> {
        self.find_all(|e| e.has_class(class))
    }

    pub fn by_key(&self, key: &str) -> Vec<&Element> {
        self.find_all(|e| e.attr("data-key") == Some(key))
    }

    /// All text below this element, decoded.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }

    /// Text of this element's own `<title>` child, the tooltip.
    pub fn tooltip(&self) -> Option<String> {
        self.children.iter().find_map(|c| match c {
            Node::Element(e) if e.name == "title" => Some(e.text()),
            _ => None,
        })
    }

    pub fn number(&self, name: &str) -> f64 {
        self.attr(name)
            .unwrap_or_else(|| panic!("<{}> has no {name}", self.name))
            .parse()
            .unwrap_or_else(|_| panic!("<{}> {name} is not a number", self.name))
    }
}

pub fn parse(xml: &str) -> Result<Element, String> {
    let mut p = Parser { s: xml, i: 0 };
    p.skip_ws();
    if p.peek() != Some('<') {
        return Err("document does not start with an element".into());
    }
    let root = p.element()?;
    p.skip_ws();
    if p.i != p.s.len() {
        return Err(format!("content after the root element at byte {}", p.i));
    }
    Ok(root)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        Some(c)
    }

    fn starts(&self, pat: &str) -> bool {
        self.s[self.i..].starts_with(pat)
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.i;
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.i += 1;
        }
        self.i > start
    }

    fn err(&self, what: &str) -> String {
        let end = (self.i + 40).min(self.s.len());
        let end = (end..=self.s.len())
            .find(|&e| self.s.is_char_boundary(e))
            .unwrap_or(self.s.len());
        format!("{what} at byte {}: {:?}", self.i, &self.s[self.i..end])
    }

    fn name(&mut self) -> Result<String, String> {
        let start = self.i;
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':' => {}
            _ => return Err(self.err("expected a name")),
        }
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || "_:.-".contains(c)) {
            self.i += 1;
        }
        Ok(self.s[start..self.i].to_owned())
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.bump() == Some(c) {
            Ok(())
        } else {
            Err(self.err(&format!("expected {c:?}")))
        }
    }

    fn element(&mut self) -> Result<Element, String> {
        self.expect('<')?;
        let name = self.name()?;
        let mut attrs: Vec<(String, String)> = Vec::new();
        loop {
            let spaced = self.skip_ws();
            if self.starts("/>") {
                self.i += 2;
                return Ok(Element {
                    name,
                    attrs,
                    children: Vec::new(),
                });
            }
            if self.peek() == Some('>') {
                self.i += 1;
                break;
            }
            if !spaced {
                return Err(self.err("attributes must be separated by whitespace"));
            }
            let attr = self.name()?;
            self.skip_ws();
            self.expect('=')?;
            self.skip_ws();
            let quote = match self.bump() {
                Some(q @ ('"' | '\'')) => q,
                _ => return Err(self.err("attribute value is not quoted")),
            };
            let value = self.chars_until(quote)?;
            self.expect(quote)?;
            if attrs.iter().any(|(n, _)| *n == attr) {
                return Err(self.err(&format!("duplicate attribute {attr}")));
            }
            attrs.push((attr, value));
        }
        let mut children = Vec::new();
        loop {
            if self.starts("</") {
                self.i += 2;
                let end = self.name()?;
                self.skip_ws();
                self.expect('>')?;
                if end != name {
                    return Err(self.err(&format!("</{end}> closes <{name}>")));
                }
                return Ok(Element {
                    name,
                    attrs,
                    children,
                });
            }
            if self.starts("<!") || self.starts("<?") {
                return Err(
                    self.err("comments, CDATA and processing instructions are not expected")
                );
            }
            match self.peek() {
                None => return Err(format!("<{name}> is never closed")),
                Some('<') => children.push(Node::Element(self.element()?)),
                Some(_) => children.push(Node::Text(self.chars_until('<')?)),
            }
        }
    }

    /// Decoded characters up to (not including) `end` or the end of input.
    fn chars_until(&mut self, end: char) -> Result<String, String> {
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Ok(out),
                Some(c) if c == end => return Ok(out),
                Some('<') => return Err(self.err("raw '<' inside a value")),
                Some('&') => {
                    let entity = self.entity()?;
                    out.push(entity);
                }
                Some(c) => {
                    let allowed = matches!(c, '\t' | '\n' | '\r')
                        || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}');
                    if !allowed {
                        return Err(self.err(&format!("character {:?} is not allowed in XML", c)));
                    }
                    self.bump();
                    out.push(c);
                }
            }
        }
    }

    fn entity(&mut self) -> Result<char, String> {
        let rest = &self.s[self.i..];
        let semi = rest
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i)
            .ok_or_else(|| self.err("'&' does not start an entity"))?;
        let body = &rest[1..semi];
        let c = match body {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = body.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = body.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| self.err("unknown entity"))?
            }
        };
        self.i += semi + 1;
        Ok(c)
    }
}

#[test]
fn checker_accepts_well_formed_markup() {
    let root = parse(
        "<svg a=\"1\" b='x &amp; y'><g><title>a &lt; b &#233; &#xE9;</title></g><rect/>\n</svg>",
    )
    .unwrap();
    assert_eq!(root.name, "svg");
    assert_eq!(root.attr("b"), Some("x & y"));
    assert_eq!(root.named("title")[0].text(), "a < b é é");
    assert_eq!(root.descendants().len(), 3);
}

#[test]
fn checker_rejects_malformed_markup() {
    for bad in [
        "<a><b></a></b>",
        "<a>",
        "<a x=1/>",
        "<a x=\"1\"y=\"2\"/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&bogus;</a>",
        "<a>fish & chips</a>",
        "<a x=\"<\"/>",
        "<a/><b/>",
        "<a>\u{1}</a>",
        "<a><!-- no --></a>",
        "text",
        "<a x=\"unterminated/>",
    ] {
        assert!(parse(bad).is_err(), "accepted {bad:?}");
    }
}
