//! mdBook's `{{#include …}}`-like directives in raw text. mdBook expands
//! them before any Markdown is read (inside code spans and blocks too),
//! with `{{` optional blanks `#name`, blanks, and anything but `}` up to
//! `}}`; a backslash right before `{{#` escapes the directive.

/// The directives that bring a file's text into the page.
const INCLUDING: [&str; 3] = ["include", "rustdoc_include", "playground"];

/// Each unescaped including directive in `text`: its byte offset, its name
/// and its target (trimmed). An escape covers only its own directive:
/// mdBook 0.4.52's escape also swallows later directives on the same line,
/// which are counted here all the same.
pub fn find(text: &str) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("{{") {
        if text[..at].ends_with('\\') && text[at + 2..].starts_with('#') {
            continue;
        }
        let rest = text[at + 2..].trim_start();
        let Some(rest) = rest.strip_prefix('#') else { continue };
        let name_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_end);
        if !INCLUDING.contains(&name) || !after.starts_with(char::is_whitespace) {
            continue;
        }
        let Some(close) = after.find('}') else { continue };
        if after[close..].starts_with("}}") && !after[..close].trim().is_empty() {
            found.push((at, name.to_string(), after[..close].trim().to_string()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_as_mdbook_does() {
        let text = "a {{#include x.rs:one}} b {{ #rustdoc_include y.rs }}\n\\{{#include z.rs}} {{#title T}} {{#include}}";
        let found: Vec<(String, String)> = find(text).into_iter().map(|(_, n, t)| (n, t)).collect();
        assert_eq!(found, [("include".into(), "x.rs:one".into()), ("rustdoc_include".into(), "y.rs".into())]);
        assert_eq!(find("x \\{{#include a.rs}} {{#include b.rs:k}}")[0].2, "b.rs:k");
    }
}
