//! The contract between the model's serde implementation and its published
//! JSON Schema: every valid model value serialises to a document the schema
//! accepts and that reads back equal, written as JSON and as YAML; and
//! documents that break a rule are refused by both the schema and serde.

use std::path::Path;
use std::sync::OnceLock;

use accord_model::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(accord_model::schema)
}

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| jsonschema::validator_for(schema()).expect("the schema compiles"))
}

/// The values of a vocabulary, read from the schema so that a value added
/// to the model is generated without touching this file.
fn vocabulary<T: DeserializeOwned>(name: &str) -> Vec<T> {
    let def = &schema()["$defs"][name];
    let values: Vec<Value> = match (def.get("oneOf"), def.get("enum"), def.get("allOf")) {
        (Some(Value::Array(variants)), _, _) => {
            variants.iter().map(|v| v["const"].clone()).collect()
        }
        (_, Some(Value::Array(values)), _) => values.clone(),
        // Subdivisions: one `enum` per country, in `then`.
        (_, _, Some(Value::Array(branches))) => branches
            .iter()
            .filter_map(|b| b["then"]["enum"].as_array())
            .flatten()
            .cloned()
            .collect(),
        _ => panic!("{name} is not a vocabulary"),
    };
    values
        .into_iter()
        .map(|v| serde_json::from_value(v).expect("vocabulary value"))
        .collect()
}

fn pick<T: DeserializeOwned + Clone + std::fmt::Debug + 'static>(
    name: &'static str,
) -> impl Strategy<Value = T> {
    proptest::sample::select(vocabulary::<T>(name))
}

/// Text, including strings YAML would read as something else if unquoted.
fn text() -> impl Strategy<Value = Text> {
    prop_oneof![
        "[A-Za-z0-9£ōé中]([A-Za-z0-9 ,.'()£ōé中-]{0,24}[A-Za-z0-9.)])?",
        proptest::sample::select(vec![
            "NO",
            "yes",
            "null",
            "~",
            "2018",
            "1e3",
            "0x1F",
            "true",
            "- item",
            "a: b",
            "#hash",
            "'quoted'",
            "\"double\"",
            "line\nbreak",
            " leading space",
            "trailing space ",
            "[x]",
            "{y}",
            "*star",
            "&amp",
            "Tus-Holdings £200m",
            "Ōsaka",
            "国药集团",
        ])
        .prop_map(str::to_owned),
    ]
    .prop_map(|s| Text::new(s).expect("generated text has content"))
}

fn id() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}"
}

fn partial_date() -> impl Strategy<Value = PartialDate> {
    (1000i32..=2999, 1u32..=12, 1u32..=31, 0u8..3).prop_map(|(y, m, d, precision)| {
        let text = match precision {
            0 => format!("{y}"),
            1 => format!("{y}-{m:02}"),
            _ => {
                let day = (1..=d)
                    .rev()
                    .find(|&d| chrono_day_exists(y, m, d))
                    .unwrap_or(1);
                format!("{y}-{m:02}-{day:02}")
            }
        };
        text.parse().expect("generated date is valid")
    })
}

fn chrono_day_exists(y: i32, m: u32, d: u32) -> bool {
    format!("{y}-{m:02}-{d:02}").parse::<PartialDate>().is_ok()
}

/// No mark, `inferred` or `outside_knowledge`: never both.
fn mark() -> impl Strategy<Value = (Option<Text>, Option<OutsideKnowledge>)> {
    let outside = prop_oneof![
        (id(), option::of(text()), option::of(text())).prop_map(|(source, locator, reference)| {
            OutsideKnowledge {
                source: Some(source.parse().expect("id")),
                locator,
                reference,
            }
        }),
        (option::of(text()), text()).prop_map(|(locator, reference)| OutsideKnowledge {
            source: None,
            locator,
            reference: Some(reference),
        }),
    ];
    prop_oneof![
        Just((None, None)),
        text().prop_map(|t| (Some(t), None)),
        outside.prop_map(|o| (None, Some(o))),
    ]
}

/// Any value, bare or in the long form with a mark and wording.
fn fact<T: std::fmt::Debug + Clone + 'static>(
    value: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Fact<T>> {
    let value = value.boxed();
    prop_oneof![
        value.clone().prop_map(Fact::Stated),
        (value, mark(), option::of(text())).prop_map(|(value, (inferred, outside), as_stated)| {
            Fact::Marked(Box::new(Marked {
                value,
                inferred,
                outside_knowledge: outside,
                as_stated,
            }))
        }),
    ]
    .boxed()
}

fn month_day() -> impl Strategy<Value = MonthDay> {
    (1u32..=12, 1u32..=31)
        .prop_filter("a day of that month", |(m, d)| {
            format!("2000-{m:02}-{d:02}").parse::<PartialDate>().is_ok()
        })
        .prop_map(|(m, d)| format!("--{m:02}-{d:02}").parse().expect("month-day"))
}

fn date_value() -> BoxedStrategy<DateValue> {
    prop_oneof![
        partial_date().prop_map(DateValue::Stated),
        (
            (
                option::of(partial_date()),
                option::of(partial_date()),
                option::of(partial_date()),
                option::of(month_day()),
            ),
            mark(),
            option::of(text()),
        )
            .prop_filter(
                "a long-form date gives a value, a bound or a day",
                |((value, after, before, md), _, _)| {
                    value.is_some() || after.is_some() || before.is_some() || md.is_some()
                }
            )
            .prop_map(
                |(
                    (value, on_or_after, on_or_before, month_day),
                    (inferred, outside),
                    as_stated,
                )| {
                    DateValue::Annotated(Box::new(AnnotatedDate {
                        value,
                        on_or_after,
                        on_or_before,
                        month_day,
                        inferred,
                        outside_knowledge: outside,
                        as_stated,
                    }))
                }
            ),
    ]
    .boxed()
}

fn amount() -> impl Strategy<Value = Amount> {
    "-?(0|[1-9][0-9]{0,15})(\\.[0-9]{1,12})?"
        .prop_map(|s| s.parse().expect("generated amount is valid"))
}

fn money() -> impl Strategy<Value = Money> {
    (
        amount(),
        pick::<Currency>("Currency"),
        pick::<Qualifier>("Qualifier"),
        option::of(text()),
    )
        .prop_map(|(amount, currency, qualifier, as_stated)| Money {
            amount,
            currency,
            qualifier,
            as_stated,
        })
}

