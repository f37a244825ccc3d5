//! Applying the published JSON Schema and explaining its errors in plain words.
//!
//! The schema's root is a `oneOf` over the five record kinds. A validator of
//! that root reports any mistake inside a record as "not valid under any of
//! the schemas listed in oneOf", which helps nobody. So the loader reads the
//! record's top-level key first and validates against that kind's branch of
//! the same published schema (the root with its `oneOf` narrowed to one
//! entry): the rules applied are still exactly the schema's.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Span};

/// The record kinds, as their top-level keys: the codes of
/// `accord_model::RecordKind`, in its order (a test checks).
pub const RECORD_KINDS: [&str; 5] = ["party", "person", "agreement", "source", "occasion"];

struct Validators {
    schema: Value,
    by_kind: HashMap<&'static str, Validator>,
}

fn validators() -> &'static Result<Validators, String> {
    static VALIDATORS: OnceLock<Result<Validators, String>> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        let schema = accord_model::schema();
        let branches = schema["oneOf"].as_array().cloned().unwrap_or_default();
        let mut by_kind = HashMap::new();
        for kind in RECORD_KINDS {
            let branch = branches
                .iter()
                .find(|b| b["required"][0] == kind)
                .ok_or_else(|| format!("the schema has no `{kind}` record"))?;
            // The root with its `oneOf` replaced by the one branch's keywords.
            let mut narrowed = schema.clone();
            if let (Some(root), Some(branch)) = (narrowed.as_object_mut(), branch.as_object()) {
                root.remove("oneOf");
                root.extend(branch.clone());
            }
            let validator = jsonschema::validator_for(&narrowed).map_err(|e| e.to_string())?;
            by_kind.insert(kind, validator);
        }
        Ok(Validators { schema, by_kind })
    })
}

/// Validates a document whose top-level key is `kind`, returning one
/// diagnostic per root cause.
pub fn check(
    file: &Path,
    kind: &str,
    value: &Value,
    spans: &crate::parse::LazySpans<'_>,
) -> Result<Vec<Diagnostic>, String> {
    let validators = validators().as_ref().map_err(Clone::clone)?;
    let Some(validator) = validators.by_kind.get(kind) else {
        return Err(format!("no validator for `{kind}`"));
    };
    // Most files are valid: a yes/no check is much cheaper than collecting errors.
    if validator.is_valid(value) {
        return Ok(Vec::new());
    }
    let spans = spans.get();
    let mut explained: Vec<(Diagnostic, Option<String>)> = Vec::new();
    for error in validator.iter_errors(value) {
        let mut simplest = Vec::new();
        most_specific(error, &mut simplest);
        for error in simplest {
            explained.extend(explain(file, &error, &validators.schema, &spans, value));
        }
    }
    // One root cause, one error: a misspelt required field is reported as
    // the unknown field, with the suggestion, and not also as missing.
    // Sets, not lists: a file may hold a hundred thousand unknown fields,
    // and searching a list for each made the check quadratic.
    let keys_of = |code: Code| -> std::collections::HashSet<String> {
        explained
            .iter()
            .filter(|(d, _)| d.code == code)
            .filter_map(|(_, key)| key.clone())
            .collect()
    };
    let misspelt = keys_of(Code::UnknownField);
    let missing = keys_of(Code::MissingField);
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut seen: std::collections::HashSet<(Option<(usize, usize)>, String)> =
        std::collections::HashSet::new();
    for (mut diagnostic, key) in explained {
        let in_set =
            |set: &std::collections::HashSet<String>| key.as_ref().is_some_and(|k| set.contains(k));
        if diagnostic.code == Code::MissingField && in_set(&misspelt) {
            continue;
        }
        if diagnostic.code == Code::UnknownField
            && in_set(&missing)
            && let Some(hint) = &mut diagnostic.hint
        {
            hint.push_str(" (it is required)");
        }
        // The same place with the same message once.
        let place = diagnostic.span.map(|s| (s.start.offset, s.end.offset));
        if seen.insert((place, diagnostic.message.clone())) {
            out.push(diagnostic);
        }
    }
    out.sort_by_key(|d| d.span.map(|s| s.start.offset));
    Ok(out)
}

