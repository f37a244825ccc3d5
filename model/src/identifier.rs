//! Registry identifiers of organisations: their schemes, the form each
//! scheme's identifiers take (checked identically by serde and the JSON
//! Schema), and their check characters (checked by ingest, which reports a
//! failure at the identifier).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

use crate::Vocabulary;

/// An identifier of a party in a public register, such as its LEI.
///
/// ```yaml
/// identifiers:
///   - scheme: lei
///     id: 5493001KJTIIGC8Y1R12
///   - scheme: wikidata
///     id: Q312
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Identifier {
    /// The register the identifier comes from.
    pub scheme: IdentifierScheme,
    /// The identifier exactly as the register writes it (upper case, no
    /// spaces); its form depends on the scheme.
    pub id: String,
}

/// The register an identifier comes from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum IdentifierScheme {
    /// A Legal Entity Identifier (ISO 17442), as GLEIF publishes it: 20
    /// letters and digits, the last two check digits (ISO 7064 MOD 97-10).
    Lei,
    /// China's Unified Social Credit Code (GB 32100-2015): 18 characters
    /// from digits and the capital letters but I, O, S, V and Z; the last is
    /// a check character.
    Uscc,
    /// A company number of Companies House, the UK's register of companies:
    /// 8 digits, or a 2-letter prefix (`SC` Scotland, `NI` Northern Ireland,
    /// `OC` limited liability partnership …) and 6 digits.
    UkCompanyNumber,
    /// A Wikidata item id: `Q` and a number, such as `Q312`.
    Wikidata,
}

/// The characters of a Unified Social Credit Code, in the order of their
/// values (0 to 30): the digits and the capital letters but I, O, S, V, Z.
const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weights of the first 17 characters of a Unified Social Credit Code
/// (3^(i) mod 31, from GB 32100-2015).
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

impl IdentifierScheme {
    /// The regular expression an identifier of this scheme matches, as the
    /// JSON Schema gives it.
    pub fn pattern(self) -> &'static str {
        match self {
            IdentifierScheme::Lei => "^[0-9A-Z]{18}[0-9]{2}$",
            IdentifierScheme::Uscc => "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$",
            IdentifierScheme::UkCompanyNumber => "^([0-9]{8}|[A-Z]{2}[0-9]{6})$",
            IdentifierScheme::Wikidata => "^Q[1-9][0-9]*$",
        }
    }

    /// The form in words, for errors and the schema's descriptions.
    pub fn form(self) -> &'static str {
        match self {
            IdentifierScheme::Lei => "an LEI: 20 capital letters and digits, the last two digits",
            IdentifierScheme::Uscc => {
                "a Unified Social Credit Code: 18 characters, digits and capital letters but I, O, S, V and Z, with digits in places 3 to 8"
            }
            IdentifierScheme::UkCompanyNumber => {
                "a Companies House number: 8 digits, or 2 capital letters and 6 digits (such as `SC123456`)"
            }
            IdentifierScheme::Wikidata => "a Wikidata item id: `Q` and a number, such as `Q312`",
        }
    }

    /// Whether `id` has this scheme's form (the pattern, without a regex
    /// engine).
    pub fn fits(self, id: &str) -> bool {
        let b = id.as_bytes();
        let upper_or_digit = |c: &u8| c.is_ascii_digit() || c.is_ascii_uppercase();
        match self {
            IdentifierScheme::Lei => {
                b.len() == 20
                    && b[..18].iter().all(upper_or_digit)
                    && b[18..].iter().all(u8::is_ascii_digit)
            }
            IdentifierScheme::Uscc => {
                let in_alphabet = |c: &u8| USCC_ALPHABET.as_bytes().contains(c);
                b.len() == 18
                    && b[..2].iter().all(in_alphabet)
                    && b[2..8].iter().all(u8::is_ascii_digit)
                    && b[8..].iter().all(in_alphabet)
            }
            IdentifierScheme::UkCompanyNumber => {
                b.len() == 8
                    && (b.iter().all(u8::is_ascii_digit)
                        || (b[..2].iter().all(u8::is_ascii_uppercase)
                            && b[2..].iter().all(u8::is_ascii_digit)))
            }
            IdentifierScheme::Wikidata => {
                b.len() >= 2
                    && b[0] == b'Q'
                    && b[1] != b'0'
                    && b[1..].iter().all(u8::is_ascii_digit)
            }
        }
    }
}