fn place() -> impl Strategy<Value = Place> {
    (
        pick::<CountryCode>("CountryCode"),
        option::of(pick::<SubdivisionCode>("SubdivisionCode")),
        option::of(text()),
        option::of(text()),
        option::of(text()),
        option::of(pick::<PlacePrecision>("PlacePrecision")),
    )
        .prop_map(
            |(country, subdivision, locality, second_level, city, precision)| Place {
                // A subdivision lies in the place's country
                // (`subdivision-outside-country`).
                country: subdivision
                    .as_ref()
                    .map_or(country, SubdivisionCode::country),
                subdivision,
                locality,
                second_level,
                city,
                precision,
            },
        )
}

fn equivalent() -> impl Strategy<Value = Equivalent> {
    (
        amount(),
        pick::<Currency>("Currency"),
        option::of(amount()),
        option::of(date_value()),
        text(),
        any::<bool>(),
    )
        .prop_map(
            |(amount, currency, rate, rate_date, source, constant_prices)| Equivalent {
                amount,
                currency,
                rate,
                rate_date,
                source,
                constant_prices,
            },
        )
}

fn stated_amount() -> impl Strategy<Value = StatedAmount> {
    let left_out = (pick::<LeftOutReason>("LeftOutReason"), option::of(text()))
        .prop_map(|(reason, note)| LeftOut { reason, note });
    (
        (
            pick::<AmountKind>("AmountKind"),
            amount(),
            pick::<Currency>("Currency"),
            pick::<Qualifier>("Qualifier"),
            any::<bool>(),
        ),
        (
            option::of(text()),
            vec(equivalent(), 0..2),
            option::of(left_out),
            option::of(text()),
        ),
    )
        .prop_map(
            |(
                (kind, amount, currency, qualifier, estimated),
                (as_stated, equivalents, left_out_of_totals, note),
            )| StatedAmount {
                kind,
                amount,
                currency,
                qualifier,
                estimated,
                as_stated,
                equivalents,
                left_out_of_totals,
                note,
            },
        )
}

fn loan_terms() -> impl Strategy<Value = LoanTerms> {
    (
        (
            option::of(amount()),
            option::of(text()),
            option::of(amount()),
            option::of(amount()),
            option::of(amount()),
            option::of(amount()),
        ),
        (
            option::of(amount()),
            option::of(amount()),
            option::of(money()),
            option::of(text()),
            option::of(text()),
        ),
    )
        .prop_map(
            |(
                (
                    interest_rate_percent,
                    interest_basis,
                    default_interest_rate_percent,
                    maturity_years,
                    grace_period_years,
                    management_fee_percent,
                ),
                (commitment_fee_percent, insurance_fee_percent, insurance_fee, collateral, note),
            )| LoanTerms {
                interest_rate_percent,
                interest_basis,
                default_interest_rate_percent,
                maturity_years,
                grace_period_years,
                management_fee_percent,
                commitment_fee_percent,
                insurance_fee_percent,
                insurance_fee,
                collateral,
                note,
            },
        )
}

fn project_dates() -> impl Strategy<Value = ProjectDates> {
    (
        option::of(date_value()),
        option::of(date_value()),
        option::of(date_value()),
        option::of(date_value()),
        option::of(date_value()),
        option::of(date_value()),
    )
        .prop_map(
            |(
                planned_start,
                actual_start,
                planned_completion,
                actual_completion,
                first_repayment,
                final_repayment,
            )| ProjectDates {
                planned_start,
                actual_start,
                planned_completion,
                actual_completion,
                first_repayment,
                final_repayment,
            },
        )
}

fn outside_id() -> impl Strategy<Value = OutsideId> {
    prop_oneof![
        any::<u32>().prop_map(|n| OutsideId::Aiddata(AidDataId(n))),
        "[A-Za-z0-9_.:()~]{1,6}(-[A-Za-z0-9_.:()~]{1,6}){1,3}"
            .prop_map(|s| OutsideId::Iati(s.parse().expect("generated IATI id is valid"))),
    ]
}

fn outside_link() -> impl Strategy<Value = OutsideLink> {
    (
        pick::<LinkKind>("LinkKind"),
        outside_id(),
        option::of(text()),
    )
        .prop_map(|(kind, id, note)| OutsideLink { kind, id, note })
}

fn field_path() -> impl Strategy<Value = FieldPath> {
    "[a-z_]{1,8}(\\[(0|[1-9][0-9]{0,3})\\])?(\\.[a-z_]{1,8}(\\[(0|[1-9][0-9]{0,3})\\])?){0,2}"
        .prop_map(|s| s.parse().expect("generated path is valid"))
}

fn citation() -> impl Strategy<Value = Citation> {
    (id(), option::of(text()), vec(field_path(), 0..2)).prop_map(|(source, locator, supports)| {
        Citation {
            source: source.parse().expect("id"),
            locator,
            supports,
        }
    })
}

fn non_empty<T: std::fmt::Debug + Clone, const N: usize>(
    item: impl Strategy<Value = T>,
) -> impl Strategy<Value = AtLeast<T, N>> {
    vec(item, N..N + 3).prop_map(|items| AtLeast::new(items).expect("long enough"))
}

fn involvement() -> impl Strategy<Value = Involvement> {
    (
        id(),
        fact(pick::<PersonPart>("PersonPart")),
        option::of(text()),
    )
        .prop_map(|(person, part, note)| Involvement {
            person: person.parse().expect("id"),
            part,
            note,
        })
}

fn url() -> impl Strategy<Value = Url> {
    "https?://[a-z]{1,10}\\.[a-z]{2,3}(/[a-z0-9]{0,8})?".prop_map(|s| Url::new(s).expect("url"))
}

fn language() -> impl Strategy<Value = LanguageTag> {
    proptest::sample::select(vec!["en", "zh-Hans", "zh-Hant-TW", "en-GB", "sv"])
        .prop_map(|s| LanguageTag::new(s).expect("tag"))
}

/// A share in percent: a whole number, or a decimal string within (0, 100].
fn share() -> impl Strategy<Value = Share> {
    prop_oneof![
        (1u32..=100).prop_map(|n| n.to_string()),
        (0u32..100, 1u32..1000).prop_map(|(n, f)| format!("{n}.{f}")),
        Just("100.0".to_owned()),
        Just("0.05".to_owned()),
    ]
    .prop_map(|s| s.parse::<Share>().expect("generated share"))
}