/// For `anyOf`/`oneOf` failures, descends into the branch that got furthest:
/// `anyOf [Subdivision, null]` failing on `CN-XX` is about the subdivision,
/// not about null.
fn most_specific(error: ValidationError<'_>, out: &mut Vec<ValidationError<'static>>) {
    let error = error.to_owned();
    let base = error.instance_path().as_str().len();
    let pick = match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            choose_branch(context, base)
        }
        _ => None,
    };
    let Some(index) = pick else {
        out.push(error);
        return;
    };
    if let ValidationErrorKind::AnyOf { mut context }
    | ValidationErrorKind::OneOfNotValid { mut context } = error.into_parts().kind
    {
        for inner in context.swap_remove(index) {
            most_specific(inner, out);
        }
    }
}

/// The branch worth descending into: the only one that failed for a reason
/// other than its type. `None` keeps the error whole, as for a `oneOf` of
/// constants (a vocabulary), reported with its values.
fn choose_branch(context: &[Vec<ValidationError<'static>>], base: usize) -> Option<usize> {
    let all_constants = context.iter().all(|branch| {
        branch.len() == 1 && matches!(branch[0].kind(), ValidationErrorKind::Constant { .. })
    });
    if all_constants {
        return None;
    }
    let is_type_only = |branch: &Vec<ValidationError<'static>>| {
        branch.len() == 1
            && matches!(branch[0].kind(), ValidationErrorKind::Type { .. })
            && branch[0].instance_path().as_str().len() == base
    };
    let candidates: Vec<usize> = (0..context.len())
        .filter(|&i| !is_type_only(&context[i]))
        .collect();
    if let [only] = candidates[..] {
        return Some(only);
    }
    // A branch whose every error lies inside the value got further than
    // one that refused the value itself: the long form `{value, inferred}`
    // failing inside is about the long form, not about the bare value.
    let refuses_the_value = |e: &ValidationError<'static>| {
        e.instance_path().as_str().len() == base
            && matches!(
                e.kind(),
                ValidationErrorKind::Type { .. }
                    | ValidationErrorKind::Enum { .. }
                    | ValidationErrorKind::Constant { .. }
                    | ValidationErrorKind::Pattern { .. }
                    | ValidationErrorKind::MinLength { .. }
                    | ValidationErrorKind::MaxLength { .. }
                    | ValidationErrorKind::OneOfNotValid { .. }
                    | ValidationErrorKind::Required { .. }
                    | ValidationErrorKind::AdditionalProperties { .. }
            )
    };
    let deeper: Vec<usize> = candidates
        .into_iter()
        .filter(|&i| !context[i].iter().any(refuses_the_value))
        .collect();
    match deeper[..] {
        [only] => Some(only),
        _ => None,
    }
}

fn span_at(spans: &crate::parse::Positions<'_>, pointer: &str) -> Option<Span> {
    spans.get(pointer).map(|s| s.value)
}

fn schema_node<'a>(schema: &'a Value, location: &str) -> Option<&'a Value> {
    let mut node = schema.pointer(location)?;
    // Follow a `$ref` so callers see the definition.
    while let Some(target) = node.get("$ref").and_then(Value::as_str) {
        node = schema.pointer(target.strip_prefix('#')?)?;
    }
    Some(node)
}