impl Identifier {
    /// Checks the identifier's check characters, for the schemes that have
    /// them (LEI and Unified Social Credit Code); `Err` says what the check
    /// character should be. The form is assumed checked (deserialising
    /// does that).
    ///
    /// ```
    /// use accord_model::{Identifier, IdentifierScheme};
    ///
    /// let lei = Identifier { scheme: IdentifierScheme::Lei, id: "5493001KJTIIGC8Y1R12".into() };
    /// assert!(lei.check().is_ok());
    /// let slip = Identifier { scheme: IdentifierScheme::Lei, id: "5493001KJTIIGC8Y1R21".into() };
    /// assert!(slip.check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), CheckFailure> {
        match self.scheme {
            IdentifierScheme::Lei => match (mod97(&self.id), self.id.get(..18)) {
                (Some(1), _) | (None, _) | (_, None) => Ok(()),
                (Some(_), Some(body)) => Err(CheckFailure {
                    found: self.id.get(18..).unwrap_or_default().to_owned(),
                    expected: lei_check_digits(body).unwrap_or_default(),
                }),
            },
            IdentifierScheme::Uscc => match uscc_check_character(&self.id) {
                Some(expected) if self.id.get(17..) == Some(expected.encode_utf8(&mut [0; 4])) => {
                    Ok(())
                }
                Some(expected) => Err(CheckFailure {
                    found: self.id.get(17..).unwrap_or_default().to_owned(),
                    expected: expected.to_string(),
                }),
                None => Ok(()),
            },
            IdentifierScheme::UkCompanyNumber | IdentifierScheme::Wikidata => Ok(()),
        }
    }
}

/// Check characters that do not match the rest of an identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFailure {
    /// The check characters the identifier has.
    pub found: String,
    /// The check characters the rest of the identifier calls for.
    pub expected: String,
}

/// ISO 7064 MOD 97-10 on letters and digits: each letter is read as the
/// two-digit number 10 (A) to 35 (Z), and the whole string as one decimal
/// number, taken modulo 97 digit by digit. `None` for another character.
fn mod97(text: &str) -> Option<u32> {
    let mut rest = 0u32;
    for c in text.chars() {
        let value = c.to_digit(36)?;
        rest = if value < 10 {
            (rest * 10 + value) % 97
        } else {
            (rest * 100 + value) % 97
        };
    }
    Some(rest)
}

/// The two check digits of an LEI whose first 18 characters are `body`:
/// 98 minus the MOD 97-10 remainder of `body` followed by `00`.
fn lei_check_digits(body: &str) -> Option<String> {
    let rest = mod97(&format!("{body}00"))?;
    Some(format!("{:02}", 98 - rest))
}

/// The check character of a Unified Social Credit Code (its 18th), from
/// its first 17 characters: 31 minus the weighted sum of their values
/// modulo 31, where 31 is written `0`. `None` for a character outside the
/// code's alphabet or a code shorter than 17.
fn uscc_check_character(code: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut chars = code.chars();
    for weight in USCC_WEIGHTS {
        let value = USCC_ALPHABET.find(chars.next()?)?;
        sum += u32::try_from(value).ok()? * weight;
    }
    let check = (31 - sum % 31) % 31;
    USCC_ALPHABET.chars().nth(usize::try_from(check).ok()?)
}

impl<'de> Deserialize<'de> for Identifier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            scheme: IdentifierScheme,
            id: String,
        }
        let raw = Raw::deserialize(deserializer)?;
        if !raw.scheme.fits(&raw.id) {
            return Err(serde::de::Error::custom(format!(
                "`{}` is not {}",
                raw.id,
                raw.scheme.form()
            )));
        }
        Ok(Identifier {
            scheme: raw.scheme,
            id: raw.id,
        })
    }
}