fn owner() -> impl Strategy<Value = Owner> {
    (
        id(),
        option::of(share()),
        option::of(date_value()),
        option::of(date_value()),
        vec(citation(), 0..2),
    )
        .prop_map(|(party, share, since, until, sources)| Owner {
            party: party.parse().expect("id"),
            share,
            since,
            until,
            sources,
        })
}

/// An identifier of the scheme's form whose check characters hold (found
/// by trying each, so the test does not repeat the model's arithmetic).
fn identifier() -> impl Strategy<Value = Identifier> {
    let completed = |scheme: IdentifierScheme, body: String, ends: Vec<String>| {
        ends.into_iter()
            .map(|end| Identifier {
                scheme,
                id: format!("{body}{end}"),
            })
            .find(|i| i.check().is_ok())
            .expect("one check character fits")
    };
    prop_oneof![
        "[0-9A-Z]{18}".prop_map(move |body| completed(
            IdentifierScheme::Lei,
            body,
            (0..100).map(|n| format!("{n:02}")).collect()
        )),
        "[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{9}".prop_map(move |body| completed(
            IdentifierScheme::Uscc,
            body,
            "0123456789ABCDEFGHJKLMNPQRTUWXY"
                .chars()
                .map(String::from)
                .collect()
        )),
        "([0-9]{8}|[A-Z]{2}[0-9]{6})".prop_map(|id| Identifier {
            scheme: IdentifierScheme::UkCompanyNumber,
            id
        }),
        "Q[1-9][0-9]{0,9}".prop_map(|id| Identifier {
            scheme: IdentifierScheme::Wikidata,
            id
        }),
    ]
}

fn party() -> impl Strategy<Value = Party> {
    (
        (
            id(),
            text(),
            pick::<PartyKind>("PartyKind"),
            // Left out only where the kind allows it.
            (fact(pick::<CountryCode>("CountryCode")), any::<bool>()),
            vec(owner(), 0..3),
            vec(identifier(), 0..3),
        ),
        (
            option::of(fact(pick::<SubdivisionCode>("SubdivisionCode"))),
            option::of(fact(text())),
        ),
        option::of(fact(
            (text(), language()).prop_map(|(text, language)| LocalName { text, language }),
        )),
        vec(
            (text(), pick::<AliasKind>("AliasKind"), option::of(text()))
                .prop_map(|(name, kind, note)| Alias { name, kind, note }),
            0..3,
        ),
        (
            option::of(id()),
            option::of(url()),
            option::of(text()),
            vec(citation(), 0..2),
        ),
    )
        .prop_map(
            |(
                (id, name, kind, (country, omit), owners, identifiers),
                (subdivision, city),
                local_name,
                aliases,
                (parent, website, description, sources),
            )| {
                Party {
                    id: id.parse().expect("id"),
                    name,
                    kind,
                    country: (!omit).then(|| in_country_of(country, subdivision.as_ref())),
                    subdivision,
                    city,
                    local_name,
                    aliases,
                    parent: parent.map(|p| p.parse().expect("id")),
                    owners,
                    identifiers,
                    website,
                    description,
                    sources,
                }
            },
        )
}

/// The country of the subdivision, when there is one, in place of the
/// generated country (the loader refuses a subdivision of another country:
/// `subdivision-outside-country`), keeping the fact's form.
fn in_country_of(
    country: Fact<CountryCode>,
    subdivision: Option<&Fact<SubdivisionCode>>,
) -> Fact<CountryCode> {
    let Some(subdivision) = subdivision else {
        return country;
    };
    let right = subdivision.value().country();
    match country {
        Fact::Stated(_) => Fact::Stated(right),
        Fact::Marked(mut marked) => {
            marked.value = right;
            Fact::Marked(marked)
        }
    }
}

fn person() -> impl Strategy<Value = Person> {
    let position =
        (text(), option::of(id()), any::<bool>()).prop_map(|(title, organisation, former)| {
            Position {
                title,
                organisation: organisation.map(|o| o.parse().expect("id")),
                former,
            }
        });
    let local_name = (text(), language()).prop_map(|(text, language)| LocalName { text, language });
    (
        id(),
        option::of(fact(text())),
        option::of(fact(local_name)),
        non_empty(fact(position)),
        vec(citation(), 0..2),
    )
        .prop_map(|(id, name, local_name, positions, sources)| Person {
            id: id.parse().expect("id"),
            name,
            local_name,
            positions,
            sources,
        })
}

fn source() -> impl Strategy<Value = Source> {
    (
        (id(), text(), pick::<SourceKind>("SourceKind")),
        (
            option::of(text()),
            option::of(date_value()),
            option::of(url()),
            option::of(language()),
        ),
        (
            option::of(url()),
            option::of(date_value()),
            vec(text(), 0..2),
        ),
    )
        .prop_map(
            |(
                (id, title, kind),
                (publisher, published, url, language),
                (archived_url, retrieved, notes),
            )| Source {
                id: id.parse().expect("id"),
                title,
                kind,
                publisher,
                published,
                url,
                archived_url,
                retrieved,
                language,
                notes,
            },
        )
}

fn occasion() -> impl Strategy<Value = Occasion> {
    (
        (id(), text(), pick::<OccasionKind>("OccasionKind")),
        (
            option::of(date_value()),
            option::of(date_value()),
            option::of(fact(place())),
            option::of(money()),
        ),
        (
            option::of(id()),
            option::of(text()),
            vec(involvement(), 0..2),
            non_empty(citation()),
        ),
    )
        .prop_map(
            |(
                (id, name, kind),
                (date, end, place, reported_total),
                (part_of, summary, people, sources),
            )| {
                Occasion {
                    id: id.parse().expect("id"),
                    name,
                    kind,
                    date,
                    end,
                    place,
                    reported_total,
                    part_of: part_of.map(|p| p.parse().expect("id")),
                    summary,
                    people,
                    sources,
                }
            },
        )
}