/// Explains one schema error. Each diagnostic comes with a key naming the
/// field it is about (`pointer` and field name) for unknown fields (the
/// suggested name) and missing fields, so that the two can be paired.
fn explain(
    file: &Path,
    error: &ValidationError<'_>,
    schema: &Value,
    spans: &crate::parse::Positions<'_>,
    root: &Value,
) -> Vec<(Diagnostic, Option<String>)> {
    let pointer = error.instance_path().as_str();
    let unescape = |segment: &str| segment.replace("~1", "/").replace("~0", "~");
    // The value of a fact's long form (`country: {value: SW, inferred: …}`)
    // is named after the fact, not after the key `value`.
    let named_pointer = match pointer.rsplit_once('/') {
        Some((parent, "value"))
            if root
                .pointer(parent)
                .and_then(Value::as_object)
                .is_some_and(|m| {
                    ["inferred", "outside_knowledge", "as_stated", "month_day"]
                        .iter()
                        .any(|k| m.contains_key(*k))
                }) =>
        {
            parent
        }
        _ => pointer,
    };
    let mut segments = named_pointer.rsplit('/');
    let field = unescape(segments.next().unwrap_or_default());
    // How messages name the place: `kind`, or item 2 of `sectors` for an
    // entry of a list (whose own name is only its index).
    let in_list = named_pointer
        .rsplit_once('/')
        .and_then(|(parent, _)| root.pointer(parent))
        .is_some_and(Value::is_array);
    let named = match (field.parse::<usize>(), segments.next()) {
        (Ok(index), Some(list)) if in_list && !list.is_empty() => {
            format!("item {} of `{}`", index + 1, unescape(list))
        }
        _ => format!("`{field}`"),
    };
    let at = span_at(spans, pointer);
    let schema_path = error.schema_path().as_str();
    let keyword_parent = schema_path
        .rsplit_once('/')
        .map_or("", |(parent, _)| parent);
    let instance = error.instance();
    let diagnostic = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<String> = resolve_parent(schema, keyword_parent)
                .and_then(|node| node.get("properties"))
                .and_then(Value::as_object)
                .map(|props| props.keys().cloned().collect())
                .unwrap_or_default();
            return unexpected
                .iter()
                .map(|name| {
                    let key_pointer = format!("{pointer}/{}", crate::parse::escape_segment(name));
                    let span = spans.get(&key_pointer).and_then(|s| s.key).or(at);
                    let mut d = Diagnostic::new(
                        Code::UnknownField,
                        file,
                        span,
                        format!("unknown field `{name}`"),
                    );
                    let best = crate::suggest::nearest(name, &allowed);
                    d.hint = Some(match &best {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("allowed fields here: {}", backticked(&allowed)),
                    });
                    (d, best.map(|b| format!("{pointer}\u{0}{b}")))
                })
                .collect();
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let span = spans.get(pointer).map(|s| s.key.unwrap_or(s.value));
            let description = resolve_parent(schema, keyword_parent)
                .and_then(|node| node.pointer(&format!("/properties/{name}/description")))
                .and_then(Value::as_str)
                .map(first_sentence);
            let mut d = Diagnostic::new(
                Code::MissingField,
                file,
                span,
                format!("missing field `{name}`"),
            );
            d.hint = Some(match description {
                Some(text) => format!("add `{name}`: {text}"),
                None => format!("add `{name}`"),
            });
            return vec![(d, Some(format!("{pointer}\u{0}{name}")))];
        }
        ValidationErrorKind::Type { kind } => {
            let expected = type_name(kind);
            Diagnostic::new(
                Code::WrongType,
                file,
                at,
                format!(
                    "{named} should be {}, not {}",
                    type_words(&expected),
                    json_type(instance)
                ),
            )
            .with_hint(type_hint(&expected, instance))
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            let describe = || meanings(schema, keyword_parent);
            unknown_value(file, at, (&field, &named), instance, &allowed, describe)
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context }
            if !context.is_empty()
                && context.iter().all(|branch| {
                    branch.len() == 1
                        && matches!(branch[0].kind(), ValidationErrorKind::Required { .. })
                }) =>
        {
            // A mapping that needs one of several keys, such as outside
            // knowledge's `source` or `reference`, or a participant's
            // `role` or `roles`.
            let names: Vec<String> = context
                .iter()
                .filter_map(|branch| match branch[0].kind() {
                    ValidationErrorKind::Required { property } => {
                        property.as_str().map(|p| format!("`{p}`"))
                    }
                    _ => None,
                })
                .collect();
            let span = spans.get(pointer).map(|s| s.key.unwrap_or(s.value));
            Diagnostic::new(
                Code::MissingField,
                file,
                span,
                format!("{named} needs {}", names.join(" or ")),
            )
            .with_hint(
                match (
                    matches!(error.kind(), ValidationErrorKind::OneOfNotValid { .. }),
                    exclusive_keys(resolve_parent(schema, keyword_parent)),
                ) {
                    // Exactly one of the keys: say what each is for.
                    (true, Some(keys)) => format!(
                        "add one of them: {}",
                        key_meanings(schema, keyword_parent, &keys)
                    ),
                    _ => match parent_description(schema, keyword_parent) {
                        Some(text) => format!("add one: {}", lower_first(&text)),
                        None => "add one of them".to_owned(),
                    },
                },
            )
        }
        ValidationErrorKind::OneOfMultipleValid { .. }
            if exclusive_keys(resolve_parent(schema, keyword_parent)).is_some_and(|keys| {
                keys.iter()
                    .filter(|k| instance.get(k.as_str()).is_some())
                    .count()
                    > 1
            }) =>
        {
            // A mapping that takes exactly one of several keys and has more,
            // such as a participant with both `role` and `roles`.
            let keys = exclusive_keys(resolve_parent(schema, keyword_parent)).unwrap_or_default();
            let given: Vec<&String> = keys
                .iter()
                .filter(|k| instance.get(k.as_str()).is_some())
                .collect();
            let span = given
                .last()
                .and_then(|k| spans.get(&format!("{pointer}/{k}")))
                .map(|s| s.key.unwrap_or(s.value))
                .or(at);
            let names: Vec<String> = given.iter().map(|k| format!("`{k}`")).collect();
            Diagnostic::new(
                Code::InvalidValue,
                file,
                span,
                format!("{named} gives both {}", names.join(" and ")),
            )
            .with_hint(format!(
                "keep one of them: {}",
                key_meanings(schema, keyword_parent, &keys)
            ))
        }
        ValidationErrorKind::Not { .. }
            if instance.get("inferred").is_some()
                && instance.get("outside_knowledge").is_some() =>
        {
            let span = spans
                .get(&format!("{pointer}/outside_knowledge"))
                .map(|s| s.key.unwrap_or(s.value))
                .or(at);
            Diagnostic::new(
                Code::InvalidValue,
                file,
                span,
                format!("{named} is marked both `inferred` and `outside_knowledge`"),
            )
            .with_hint("a fact is known one way: keep the mark that is true and remove the other")
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context }
            if context.iter().all(|branch| {
                branch.len() == 1 && matches!(branch[0].kind(), ValidationErrorKind::Type { .. })
            }) =>
        {
            // Every form failed on its type: say which types would do.
            let expected: Vec<String> = context
                .iter()
                .filter_map(|branch| match branch[0].kind() {
                    ValidationErrorKind::Type { kind } => Some(type_name(kind)),
                    _ => None,
                })
                .collect();
            let words: Vec<String> = expected.iter().map(|t| type_words(t)).collect();
            Diagnostic::new(
                Code::WrongType,
                file,
                at,
                format!(
                    "{named} should be {}, not {}",
                    words.join(" or "),
                    json_type(instance)
                ),
            )
            .with_hint(type_hint(
                expected.first().map_or("string", String::as_str),
                instance,
            ))
        }
        ValidationErrorKind::OneOfNotValid { context } => {
            let allowed: Vec<String> = context
                .iter()
                .flatten()
                .filter_map(|e| match e.kind() {
                    ValidationErrorKind::Constant { expected_value } => {
                        expected_value.as_str().map(str::to_owned)
                    }
                    _ => None,
                })
                .collect();
            if allowed.is_empty() {
                Diagnostic::new(
                    Code::InvalidValue,
                    file,
                    at,
                    format!("{named} does not match any allowed form"),
                )
                .with_hint(match parent_description(schema, keyword_parent) {
                    Some(text) => format!("expected {}", lower_first(&text)),
                    None => "see the schema for what this field accepts".to_owned(),
                })
            } else {
                let describe = || meanings(schema, keyword_parent);
                unknown_value(file, at, (&field, &named), instance, &allowed, describe)
            }
        }
        ValidationErrorKind::Pattern { .. } => {
            let description = parent_description(schema, keyword_parent);
            let mut d = Diagnostic::new(
                Code::InvalidValue,
                file,
                at,
                if named.starts_with("item ") {
                    format!("`{}`, {named}, is not valid", short(instance))
                } else {
                    format!("`{}` is not a valid {named}", short(instance))
                },
            );
            d.hint = description.map(|text| format!("expected {}", lower_first(&text)));
            if let Some(text) = instance.as_str()
                && let Some(problem) = accord_model::text_problem(text)
            {
                d.message = format!("{named} {problem}");
                d.hint = Some(if problem.starts_with("holds") {
                    "remove that character: control characters and direction overrides are never part of a name or a sentence, and the briefing orders right-to-left text itself".to_owned()
                } else {
                    "write some visible text here, or leave the field out".to_owned()
                });
            }
            d
        }
        ValidationErrorKind::MinItems { limit } => {
            let have = instance.as_array().map_or(0, Vec::len);
            let more = usize::try_from(*limit)
                .unwrap_or(usize::MAX)
                .saturating_sub(have);
            Diagnostic::new(
                Code::InvalidValue,
                file,
                at,
                format!(
                    "{named} needs at least {limit} item{}",
                    if *limit == 1 { "" } else { "s" }
                ),
            )
            .with_hint(format!(
                "add {more} more item{} to the list",
                if more == 1 { "" } else { "s" }
            ))
        }
        _ => {
            let description = parent_description(schema, keyword_parent);
            let mut d = Diagnostic::new(Code::InvalidValue, file, at, format!("{named}: {error}"));
            d.hint = Some(match description {
                Some(text) => format!("expected {}", lower_first(&text)),
                None => "see the schema for what this field accepts".to_owned(),
            });
            d
        }
    };
    vec![(diagnostic, None)]
}