impl JsonSchema for Identifier {
    fn schema_name() -> Cow<'static, str> {
        "Identifier".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut scheme = generator.subschema_for::<IdentifierScheme>();
        scheme.insert(
            "description".into(),
            "The register the identifier comes from.".into(),
        );
        let forms: Vec<serde_json::Value> = IdentifierScheme::ALL
            .iter()
            .map(|s| {
                serde_json::json!({
                    "if": {"properties": {"scheme": {"const": s.code(), "description": s.label()}}, "required": ["scheme"]},
                    "then": {"properties": {"id": {
                        "type": "string",
                        "pattern": s.pattern(),
                        "description": format!("The identifier as {}.", s.form()),
                    }}}
                })
            })
            .collect();
        json_schema!({
            "description": "An identifier of the party in a public register, such as its LEI.",
            "type": "object",
            "properties": {
                "scheme": scheme,
                "id": {
                    "type": "string",
                    "description": "The identifier exactly as the register writes it (upper case, no spaces); its form depends on the scheme."
                }
            },
            "required": ["scheme", "id"],
            "additionalProperties": false,
            "allOf": forms,
            "examples": [{"scheme": "lei", "id": "5493001KJTIIGC8Y1R12"}],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(scheme: IdentifierScheme, id: &str) -> Result<(), CheckFailure> {
        Identifier {
            scheme,
            id: id.to_owned(),
        }
        .check()
    }

    #[test]
    fn real_leis_pass_and_slips_fail() {
        // Bloomberg Finance L.P. (GLEIF), and the LEIs ISO 17442's
        // implementers use as examples.
        for lei in [
            "5493001KJTIIGC8Y1R12",
            "969500KSV493XWY0PS33",
            "7H6GLXDRUGQFU57RNE97",
        ] {
            assert_eq!(check(IdentifierScheme::Lei, lei), Ok(()), "{lei}");
        }
        assert_eq!(
            check(IdentifierScheme::Lei, "5493001KJTIIGC8Y1R21"),
            Err(CheckFailure {
                found: "21".into(),
                expected: "12".into()
            })
        );
        // A swap of two characters of the body is caught.
        assert!(check(IdentifierScheme::Lei, "5493001KJTIIGC8YR112").is_err());
    }

    #[test]
    fn real_uscc_codes_pass_and_slips_fail() {
        for code in ["91350100M000100Y43", "91420000737944946L"] {
            assert_eq!(check(IdentifierScheme::Uscc, code), Ok(()), "{code}");
        }
        assert_eq!(
            check(IdentifierScheme::Uscc, "91350100M000100Y44"),
            Err(CheckFailure {
                found: "4".into(),
                expected: "3".into()
            })
        );
    }

    #[test]
    fn the_check_character_covers_every_remainder() {
        // A remainder of 0 is written `0`, of 1 `Y` (value 30).
        let mut seen = std::collections::BTreeSet::new();
        for n in 0..2000u32 {
            let body = format!("9111{n:06}ABCDEFG");
            let body = &body[..17];
            seen.insert(uscc_check_character(body).expect("in the alphabet"));
        }
        assert_eq!(seen.len(), 31);
    }

    #[test]
    fn forms() {
        use IdentifierScheme::*;
        assert!(UkCompanyNumber.fits("00445790"));
        assert!(UkCompanyNumber.fits("SC005336"));
        assert!(!UkCompanyNumber.fits("SC05336"));
        assert!(!UkCompanyNumber.fits("sc005336"));
        assert!(Wikidata.fits("Q312"));
        assert!(!Wikidata.fits("Q0312"));
        assert!(!Wikidata.fits("Q"));
        assert!(Uscc.fits("91350100M000100Y43"));
        assert!(!Uscc.fits("91350100M000100O43"));
        assert!(!Uscc.fits("9135010AM000100Y43"));
        assert!(Lei.fits("5493001KJTIIGC8Y1R12"));
        assert!(!Lei.fits("5493001KJTIIGC8Y1R1A"));
    }
}