fn agreement() -> impl Strategy<Value = Agreement> {
    // One role as `role`, or one or more under `roles`, each marked or not.
    let roles = prop_oneof![
        fact(pick::<Role>("Role")).prop_map(|role| (Some(role), Vec::new())),
        vec(fact(pick::<Role>("Role")), 1..4).prop_map(|roles| (None, roles)),
    ];
    let participant =
        (id(), roles, option::of(text())).prop_map(|(party, (role, roles), as_named)| {
            Participant {
                party: party.parse().expect("id"),
                role,
                roles,
                as_named,
            }
        });
    let dates = (
        option::of(date_value()),
        option::of(date_value()),
        option::of(date_value()),
        option::of(date_value()),
        option::of(date_value()),
    )
        .prop_map(|(discussed, announced, signed, effective, ends)| Dates {
            discussed,
            announced,
            signed,
            effective,
            ends,
        });
    let target = (
        text(),
        option::of((amount(), text(), pick::<Qualifier>("Qualifier")).prop_map(
            |(value, unit, qualifier)| Quantity {
                value,
                unit,
                qualifier,
            },
        )),
        option::of(date_value()),
    )
        .prop_map(|(description, quantity, by)| Target {
            description,
            quantity,
            by,
        });
    let stage = (
        pick::<Status>("Status"),
        option::of(date_value()),
        vec(citation(), 0..2),
        option::of(text()),
    )
        .prop_map(|(status, date, sources, note)| Stage {
            status,
            date,
            sources,
            note,
        });
    let link = (pick::<LinkKind>("LinkKind"), id(), option::of(text())).prop_map(
        |(kind, agreement, note)| Link {
            kind,
            agreement: agreement.parse().expect("id"),
            note,
        },
    );
    (
        (
            id(),
            text(),
            pick::<AgreementKind>("AgreementKind"),
            pick::<Status>("Status"),
            text(),
            vec(stage, 0..3),
        ),
        (
            non_empty(participant),
            non_empty(pick::<Sector>("Sector")),
            vec(fact(place()), 0..2),
            dates,
        ),
        (
            option::of(money()),
            vec(text(), 0..2),
            vec(target, 0..2),
            option::of(fact(
                id().prop_map(|o| o.parse::<OccasionId>().expect("id")),
            )),
        ),
        (
            vec(link, 0..2),
            vec(involvement(), 0..2),
            non_empty(citation()),
            vec(text(), 0..2),
        ),
        (
            vec(pick::<AreaCode>("AreaCode"), 0..2),
            project_dates(),
            vec(stated_amount(), 0..3),
            option::of(loan_terms()).prop_map(Option::unwrap_or_default),
            vec(outside_id(), 0..2),
            vec(outside_link(), 0..2),
        ),
    )
        .prop_map(
            |(
                (id, title, kind, status, summary, stages),
                (parties, sectors, places, dates),
                (value, objectives, targets, occasion),
                (links, people, sources, notes),
                (areas, project_dates, amounts, terms, outside_ids, outside_links),
            )| Agreement {
                id: id.parse().expect("id"),
                title,
                kind,
                status,
                stages,
                summary,
                parties,
                sectors,
                places,
                areas,
                dates,
                project_dates,
                value,
                amounts,
                terms,
                objectives,
                targets,
                occasion,
                links,
                outside_ids,
                outside_links,
                people,
                sources,
                notes,
            },
        )
}

fn record() -> impl Strategy<Value = Record> {
    prop_oneof![
        party().boxed().prop_map(|p| Record::Party(Box::new(p))),
        person().boxed().prop_map(|p| Record::Person(Box::new(p))),
        agreement()
            .boxed()
            .prop_map(|a| Record::Agreement(Box::new(a))),
        source().boxed().prop_map(|s| Record::Source(Box::new(s))),
        occasion()
            .boxed()
            .prop_map(|o| Record::Occasion(Box::new(o))),
    ]
}

/// Writes a JSON value as YAML with saphyr's emitter, which quotes every
/// string a YAML reader could take for another type.
fn to_yaml(value: &Value) -> String {
    fn convert(value: &Value) -> saphyr::Yaml<'static> {
        use saphyr::{Scalar, Yaml};
        match value {
            Value::Null => Yaml::Value(Scalar::Null),
            Value::Bool(b) => Yaml::Value(Scalar::Boolean(*b)),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Yaml::Value(Scalar::Integer(i)),
                None => Yaml::Value(Scalar::FloatingPoint(n.as_f64().unwrap_or_default().into())),
            },
            Value::String(s) => Yaml::Value(Scalar::String(s.clone().into())),
            Value::Array(items) => Yaml::Sequence(items.iter().map(convert).collect()),
            Value::Object(map) => Yaml::Mapping(
                map.iter()
                    .map(|(k, v)| (Yaml::Value(Scalar::String(k.clone().into())), convert(v)))
                    .collect(),
            ),
        }
    }
    let mut out = String::new();
    saphyr::YamlEmitter::new(&mut out)
        .dump(&convert(value))
        .expect("emit YAML");
    out
}

/// Diagnostics about syntax or the schema; the record rules (dates in
/// order, amounts above zero …) judge generated values too and are not part
/// of the serde–schema contract.
fn contract_diagnostics(
    diagnostics: &[accord_ingest::Diagnostic],
) -> Vec<&accord_ingest::Diagnostic> {
    use accord_ingest::Code;
    let rules = [
        Code::DateOrder,
        Code::FutureDate,
        Code::RoleMismatch,
        Code::NonPositiveAmount,
        Code::NegativeFigure,
        Code::UnknownCurrency,
        Code::MarkedFact,
        Code::DateBounds,
        Code::UnmarkedYear,
        Code::UnknownFieldPath,
        Code::StatusHistory,
        Code::RepeatedEntry,
        Code::ContradictingCitation,
        Code::DuplicateParticipant,
        Code::SharesOver100,
        Code::InvalidIdentifier,
        Code::CountryNotStated,
    ];
    diagnostics
        .iter()
        .filter(|d| !rules.contains(&d.code))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn json_round_trip_is_accepted_by_the_schema(record in record()) {
        let json = serde_json::to_value(&record).expect("serialise");
        let errors: Vec<String> = validator().iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        prop_assert!(errors.is_empty(), "schema rejected {json}: {errors:?}");
        let text = serde_json::to_string_pretty(&json).expect("print");
        let back: Record = serde_json::from_str(&text).expect("read back");
        prop_assert_eq!(&back, &record);
        // The JSON file also passes the loader's own checks.
        let checked = accord_ingest::check_bytes(Path::new("record.json"), text.as_bytes());
        let contract = contract_diagnostics(&checked.diagnostics);
        prop_assert!(contract.is_empty(), "{:?}", contract);
        prop_assert_eq!(checked.record.as_ref(), Some(&record));
    }

    #[test]
    fn yaml_round_trip_through_the_loader(record in record()) {
        let yaml = to_yaml(&serde_json::to_value(&record).expect("serialise"));
        let checked = accord_ingest::check_bytes(Path::new("record.yaml"), yaml.as_bytes());
        let contract = contract_diagnostics(&checked.diagnostics);
        prop_assert!(contract.is_empty(), "{yaml}\n{:?}", contract);
        prop_assert_eq!(checked.record.as_ref(), Some(&record));
    }
}