/// The first sentence of the description of the schema object that holds
/// the keyword at `location`, or of the nearest object around it when that
/// is one branch of an `anyOf` or `oneOf` (`/$defs/Amount/anyOf/1` is
/// described at `/$defs/Amount`).
/// Each key with the first sentence of its description: "`role`, the
/// role it plays, when it plays one; `roles`, …".
fn key_meanings(schema: &Value, location: &str, keys: &[String]) -> String {
    keys.iter()
        .map(|k| {
            match resolve_parent(schema, location)
                .and_then(|node| node.pointer(&format!("/properties/{k}/description")))
                .and_then(Value::as_str)
            {
                Some(text) => format!("`{k}`, {}", lower_first(&first_sentence(text))),
                None => format!("`{k}`"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The keys of a `oneOf` whose every branch only requires one key (`role`
/// or `roles`): the mapping takes exactly one of them.
fn exclusive_keys(node: Option<&Value>) -> Option<Vec<String>> {
    let branches = node?.get("oneOf")?.as_array()?;
    branches
        .iter()
        .map(|b| {
            let only_required = b
                .as_object()
                .is_some_and(|m| m.keys().all(|k| k == "required" || k == "description"));
            match b["required"].as_array() {
                Some(required) if only_required && required.len() == 1 => {
                    required[0].as_str().map(str::to_owned)
                }
                _ => None,
            }
        })
        .collect()
}

fn parent_description(schema: &Value, location: &str) -> Option<String> {
    let mut location = location;
    loop {
        if let Some(text) = resolve_parent(schema, location)
            // A type's own description is its `$comment`: the published
            // schema keeps `description` for keys, as editors show it.
            .and_then(|node| node.get("description").or_else(|| node.get("$comment")))
            .and_then(Value::as_str)
        {
            return Some(first_sentence(text));
        }
        let (rest, index) = location.rsplit_once('/')?;
        let (outer, keyword) = rest.rsplit_once('/')?;
        if !(index.parse::<usize>().is_ok() && matches!(keyword, "anyOf" | "oneOf" | "allOf")) {
            return None;
        }
        location = outer;
    }
}

/// The schema object that holds the keyword at `location`, following refs.
fn resolve_parent<'a>(schema: &'a Value, location: &str) -> Option<&'a Value> {
    schema_node(schema, location)
}

fn unknown_value(
    file: &Path,
    at: Option<Span>,
    (field, named): (&str, &str),
    instance: &Value,
    allowed: &[String],
    describe: impl FnOnce() -> std::sync::Arc<Vec<Meaning>>,
) -> Diagnostic {
    let given = short(instance);
    let mut d = Diagnostic::new(
        Code::UnknownValue,
        file,
        at,
        if named.starts_with("item ") {
            format!("`{given}`, {named}, is not an allowed value")
        } else {
            format!("`{given}` is not an allowed {named}")
        },
    );
    let text = instance.as_str().unwrap_or_default();
    let trimmed = text.trim();
    if let Some(exact) = allowed.iter().find(|a| a.eq_ignore_ascii_case(trimmed)) {
        d.hint = Some(format!("write `{exact}`: values are case-sensitive"));
        return d;
    }
    if let Some((_, _, code)) = NAMES.iter().find(|(f, name, code)| {
        *f == field && name.eq_ignore_ascii_case(trimmed) && allowed.iter().any(|a| a == code)
    }) {
        d.hint = Some(if field == "currency" {
            format!(
                "`{given}` is a common name for the currency whose ISO 4217 code is `{code}`: \
                 write `{code}` here, and keep the source's wording in `as_stated`"
            )
        } else {
            format!("write `{code}`, the standard code for what `{given}` names")
        });
        return d;
    }
    // `United Kingdom` for `GB`, `oncology` for `radiotherapy`: the text
    // is a value's description, or words of it.
    if trimmed.chars().count() >= 3 {
        let needle = trimmed.to_lowercase();
        let meanings = describe();
        let same: Vec<&Meaning> = meanings.iter().filter(|m| m.lower == needle).collect();
        let by_words: Vec<&Meaning> = if same.is_empty() {
            meanings
                .iter()
                .filter(|m| holds_words(&m.lower, &needle))
                .collect()
        } else {
            same
        };
        match by_words.len() {
            0 => {}
            1..=3 => {
                d.hint = Some(format!(
                    "did you mean {}?",
                    by_words
                        .iter()
                        .map(|m| format!("`{}` ({})", m.value, first_sentence(&m.words)))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
                return d;
            }
            n => {
                d.hint = Some(format!(
                    "{n} allowed values are described with the words `{given}`: write the one meant (the schema lists them)"
                ));
                return d;
            }
        }
    }
    let mut close: Vec<&String> = allowed
        .iter()
        .filter(|a| crate::suggest::distance(&a.to_lowercase(), &text.to_lowercase()) <= 3)
        .collect();
    close.sort_by_key(|a| crate::suggest::distance(&a.to_lowercase(), &text.to_lowercase()));
    close.truncate(3);
    d.hint = Some(if !close.is_empty() {
        format!(
            "did you mean {}?",
            close
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    } else if allowed.len() <= 12 {
        format!("allowed values: {}", backticked(allowed))
    } else {
        format!(
            "{} values are allowed; see the schema for the list",
            allowed.len()
        )
    });
    d
}

/// Whether `needle` occurs in `haystack` as whole words.
fn holds_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// An allowed value with the words that describe it.
struct Meaning {
    value: String,
    words: String,
    /// `words` in lower case, for matching.
    lower: String,
}

/// Each allowed value at `location` with the words that describe it: an
/// enum's `enumDescriptions`, or the description and title of each `const`
/// branch of a `oneOf`. Worked out once per location (subdivisions have
/// thousands) and kept.
fn meanings(schema: &Value, location: &str) -> std::sync::Arc<Vec<Meaning>> {
    type Cache = std::sync::Mutex<HashMap<String, std::sync::Arc<Vec<Meaning>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(location).cloned()) {
        return found;
    }
    let found = std::sync::Arc::new(read_meanings(schema, location));
    if let Ok(mut c) = cache.lock() {
        c.insert(location.to_owned(), found.clone());
    }
    found
}

fn read_meanings(schema: &Value, location: &str) -> Vec<Meaning> {
    let meaning = |value: &str, words: String| Meaning {
        value: value.to_owned(),
        lower: words.to_lowercase(),
        words,
    };
    let Some(node) = resolve_parent(schema, location) else {
        return Vec::new();
    };
    let as_strings = |key: &str| -> Vec<&str> {
        node.get(key)
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    };
    let (values, words) = (as_strings("enum"), as_strings("enumDescriptions"));
    if !values.is_empty() && values.len() == words.len() {
        return values
            .into_iter()
            .zip(words)
            .map(|(v, w)| meaning(v, w.to_owned()))
            .collect();
    }
    node.get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|branch| {
            let value = branch.get("const")?.as_str()?;
            let title = branch
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let description = branch
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default();
            Some(meaning(value, format!("{description} ({title})")))
        })
        .collect()
}

/// Other names for a field's values that sources use and that spelling
/// would not lead back to (`RMB` is nearer `RUB` than `CNY`): (field, name,
/// value), compared without regard to case.
const NAMES: &[(&str, &str, &str)] = &[
    ("country", "UK", "GB"),
    ("currency", "RMB", "CNY"),
    ("currency", "renminbi", "CNY"),
    ("currency", "yuan", "CNY"),
    ("currency", "NTD", "TWD"),
    ("currency", "NT$", "TWD"),
    ("currency", "STG", "GBP"),
    ("currency", "UKP", "GBP"),
    ("currency", "sterling", "GBP"),
    ("currency", "£", "GBP"),
    ("currency", "SFR", "CHF"),
    ("currency", "euro", "EUR"),
    ("currency", "euros", "EUR"),
    ("currency", "€", "EUR"),
    ("currency", "US$", "USD"),
];

fn backticked(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn short(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

fn first_sentence(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.find(". ") {
        Some(end) => joined[..end].to_owned(),
        None => joined.trim_end_matches('.').to_owned(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty (null)",
        Value::Bool(_) => "true/false",
        Value::Number(n) if n.is_f64() => "a number with a fraction",
        Value::Number(_) => "a whole number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// The JSON type a `type` error asked for, in lower case (`string`).
fn type_name(kind: &impl std::fmt::Debug) -> String {
    format!("{kind:?}")
        .to_lowercase()
        .replace("single(", "")
        .replace(')', "")
}

fn type_words(expected: &str) -> String {
    match expected {
        "string" => "text".to_owned(),
        "array" => "a list".to_owned(),
        "object" => "a mapping of fields".to_owned(),
        "integer" => "a whole number".to_owned(),
        "number" => "a number".to_owned(),
        "boolean" => "`true` or `false`".to_owned(),
        "null" => "empty".to_owned(),
        other => other.to_owned(),
    }
}

fn type_hint(expected: &str, instance: &Value) -> String {
    match (expected, instance) {
        ("string", Value::Number(_) | Value::Bool(_)) => {
            "put the value in quotes, such as \"2018\", so it is read as text".to_owned()
        }
        ("array", _) => "write a list: one `- item` per line".to_owned(),
        ("object", _) => "write the fields indented under this key".to_owned(),
        _ => format!("write {} here", type_words(expected)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_record_kinds_are_the_model_s() {
        use accord_model::{RecordKind, Vocabulary};
        let codes: Vec<&str> = RecordKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(super::RECORD_KINDS.to_vec(), codes);
    }
}
