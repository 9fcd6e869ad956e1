//! Which exercise each function of a student file belongs to, read with
//! `syn`: a stub function whose body says `todo!("labN exercise K …")` is
//! exercise K's. The walk that models a student (the functions of exercises
//! 1 to K written, every later one still its stub) builds its files with
//! [`compose`].

use std::collections::BTreeMap;
use std::ops::Range;

use quote::ToTokens;
use syn::spanned::Spanned;

/// A function item of a file: a free function, a method, a trait's provided
/// method or a `macro_rules!` macro, at any depth of inline modules.
#[derive(Debug)]
pub struct Function {
    /// Where it is: `name`, `module::name`, `impl Drop for Transfer::drop`,
    /// or `macro_rules! slot`.
    pub path: String,
    /// Its bytes in the file, doc comments and attributes included.
    pub span: Range<usize>,
    /// Its code's lines (1-based), from `fn` or `macro_rules!` to the closing
    /// brace, without the doc comments above.
    pub code_lines: std::ops::RangeInclusive<usize>,
    /// The lowest K of the `<lab> exercise K` its text mentions.
    pub exercise: Option<usize>,
}

/// Every function item of `source`, in file order. Functions inside function
/// bodies are part of their enclosing function.
pub fn functions(source: &str, lab: &str) -> Result<Vec<Function>, String> {
    let file = syn::parse_file(source).map_err(|e| format!("line {}: {e}", e.span().start().line))?;
    let mut found = Vec::new();
    collect(&file.items, "", source, lab, &mut found);
    Ok(found)
}