/// Documents that break one rule each. Both the schema and serde must refuse
/// every one, and the loader must name the rule.
#[test]
fn invalid_documents_are_refused_by_schema_and_serde_alike() {
    let party = r#"{"id": "p", "name": "P", "kind": "company", "country": "GB"}"#;
    let agreement = r#"{
        "id": "a", "title": "T", "kind": "fund", "status": "signed", "summary": "S",
        "parties": [{"party": "p", "role": "founder"}, {"party": "q", "role": "founder"}],
        "sectors": ["investment-funds"], "sources": [{"source": "s"}]
    }"#;
    let base_party: Value = serde_json::from_str(party).expect("valid json");
    let base_agreement: Value = serde_json::from_str(agreement).expect("valid json");
    let wrap = |kind: &str, v: Value| serde_json::json!({ kind: v });
    // The baselines themselves are valid.
    for ok in [
        wrap("party", base_party.clone()),
        wrap("agreement", base_agreement.clone()),
    ] {
        assert!(validator().is_valid(&ok), "{ok}");
        serde_json::from_value::<Record>(ok).expect("baseline deserialises");
    }

    let with = |base: &Value, pointer: &str, value: Value| {
        let mut v = base.clone();
        let (parent, key) = pointer.rsplit_once('/').expect("pointer");
        let target = v.pointer_mut(parent).expect("parent exists");
        match target {
            Value::Object(map) => drop(map.insert(key.to_owned(), value)),
            Value::Array(items) => items[key.parse::<usize>().expect("index")] = value,
            _ => panic!("cannot set {pointer}"),
        }
        v
    };
    let without = |base: &Value, key: &str| {
        let mut v = base.clone();
        v.as_object_mut().expect("object").remove(key);
        v
    };
    use serde_json::json;
    let cases: Vec<(&str, Value)> = vec![
        (
            "unknown field",
            wrap("party", with(&base_party, "/nmae", json!("P"))),
        ),
        ("missing name", wrap("party", without(&base_party, "name"))),
        (
            "empty name",
            wrap("party", with(&base_party, "/name", json!(""))),
        ),
        (
            "blank name",
            wrap("party", with(&base_party, "/name", json!("  "))),
        ),
        (
            "invisible name",
            wrap(
                "party",
                with(&base_party, "/name", json!("\u{200B}\u{2060}")),
            ),
        ),
        (
            "name of fillers",
            wrap(
                "party",
                with(&base_party, "/name", json!("\u{3164}\u{2800}")),
            ),
        ),
        (
            "direction override in a name",
            wrap(
                "party",
                with(&base_party, "/name", json!("Acme \u{202E}dtL")),
            ),
        ),
        (
            "control character in a name",
            wrap("party", with(&base_party, "/name", json!("Acme\u{1B}[31m"))),
        ),
        (
            "NUL in an address",
            wrap(
                "party",
                with(&base_party, "/website", json!("https://example.org/\u{0}x")),
            ),
        ),
        (
            "hidden character in an address",
            wrap(
                "party",
                with(
                    &base_party,
                    "/website",
                    json!("https://exa\u{200B}mple.org"),
                ),
            ),
        ),
        (
            "bad kind",
            wrap("party", with(&base_party, "/kind", json!("corporation"))),
        ),
        (
            "lower-case country",
            wrap("party", with(&base_party, "/country", json!("gb"))),
        ),
        (
            "no such country",
            wrap("party", with(&base_party, "/country", json!("XX"))),
        ),
        (
            "an empty country",
            wrap("party", with(&base_party, "/country", json!(""))),
        ),
        (
            "a country as a number",
            wrap("party", with(&base_party, "/country", json!(826))),
        ),
        (
            "a country mark without a value",
            wrap(
                "party",
                with(&base_party, "/country", json!({"inferred": "the address"})),
            ),
        ),
        (
            "share over 100",
            wrap(
                "party",
                with(
                    &base_party,
                    "/owners",
                    json!([{"party": "q", "share": 101}]),
                ),
            ),
        ),
        (
            "share of 0",
            wrap(
                "party",
                with(
                    &base_party,
                    "/owners",
                    json!([{"party": "q", "share": "0"}]),
                ),
            ),
        ),
        (
            "share with a fraction as a number",
            wrap(
                "party",
                with(
                    &base_party,
                    "/owners",
                    json!([{"party": "q", "share": 33.3}]),
                ),
            ),
        ),
        (
            "share with a percent sign",
            wrap(
                "party",
                with(
                    &base_party,
                    "/owners",
                    json!([{"party": "q", "share": "50%"}]),
                ),
            ),
        ),
        (
            "share with a leading zero",
            wrap(
                "party",
                with(
                    &base_party,
                    "/owners",
                    json!([{"party": "q", "share": "050"}]),
                ),
            ),
        ),
        (
            "owner without a party",
            wrap(
                "party",
                with(&base_party, "/owners", json!([{"share": 50}])),
            ),
        ),
        (
            "lei of 19 characters",
            wrap(
                "party",
                with(
                    &base_party,
                    "/identifiers",
                    json!([{"scheme": "lei", "id": "5493001KJTIIGC8Y1R1"}]),
                ),
            ),
        ),
        (
            "lei in lower case",
            wrap(
                "party",
                with(
                    &base_party,
                    "/identifiers",
                    json!([{"scheme": "lei", "id": "5493001kjtiigc8y1r12"}]),
                ),
            ),
        ),
        (
            "uscc with an O",
            wrap(
                "party",
                with(
                    &base_party,
                    "/identifiers",
                    json!([{"scheme": "uscc", "id": "91350100M000100O43"}]),
                ),
            ),
        ),
        (
            "uscc with a letter in the area code",
            wrap(
                "party",
                with(
                    &base_party,
                    "/identifiers",
                    json!([{"scheme": "uscc", "id": "9135010AM000100Y43"}]),
                ),
            ),
        ),
        (
            "companies house number of 7 digits",
            wrap(
                "party",
                with(
                    &base_party,
                    "/identifiers",
                    json!([{"scheme": "uk-company-number", "id": "0445790"}]),
                ),
            ),
        ),
        (
            "wikidata id with a leading zero",
            wrap(
                "party",
                with(
                    &base_party,
                    "/identifiers",
                    json!([{"scheme": "wikidata", "id": "Q0312"}]),
                ),
            ),
        ),
        (
            "unknown identifier scheme",
            wrap(
                "party",
                with(
                    &base_party,
                    "/identifiers",
                    json!([{"scheme": "duns", "id": "123456789"}]),
                ),
            ),
        ),
        (
            "no such subdivision",
            wrap("party", with(&base_party, "/subdivision", json!("CN-XX"))),
        ),
        (
            "bad id",
            wrap("party", with(&base_party, "/id", json!("Sinopharm Group"))),
        ),
        (
            "double hyphen id",
            wrap("party", with(&base_party, "/id", json!("a--b"))),
        ),
        (
            "url without scheme",
            wrap(
                "party",
                with(&base_party, "/website", json!("www.elekta.com")),
            ),
        ),
        (
            "bad language tag",
            wrap(
                "party",
                with(
                    &base_party,
                    "/local_name",
                    json!({"text": "x", "language": "ZH"}),
                ),
            ),
        ),
        (
            "two record kinds",
            json!({"party": base_party.clone(), "agreement": base_agreement.clone()}),
        ),
        (
            "unknown record kind",
            wrap("organisation", base_party.clone()),
        ),
        (
            "one party",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/parties",
                    json!([{"party": "p", "role": "founder"}]),
                ),
            ),
        ),
        (
            "no sectors",
            wrap("agreement", with(&base_agreement, "/sectors", json!([]))),
        ),
        (
            "no sources",
            wrap("agreement", with(&base_agreement, "/sources", json!([]))),
        ),
        (
            "unknown sector",
            wrap(
                "agreement",
                with(&base_agreement, "/sectors", json!(["genomic"])),
            ),
        ),
        (
            "unknown status",
            wrap(
                "agreement",
                with(&base_agreement, "/status", json!("agreed")),
            ),
        ),
        (
            "impossible date",
            wrap(
                "agreement",
                with(&base_agreement, "/dates", json!({"signed": "2018-02-30"})),
            ),
        ),
        (
            "not a leap year",
            wrap(
                "agreement",
                with(&base_agreement, "/dates", json!({"signed": "2019-02-29"})),
            ),
        ),
        (
            "month 13",
            wrap(
                "agreement",
                with(&base_agreement, "/dates", json!({"signed": "2018-13"})),
            ),
        ),
        (
            "year as a number",
            wrap(
                "agreement",
                with(&base_agreement, "/dates", json!({"signed": 2018})),
            ),
        ),
        (
            "timestamp",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/dates",
                    json!({"signed": "2018-02-14T10:00:00Z"}),
                ),
            ),
        ),
        (
            "unknown date key",
            wrap(
                "agreement",
                with(&base_agreement, "/dates", json!({"sign": "2018"})),
            ),
        ),
        (
            "empty inference",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/dates",
                    json!({"signed": {"value": "2018", "inferred": ""}}),
                ),
            ),
        ),
        (
            "fractional amount",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/value",
                    json!({"amount": 1.5, "currency": "GBP"}),
                ),
            ),
        ),
        (
            "integer beyond 2^53",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/value",
                    json!({"amount": 9_007_199_254_740_993_i64, "currency": "GBP"}),
                ),
            ),
        ),
        (
            "seventeen digits",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/value",
                    json!({"amount": "12345678901234567", "currency": "GBP"}),
                ),
            ),
        ),
        (
            "amount with separators",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/value",
                    json!({"amount": "1,000", "currency": "GBP"}),
                ),
            ),
        ),
        (
            "no such currency",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/value",
                    json!({"amount": 1, "currency": "RMB"}),
                ),
            ),
        ),
        (
            "lower-case currency",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/value",
                    json!({"amount": 1, "currency": "gbp"}),
                ),
            ),
        ),
        (
            "missing currency",
            wrap(
                "agreement",
                with(&base_agreement, "/value", json!({"amount": 1})),
            ),
        ),
        (
            "unknown qualifier",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/value",
                    json!({"amount": 1, "currency": "GBP", "qualifier": "over"}),
                ),
            ),
        ),
        (
            "unknown role",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/parties/0",
                    json!({"party": "p", "role": "sponsor"}),
                ),
            ),
        ),
        (
            "both role and roles",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/parties/0",
                    json!({"party": "p", "role": "lender", "roles": ["borrower"]}),
                ),
            ),
        ),
        (
            "neither role nor roles",
            wrap(
                "agreement",
                with(&base_agreement, "/parties/0", json!({"party": "p"})),
            ),
        ),
        (
            "empty roles",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/parties/0",
                    json!({"party": "p", "roles": []}),
                ),
            ),
        ),
        (
            "role left empty beside roles",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/parties/0",
                    json!({"party": "p", "role": null, "roles": ["lender"]}),
                ),
            ),
        ),
        (
            "roles left empty beside role",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/parties/0",
                    json!({"party": "p", "role": "lender", "roles": null}),
                ),
            ),
        ),
        (
            "unknown role in roles",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/parties/0",
                    json!({"party": "p", "roles": ["lender", {"value": "banker", "inferred": "x"}]}),
                ),
            ),
        ),
        (
            "sectors not a list",
            wrap(
                "agreement",
                with(&base_agreement, "/sectors", json!("genomics")),
            ),
        ),
        (
            "quantity without unit",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/targets",
                    json!([{"description": "d", "quantity": {"value": 4}}]),
                ),
            ),
        ),
        (
            "outside knowledge with an empty source",
            wrap(
                "party",
                with(
                    &base_party,
                    "/country",
                    json!({"value": "GB", "outside_knowledge": {"source": null}}),
                ),
            ),
        ),
        (
            "two marks at once",
            wrap(
                "party",
                with(
                    &base_party,
                    "/country",
                    json!({"value": "GB", "inferred": "x", "outside_knowledge": {"reference": "r"}}),
                ),
            ),
        ),
        (
            "a long-form date with only empty keys",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/dates",
                    json!({"signed": {"value": null, "on_or_before": null, "as_stated": "x"}}),
                ),
            ),
        ),
        (
            "a day without a year that no year has",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/dates",
                    json!({"signed": {"month_day": "--02-30"}}),
                ),
            ),
        ),
        (
            "a field path with a leading zero",
            wrap(
                "agreement",
                with(
                    &base_agreement,
                    "/sources",
                    json!([{"source": "s", "supports": ["parties[01].role"]}]),
                ),
            ),
        ),
    ];
    for (name, document) in cases {
        assert!(
            !validator().is_valid(&document),
            "the schema accepted `{name}`: {document}"
        );
        assert!(
            serde_json::from_value::<Record>(document.clone()).is_err(),
            "serde accepted `{name}`: {document}"
        );
        let text = serde_json::to_string_pretty(&document).expect("print");
        let checked = accord_ingest::check_bytes(Path::new("case.json"), text.as_bytes());
        assert!(
            checked.record.is_none() && !checked.diagnostics.is_empty(),
            "the loader accepted `{name}`"
        );
        for d in &checked.diagnostics {
            assert!(
                d.span.is_some(),
                "`{name}`: `{}` has no position",
                d.message
            );
        }
    }
}

