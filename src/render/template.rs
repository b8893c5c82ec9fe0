//! Templates: loading (embedded defaults, a folder overriding them) and the template
//! language (minijinja with strict undefined values, a fuel limit, and values escaped
//! for the block markup).

use super::markup;
use super::RenderError;
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Instructions a template may run (a letter needs a few thousand; a recommendations
/// note with hundreds of findings a few hundred thousand).
///
/// Fuel is also charged for the data a template builds (one unit for every 64 bytes
/// of strings, lists and output), so that a string like `"x" * 1000000000` or one
/// doubled in a loop stops here instead of exhausting the memory: at 2.5 million
/// units a template builds at most about 160 MB (a string of 99 MB doubled three
/// times peaked at 496 MB with 5 million, 2.5 million keeps it near 200 MB).
pub const FUEL: u64 = 2_500_000;

/// The largest markup text a template may produce. A letter is a few tens of KiB and
/// a recommendations note with hundreds of findings a few hundred; the DOCX and PDF
/// writers would otherwise be handed whatever the fuel allows (about 300 MiB).
pub const MAX_MARKUP_BYTES: usize = 8 << 20;

/// How deep includes and macro calls may nest. minijinja allows 500; our templates
/// nest two or three deep, and a template that includes itself or a macro that
/// calls itself without end is stopped sooner, with a smaller stack.
pub const MAX_NESTING: usize = 100;

/// The template files of a run: the embedded defaults, overridden file by file by a
/// `--templates` folder.
#[derive(Clone, Debug)]
pub struct TemplateSet {
    files: BTreeMap<String, String>,
}

impl TemplateSet {
    /// The templates embedded in the binary.
    pub fn embedded() -> TemplateSet {
        let files = crate::embedded::TEMPLATE_FILES
            .iter()
            .filter(|(p, _)| p.ends_with(".jinja"))
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect();
        TemplateSet { files }
    }

    /// The embedded templates with `files` (path relative to the templates folder,
    /// such as `note.jinja` or `parts/_x.jinja`, and text) taking precedence: what
    /// [`TemplateSet::with_dir`] builds from a folder, for callers that hold the text
    /// already (the fuzz target, tests).
    pub fn with_files<I, K, V>(files: I) -> TemplateSet
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut set = TemplateSet::embedded();
        set.files
            .extend(files.into_iter().map(|(k, v)| (k.into(), v.into())));
        set
    }

    /// The embedded templates with those of `dir` (`*.jinja`, sub-folders included)
    /// taking precedence. Nothing outside `dir` is read: a template file or folder
    /// that is a link leading out of `dir` is refused (an error naming it); other
    /// files are never read.
    pub fn with_dir(dir: &Path) -> Result<TemplateSet, RenderError> {
        let io = |e: std::io::Error| RenderError::Io(dir.display().to_string(), e.to_string());
        let root = std::fs::canonicalize(dir).map_err(io)?;
        if !root.is_dir() {
            return Err(RenderError::Io(
                dir.display().to_string(),
                "not a folder".into(),
            ));
        }
        let mut files = Vec::new();
        // Each folder with the real paths of the folders it is in: a link back to
        // one of them (`loop -> .`) would be walked without end.
        let mut stack = vec![(root.clone(), vec![root.clone()])];
        while let Some((d, within)) = stack.pop() {
            for e in std::fs::read_dir(&d).map_err(io)? {
                let p = e.map_err(io)?.path();
                let is_template = p.extension().and_then(|e| e.to_str()) == Some("jinja");
                let at = |e: String| RenderError::Io(p.display().to_string(), e);
                let real = match std::fs::canonicalize(&p) {
                    Ok(r) => r,
                    // A dangling link: an error only where a template was meant.
                    Err(e) if is_template => return Err(at(e.to_string())),
                    Err(_) => continue,
                };
                if !real.starts_with(&root) {
                    if is_template || real.is_dir() {
                        return Err(at(format!(
                            "a link leading outside the templates folder (to {}): refused",
                            real.display()
                        )));
                    }
                    continue;
                }
                if real.is_dir() {
                    if !within.contains(&real) {
                        let mut chain = within.clone();
                        chain.push(real);
                        stack.push((p, chain));
                    }
                } else if is_template {
                    let rel = p
                        .strip_prefix(&root)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .replace('\\', "/");
                    let text = std::fs::read_to_string(&p).map_err(|e| at(e.to_string()))?;
                    files.push((rel, text));
                }
            }
        }
        Ok(TemplateSet::with_files(files))
    }

    /// Template names (file names without `.jinja`), for error messages and listings.
    /// Partials (names starting with `_`) are left out.
    pub fn names(&self) -> Vec<String> {
        self.files
            .keys()
            .filter_map(|k| k.strip_suffix(".jinja"))
            .filter(|k| !k.rsplit('/').next().unwrap_or(k).starts_with('_'))
            .map(str::to_string)
            .collect()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.files.contains_key(&format!("{name}.jinja"))
    }
}

/// A ready template environment (build once, render many).
pub struct Engine {
    env: Environment<'static>,
    set: Arc<TemplateSet>,
}

