//! mdbook-admonish's info string: `admonish note collapsible=true title="…"`.

/// The kind and the `key=value` attributes after `admonish`, or `None`
/// when the info string does not open an admonition.
pub fn attributes(info: &str) -> Option<(String, Vec<(String, String)>)> {
    let rest = info.strip_prefix("admonish")?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let mut words = Vec::new();
    let mut rest = rest.trim_start();
    while !rest.is_empty() {
        let end = match rest.find(['=', ' ', '\t']) {
            Some(at) if rest[at..].starts_with("=\"") => {
                rest[at + 2..].find('"').map_or(rest.len(), |close| at + 2 + close + 1)
            }
            Some(_) => rest.find([' ', '\t']).unwrap_or(rest.len()),
            None => rest.len(),
        };
        words.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    let kind = match words.first() {
        Some(first) if !first.contains('=') => words.remove(0).split('.').next().unwrap_or("").to_string(),
        _ => String::new(),
    };
    let pairs = words
        .iter()
        .filter_map(|word| word.split_once('='))
        .map(|(key, value)| (key.to_string(), value.trim_matches('"').to_string()))
        .collect();
    Some((kind, pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kind_and_quoted_attributes() {
        let (kind, pairs) =
            attributes("admonish note collapsible=true title=\"Speaker notes: a = b\"").unwrap();
        assert_eq!(kind, "note");
        assert_eq!(
            pairs,
            [("collapsible".into(), "true".into()), ("title".into(), "Speaker notes: a = b".into())]
        );
        assert_eq!(attributes("admonish"), Some((String::new(), vec![])));
        assert_eq!(attributes("admonishment"), None);
        assert_eq!(attributes("rust"), None);
    }
}