/// Ways of writing the whole number `n` that JSON, YAML 1.2 and TOML all
/// read as a number: plain, with `.0`, with an exponent of zero, as a
/// multiple of a power of ten (`5e9`) and in scientific form (`1.25e3`).
fn spellings(n: i64) -> Vec<String> {
    let sign = if n < 0 { "-" } else { "" };
    let digits = n.unsigned_abs().to_string();
    let mut out = vec![format!("{n}"), format!("{n}.0"), format!("{n}e0")];
    let trimmed = digits.trim_end_matches('0');
    if !trimmed.is_empty() && trimmed.len() < digits.len() {
        let zeros = digits.len() - trimmed.len();
        out.push(format!("{sign}{trimmed}e{zeros}"));
        out.push(format!("{sign}{trimmed}E+{zeros}"));
    }
    let (first, rest) = trimmed.split_at(trimmed.len().min(1));
    if !first.is_empty() {
        let exponent = digits.len() - 1;
        out.push(if rest.is_empty() {
            format!("{sign}{first}e{exponent}")
        } else {
            format!("{sign}{first}.{rest}e{exponent}")
        });
    }
    out
}

/// An agreement whose amount is written as `spelling`, in one of the three
/// formats.
fn document_with_amount(format: &str, spelling: &str) -> (&'static str, String) {
    match format {
        "json" => (
            "a.json",
            format!(
                r#"{{"agreement": {{"id": "a", "title": "T", "kind": "fund", "status": "signed", "summary": "S",
                "parties": [{{"party": "p", "role": "founder"}}, {{"party": "q", "role": "founder"}}],
                "sectors": ["investment-funds"], "sources": [{{"source": "s"}}],
                "value": {{"amount": {spelling}, "currency": "GBP"}}}}}}"#
            ),
        ),
        "toml" => (
            "a.toml",
            format!(
                "[agreement]\nid = \"a\"\ntitle = \"T\"\nkind = \"fund\"\nstatus = \"signed\"\nsummary = \"S\"\n\
                 sectors = [\"investment-funds\"]\nsources = [{{source = \"s\"}}]\n\
                 parties = [{{party = \"p\", role = \"founder\"}}, {{party = \"q\", role = \"founder\"}}]\n\
                 [agreement.value]\namount = {spelling}\ncurrency = \"GBP\"\n"
            ),
        ),
        _ => (
            "a.yaml",
            format!(
                "agreement:\n  id: a\n  title: T\n  kind: fund\n  status: signed\n  summary: S\n  parties:\n    \
                 - party: p\n      role: founder\n    - party: q\n      role: founder\n  sectors: [investment-funds]\n  \
                 sources:\n    - source: s\n  value:\n    amount: {spelling}\n    currency: GBP\n"
            ),
        ),
    }
}