fn collect(items: &[syn::Item], prefix: &str, source: &str, lab: &str, found: &mut Vec<Function>) {
    let push = |found: &mut Vec<Function>, path: String, span: proc_macro2::Span, code: proc_macro2::Span| {
        let span = span.byte_range();
        let exercise = first_exercise(&source[span.clone()], lab);
        let code_lines = code.start().line..=code.end().line;
        found.push(Function { path, span, code_lines, exercise });
    };
    let code_of = |sig: &syn::Signature, body: proc_macro2::Span| sig.span().join(body).unwrap_or(body);
    for item in items {
        match item {
            syn::Item::Fn(f) => {
                push(found, format!("{prefix}{}", f.sig.ident), f.span(), code_of(&f.sig, f.block.span()))
            }
            syn::Item::Macro(m) if m.mac.path.is_ident("macro_rules") => {
                if let Some(name) = &m.ident {
                    let code = m.mac.path.span().join(m.mac.delimiter.span().join()).unwrap_or(m.span());
                    push(found, format!("{prefix}macro_rules! {name}"), m.span(), code);
                }
            }
            syn::Item::Impl(block) => {
                let trait_part = block
                    .trait_
                    .as_ref()
                    .map(|(_, path, _)| format!("{} for ", path.to_token_stream()))
                    .unwrap_or_default();
                let owner = format!("{prefix}impl {trait_part}{}::", block.self_ty.to_token_stream());
                for member in &block.items {
                    if let syn::ImplItem::Fn(f) = member {
                        push(
                            found,
                            format!("{owner}{}", f.sig.ident),
                            f.span(),
                            code_of(&f.sig, f.block.span()),
                        );
                    }
                }
            }
            syn::Item::Trait(t) => {
                for member in &t.items {
                    if let syn::TraitItem::Fn(f) = member
                        && let Some(body) = &f.default
                    {
                        let path = format!("{prefix}trait {}::{}", t.ident, f.sig.ident);
                        push(found, path, f.span(), code_of(&f.sig, body.span()));
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect(inner, &format!("{prefix}{}::", m.ident), source, lab, found);
                }
            }
            _ => {}
        }
    }
}

/// The lowest K of the `<lab> exercise K` mentions in `text`.
pub fn first_exercise(text: &str, lab: &str) -> Option<usize> {
    let needle = format!("{lab} exercise ");
    text.match_indices(&needle)
        .filter_map(|(at, _)| {
            let digits: String = text[at + needle.len()..].chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .min()
}

/// The student's file when the functions of exercises 1 to `upto` are
/// written and every later one is still its stub: the reference answer, with
/// each function that the stub gives to a later exercise put back as the
/// stub has it. A stub function of an exercise that the answer lacks is an
/// error: the walk could not model that student.
pub fn compose(answer: &str, stub: &str, lab: &str, upto: usize) -> Result<String, String> {
    let later: BTreeMap<String, &str> = functions(stub, lab)
        .map_err(|e| format!("the stub: {e}"))?
        .into_iter()
        .filter(|f| f.exercise.is_some_and(|k| k > upto))
        .map(|f| (f.path, &stub[f.span]))
        .collect();
    let in_answer = functions(answer, lab).map_err(|e| format!("the answer: {e}"))?;
    if let Some(missing) = later.keys().find(|path| !in_answer.iter().any(|f| &f.path == *path)) {
        return Err(format!("the stub's `{missing}` has no function of the same name in the answer"));
    }
    let mut composed = String::with_capacity(answer.len());
    let mut at = 0;
    for function in in_answer {
        if let Some(stub_text) = later.get(&function.path) {
            composed.push_str(&answer[at..function.span.start]);
            composed.push_str(stub_text);
            at = function.span.end;
        }
    }
    composed.push_str(&answer[at..]);
    Ok(composed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STUB: &str = r#"//! A student file.
/// Starts it.
pub fn start() -> u32 {
    todo!("lab5 exercise 2: start")
}

struct Transfer;

impl Drop for Transfer {
    fn drop(&mut self) {
        todo!("lab5 exercise 3: wait for the device")
    }
}

mod inner {
    pub fn given() -> u32 { 7 }
}
"#;

    const ANSWER: &str = r#"//! A student file.
/// Starts it.
pub fn start() -> u32 {
    helper() + 1
}

fn helper() -> u32 { 41 }

struct Transfer;

impl Drop for Transfer {
    fn drop(&mut self) {
        while busy() {}
    }
}

mod inner {
    pub fn given() -> u32 { 7 }
}
"#;

    #[test]
    fn every_function_has_its_path_and_exercise() {
        let found = functions(STUB, "lab5").unwrap();
        let seen: Vec<(&str, Option<usize>)> = found.iter().map(|f| (f.path.as_str(), f.exercise)).collect();
        assert_eq!(
            seen,
            [("start", Some(2)), ("impl Drop for Transfer::drop", Some(3)), ("inner::given", None)]
        );
        assert!(STUB[found[0].span.clone()].starts_with("/// Starts it."));
    }

    #[test]
    fn macros_count_and_code_lines_leave_out_the_doc_comment() {
        let source =
            "/// Makes a slot.\nmacro_rules! slot {\n    () => { todo!(\"lab7 exercise 2: x\") };\n}\n";
        let found = functions(source, "lab7").unwrap();
        assert_eq!((found[0].path.as_str(), found[0].exercise), ("macro_rules! slot", Some(2)));
        assert_eq!(found[0].code_lines, 2..=4);
        let start = &functions(STUB, "lab5").unwrap()[0];
        assert_eq!(start.code_lines, 3..=5, "from `pub fn start` to its brace");
    }

    #[test]
    fn later_exercises_stay_stubs() {
        let at_two = compose(ANSWER, STUB, "lab5", 2).unwrap();
        assert!(at_two.contains("helper() + 1"), "exercise 2's function is the answer's");
        assert!(at_two.contains("todo!(\"lab5 exercise 3"), "exercise 3's function is the stub's");
        assert!(!at_two.contains("while busy()"));
        assert_eq!(compose(ANSWER, STUB, "lab5", 3).unwrap(), ANSWER);
    }

    #[test]
    fn an_answer_without_the_stubs_function_is_refused() {
        let renamed = ANSWER.replace("fn drop(&mut self)", "fn dropped(&mut self)");
        let err = compose(&renamed, STUB, "lab5", 2).unwrap_err();
        assert!(err.contains("impl Drop for Transfer::drop"), "{err}");
    }

    #[test]
    fn the_lowest_mention_wins() {
        let stub = r#"todo!("lab8 exercise 2: weak"); todo!("lab8 exercise 1: new"); // lab80 exercise 0"#;
        assert_eq!(first_exercise(stub, "lab8"), Some(1));
        assert_eq!(first_exercise("todo!()", "lab8"), None);
    }
}