fn markup_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), Error> {
    if !matches!(state.auto_escape(), AutoEscape::Custom(_)) {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_safe() {
        return out
            .write_str(value.as_str().unwrap_or_default())
            .map_err(Error::from);
    }
    use minijinja::value::ValueKind;
    if value.as_str().is_some_and(|s| s.len() > MAX_MARKUP_BYTES) {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "a text larger than the {} MiB a document may hold",
                MAX_MARKUP_BYTES >> 20
            ),
        ));
    }
    let text = match value.kind() {
        ValueKind::None => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "the value is null; text was expected",
            ))
        }
        ValueKind::Seq | ValueKind::Iterable => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "wrong type: a list where text was expected",
            ))
        }
        ValueKind::Map => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "wrong type: a table where text was expected",
            ))
        }
        _ => value.to_string(),
    };
    let mut esc = String::with_capacity(text.len() + 8);
    markup::escape(&text, &mut esc);
    out.write_str(&esc).map_err(Error::from)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-03-05` (or a TOML date) as the UN writes it: `5 March 2026`. Other text is
/// returned unchanged.
pub fn un_date(s: &str) -> String {
    let t = s.trim();
    let parts: Vec<&str> = t.get(..10).unwrap_or("").split('-').collect();
    if let [y, m, d] = parts[..] {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<usize>(), d.parse::<u32>()) {
            if (1..=12).contains(&m) && (1..=31).contains(&d) && y > 999 {
                return format!("{d} {} {y}", MONTHS[m - 1]);
            }
        }
    }
    t.to_string()
}

/// The month `n` months after an ISO date, as "August 2026" (the IEG meets again
/// about six months after a meeting).
fn months_later(v: Value, n: i64) -> Result<String, Error> {
    let s = v.to_string();
    let parts: Vec<&str> = s.get(..7).unwrap_or("").split('-').collect();
    if let [y, m] = parts[..] {
        if let (Ok(y), Ok(m)) = (y.parse::<i64>(), m.parse::<i64>()) {
            if (1..=12).contains(&m) {
                let k = y * 12 + (m - 1) + n;
                return Ok(format!(
                    "{} {}",
                    MONTHS[k.rem_euclid(12) as usize],
                    k.div_euclid(12)
                ));
            }
        }
    }
    Err(Error::new(
        ErrorKind::InvalidOperation,
        format!("months_later expects a date like 2026-02-12, not `{s}`"),
    ))
}

/// "A", "A and B", "A, B and C" (UN style: no serial comma). Each item is charged
/// against the fuel: `[1] * 100000000` is a lazy list of a hundred million items.
fn join_and(state: &minijinja::State, v: Value) -> Result<String, Error> {
    let iter = v.try_iter().map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("wrong type: a list was expected, not {}", v.kind()),
        )
    })?;
    let mut items: Vec<String> = Vec::new();
    for x in iter {
        let s = x.to_string();
        state.consume_fuel(1 + s.len() as u64 / 64)?;
        items.push(s);
    }
    Ok(match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    })
}

impl Engine {
    pub fn new(set: TemplateSet) -> Engine {
        let set = Arc::new(set);
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        env.set_recursion_limit(MAX_NESTING);
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        env.set_auto_escape_callback(|_| AutoEscape::Custom("wpslens-markup".into()));
        env.set_formatter(markup_formatter);
        env.add_filter("un_date", |v: Value| un_date(&v.to_string()));
        env.add_filter("join_and", join_and);
        env.add_filter("months_later", months_later);
        env.add_filter("capitalize_first", |v: Value| {
            let s = v.to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        });
        let files = set.clone();
        env.set_loader(move |name| Ok(files.files.get(name).cloned()));
        Engine { env, set }
    }

    pub fn set(&self) -> &TemplateSet {
        &self.set
    }

    /// Renders template `name` with `data` (an object) to block markup text.
    pub fn render_markup(
        &self,
        name: &str,
        data: &serde_json::Value,
    ) -> Result<String, RenderError> {
        if !self.set.contains(name) {
            return Err(RenderError::UnknownTemplate {
                name: name.to_string(),
                known: self.set.names(),
            });
        }
        if !data.is_object() {
            return Err(RenderError::Template {
                template: name.to_string(),
                line: None,
                message: "the data must be a table of fields at the top level".into(),
            });
        }
        let file = format!("{name}.jinja");
        let tpl = self
            .env
            .get_template(&file)
            .map_err(|e| template_error(name, &e, None))?;
        let mut out = Capped {
            buf: Vec::new(),
            over: false,
        };
        let rendered = tpl.render_captured_to(Value::from(minijinja::value::Serde(data)), &mut out);
        if out.over {
            return Err(RenderError::Template {
                template: name.to_string(),
                line: None,
                message: format!(
                    "the text it produced is larger than {} MiB (a loop too long?)",
                    MAX_MARKUP_BYTES >> 20
                ),
            });
        }
        rendered.map_err(|e| template_error(name, &e, Some((&self.env, data))))?;
        // minijinja writes whole `str`s: the bytes are UTF-8.
        String::from_utf8(out.buf).map_err(|e| RenderError::Template {
            template: name.to_string(),
            line: None,
            message: format!("the output is not UTF-8: {e}"),
        })
    }
}

/// The rendered markup, refused past [`MAX_MARKUP_BYTES`].
struct Capped {
    buf: Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + b.len() > MAX_MARKUP_BYTES {
            self.over = true;
            return Err(std::io::Error::other("output too large"));
        }
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The fields of the data that `expr` uses and the data lacks: the top-level names
/// of the expression the template leaves undeclared (not loop variables, not set
/// there) that are not keys of `data`.
fn missing_fields(
    env: &Environment<'static>,
    template: Option<&str>,
    expr: &str,
    data: &serde_json::Value,
) -> Vec<String> {
    let Some(tpl) = template.and_then(|t| env.get_template(t).ok()) else {
        return Vec::new();
    };
    let undeclared = tpl.undeclared_variables(false);
    let mut out: Vec<String> = Vec::new();
    let mut rest = expr;
    let mut prev = ' ';
    while let Some(c) = rest.chars().next() {
        if c == '"' || c == '\'' {
            // Skip a string literal.
            let end = rest[1..].find(c).map_or(rest.len(), |i| i + 2);
            rest = &rest[end..];
            prev = c;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let word = &rest[..end];
            let attribute_or_filter = prev == '.' || prev == '|';
            if !attribute_or_filter
                && undeclared.contains(word)
                && data.get(word).is_none()
                && env.globals().all(|(g, _)| g != word)
                && !out.iter().any(|w| w == word)
            {
                out.push(word.to_string());
            }
            rest = &rest[end..];
            prev = 'a';
        } else {
            if !c.is_whitespace() {
                prev = c;
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// One line for a template error: template, line, the field or expression, the problem.
fn template_error(
    name: &str,
    e: &Error,
    env_data: Option<(&Environment<'static>, &serde_json::Value)>,
) -> RenderError {
    // An error inside an included template arrives wrapped: report the innermost.
    let mut e = e;
    while let Some(inner) = std::error::Error::source(e).and_then(|s| s.downcast_ref::<Error>()) {
        e = inner;
    }
    let template = e
        .name()
        .and_then(|n| n.strip_suffix(".jinja"))
        .unwrap_or(name)
        .to_string();
    let expr = match (e.template_source(), e.range()) {
        (Some(src), Some(r)) => src.get(r).map(|s| {
            s.trim_matches(|c: char| {
                c == '{' || c == '}' || c == '%' || c == '-' || c.is_whitespace()
            })
            // An expression may span lines: the message is one line.
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
        }),
        _ => None,
    }
    .filter(|s| !s.is_empty());
    let detail = e.detail().map(str::to_string);
    let message = match e.kind() {
        ErrorKind::UndefinedError => {
            // A whole expression (`"dated " ~ letter_date ~ ...`) names the field
            // poorly: name the fields of it that the data lacks.
            let simple = |x: &str| {
                x.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
            };
            let fields = match (&expr, env_data) {
                (Some(x), Some((env, data))) if !simple(x) => {
                    missing_fields(env, e.name(), x, data)
                }
                _ => Vec::new(),
            };
            match (&expr, fields.as_slice()) {
                (_, [f]) => format!("missing field `{f}` in the data"),
                (_, [_, ..]) => format!(
                    "missing fields {} in the data",
                    fields
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                (Some(x), []) => format!("missing field `{x}` in the data"),
                (None, []) => "missing field in the data".to_string(),
            }
        }
        ErrorKind::SyntaxError => format!("syntax error: {}", detail.unwrap_or_default()),
        ErrorKind::OutOfFuel => {
            format!("template stopped: it ran more than {FUEL} steps or built too much text (a loop too long, or a string too large?)")
        }
        ErrorKind::TemplateNotFound => {
            format!(
                "includes, imports or extends a template that does not exist: {} (templates are looked up by name among the embedded ones and those of the --templates folder, never elsewhere)",
                detail.unwrap_or_default()
            )
        }
        _ if detail.as_deref() == Some("recursion limit exceeded") => format!(
            "includes or macro calls nested more than {MAX_NESTING} deep (a template that includes itself, or a macro that calls itself without end?)"
        ),
        _ => {
            let d = detail.unwrap_or_else(|| e.kind().to_string());
            match &expr {
                Some(x) => format!("`{x}`: {d}"),
                None => d,
            }
        }
    };
    RenderError::Template {
        template,
        line: e.line(),
        // minijinja's details are one line today; keep it so whatever they become.
        message: message.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_un_style() {
        assert_eq!(un_date("2016-12-22"), "22 December 2016");
        assert_eq!(un_date("2026-03-05T10:00:00"), "5 March 2026");
        assert_eq!(un_date("next week"), "next week");
        assert_eq!(un_date("2016-13-22"), "2016-13-22");
        assert_eq!(
            months_later(Value::from("2026-09-12"), 6).unwrap(),
            "March 2027"
        );
        assert!(months_later(Value::from("soon"), 6).is_err());
    }
}