/// What the loader made of a spelled amount: the amount read, or the codes
/// of the diagnostics that refused it. No diagnostic may be the safety net
/// that catches a value the schema passed and the model refused.
fn read_amount(format: &str, spelling: &str) -> Result<Amount, Vec<String>> {
    let (name, text) = document_with_amount(format, spelling);
    let checked = accord_ingest::check_bytes(Path::new(name), text.as_bytes());
    for d in &checked.diagnostics {
        assert!(
            !d.message.contains("passed the schema but not the model"),
            "{format} `{spelling}`: {}",
            d.message
        );
    }
    match checked.record {
        Some(Record::Agreement(a)) => Ok(a.value.as_ref().expect("value").amount),
        _ => Err(checked
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_owned())
            .collect()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Every spelling of a whole number within 2^53 - 1 is read, in every
    /// format, as exactly that number, so what an editor's schema check
    /// accepts the loader accepts.
    #[test]
    fn every_spelling_of_a_whole_number_reads_as_that_number(
        n in prop_oneof![-1000i64..=1000, -(accord_model::MAX_SAFE_INTEGER)..=accord_model::MAX_SAFE_INTEGER],
        zeros in 0u32..=6,
    ) {
        let n = n.checked_mul(10i64.pow(zeros)).filter(|m| m.abs() <= accord_model::MAX_SAFE_INTEGER).unwrap_or(n);
        for spelling in spellings(n) {
            for format in ["yaml", "json", "toml"] {
                let read = read_amount(format, &spelling);
                prop_assert_eq!(read.map(|a| a.0), Ok(rust_decimal::Decimal::from(n)), "{} `{}`", format, spelling);
            }
        }
    }

    /// A number with a fraction, or a whole number beyond 2^53 - 1, is
    /// refused by the schema (so an editor shows it too) in every format,
    /// never by the model alone. (Fractions are kept below 2^52, where a
    /// double still holds halves: beyond it `x.5` is read as a whole number
    /// by every tool, editors included.)
    #[test]
    fn fractions_and_huge_numbers_are_refused_by_the_schema(
        whole in -(1i64 << 52)..(1i64 << 52),
        huge in (accord_model::MAX_SAFE_INTEGER + 1)..=(1i64 << 60),
    ) {
        for spelling in [format!("{whole}.5"), format!("{}.25e1", whole / 16), format!("{huge}"), format!("{huge}.0"), format!("{}e3", 1i64 << 50)] {
            for format in ["yaml", "json", "toml"] {
                let read = read_amount(format, &spelling);
                prop_assert!(read.is_err(), "{} `{}` was accepted", format, spelling);
            }
        }
    }
}

#[test]
fn the_field_reports_number_spellings_are_read_as_their_value() {
    for (spelling, value) in [
        ("5e9", 5_000_000_000i64),
        ("5000000000.0", 5_000_000_000),
        ("-0.0", 0),
        ("0.1e1", 1),
        // Read one off by a parser that does not round correctly.
        ("9007199254740991.0", accord_model::MAX_SAFE_INTEGER),
        ("9.007199254740991e15", accord_model::MAX_SAFE_INTEGER),
    ] {
        for format in ["yaml", "json", "toml"] {
            assert_eq!(
                read_amount(format, spelling).map(|a| a.0),
                Ok(rust_decimal::Decimal::from(value)),
                "{format} `{spelling}`"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The schema's patterns for text and the model's rule agree on every
    /// mix of visible, invisible and forbidden characters.
    #[test]
    fn text_schema_and_model_agree_on_hidden_characters(
        chars in vec(proptest::sample::select(vec![
            'a', '中', 'é', ' ', '\t', '\n', '\r', '\u{A0}', '\u{AD}', '\u{200B}', '\u{200D}',
            '\u{200E}', '\u{2060}', '\u{FEFF}', '\u{3164}', '\u{2800}', '\u{FE0F}', '\u{0}',
            '\u{1B}', '\u{7F}', '\u{85}', '\u{9F}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{E0041}',
            '\u{1F600}', '\u{FFFE}', '\u{FDD0}',
        ]), 0..6),
    ) {
        let text: String = chars.into_iter().collect();
        let document = serde_json::json!({ "party": {"id": "p", "name": text, "kind": "company", "country": "GB"} });
        let schema_ok = validator().is_valid(&document);
        let model_ok = serde_json::from_value::<Record>(document.clone()).is_ok();
        prop_assert_eq!(schema_ok, model_ok, "{:?}", text);
    }
}

/// Keys left empty (`null`, or nothing after the colon in YAML) are read as
/// absent by serde and allowed by the schema, in every long form, as they
/// were before marks existed (`inferred: ~` on a date).
#[test]
fn empty_keys_of_long_forms_are_accepted_by_schema_and_serde_alike() {
    use serde_json::json;
    let agreement = |dates: Value, role: Value| {
        json!({"agreement": {
            "id": "a", "title": "T", "kind": "fund", "status": "signed", "summary": "S",
            "parties": [{"party": "p", "role": role}, {"party": "q", "role": "founder"}],
            "sectors": ["investment-funds"], "sources": [{"source": "s"}],
            "dates": dates
        }})
    };
    for document in [
        agreement(
            json!({"signed": {"value": "2018", "inferred": null, "as_stated": null}}),
            json!("founder"),
        ),
        agreement(
            json!({"signed": {"on_or_before": "2018-02-14", "value": null, "month_day": null}}),
            json!({"value": "founder", "inferred": "x", "outside_knowledge": null}),
        ),
        agreement(
            json!({"signed": "2018"}),
            json!({"value": "founder", "inferred": null, "outside_knowledge": {"reference": "r", "source": null}}),
        ),
    ] {
        assert!(
            validator().is_valid(&document),
            "the schema refused {document}"
        );
        serde_json::from_value::<Record>(document.clone())
            .unwrap_or_else(|e| panic!("serde refused {document}: {e}"));
    }
}

/// Parties the new rules allow: a party of any kind without a country
/// (not stated), owners with shares written either way,
/// identifiers of each scheme (check characters are not the schema's rule,
/// so a wrong one is accepted here and reported by ingest).
#[test]
fn parties_without_a_country_owners_and_identifiers_are_accepted_alike() {
    use serde_json::json;
    let documents = [
        json!({"party": {"id": "iaea", "name": "IAEA", "kind": "international-organisation"}}),
        json!({"party": {"id": "iaea", "name": "IAEA", "kind": "international-organisation", "country": "AT"}}),
        json!({"party": {"id": "cn-gov", "name": "A Chinese government institution", "kind": "unidentified-organisation", "country": "CN"}}),
        json!({"party": {"id": "someone", "name": "An unnamed lender", "kind": "unidentified-organisation"}}),
        // Any kind may leave its country out (not stated; ingest notes it).
        json!({"party": {"id": "ge", "name": "General Electric", "kind": "company"}}),
        json!({"party": {"id": "embassy", "name": "Embassy in Luanda", "kind": "diplomatic-mission"}}),
        json!({"party": {"id": "kfw", "name": "KfW", "kind": "development-bank", "country": null}}),
        json!({"party": {"id": "jv", "name": "JV", "kind": "special-purpose-company", "country": "CN",
            "parent": "elekta",
            "owners": [{"party": "a", "share": 50, "since": "2023-03"}, {"party": "b", "share": "33.3", "until": {"value": "2024", "inferred": "r"}}, {"party": "c", "share": 16.0}],
            "identifiers": [{"scheme": "lei", "id": "5493001KJTIIGC8Y1R12"}, {"scheme": "uscc", "id": "91350100M000100Y44"},
                {"scheme": "uk-company-number", "id": "SC005336"}, {"scheme": "wikidata", "id": "Q312"}]}}),
    ];
    for document in documents {
        assert!(validator().is_valid(&document), "schema: {document}");
        serde_json::from_value::<Record>(document.clone()).expect("serde reads it");
    }
}

/// The skeletons the schema offers editors (`defaultSnippets`) are records
/// that parse and pass the schema and the one-record rules once each tab
/// stop holds its default (or first choice), with a real sector for
/// `sector`. References are left to `.ci/run`'s editor check, which
/// validates them filled in with the fixtures.
#[test]
fn editor_skeletons_filled_with_their_defaults_are_valid_records() {
    let schema = accord_model::schema();
    let skeletons = schema["defaultSnippets"].as_array().expect("skeletons");
    assert_eq!(skeletons.len(), 5);
    for skeleton in skeletons {
        let text = fill_tab_stops(skeleton["bodyText"].as_str().expect("text"))
            .replace(" sector\n", " radiotherapy\n");
        let checked = accord_ingest::check_bytes(Path::new("skeleton.yaml"), text.as_bytes());
        let problems: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity != accord_ingest::Severity::Note)
            .map(|d| d.message.clone())
            .collect();
        assert!(
            checked.record.is_some() && problems.is_empty(),
            "{text}\n{problems:#?}"
        );
    }
}

/// A snippet's text with each tab stop (`${1:default}`, `${2|a,b|}`) replaced
/// by its default or first choice.
fn fill_tab_stops(snippet: &str) -> String {
    let mut out = String::new();
    let mut rest = snippet;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("a closed tab stop") + start;
        let inner = &rest[start + 2..end];
        let body = inner.trim_start_matches(|c: char| c.is_ascii_digit());
        out.push_str(match body.strip_prefix(':') {
            Some(default) => default,
            None => body.trim_matches('|').split(',').next().unwrap_or_default(),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}
