//! The closed vocabularies of the domain. Each is stored as its snake_case text in SQLite (the
//! schema's CHECK constraints list the same values) and sent as that text on the wire.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[ts(export)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }

            /// The accepted values, for error messages.
            pub fn expected() -> String {
                [$($text,)*].join(", ")
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::parse(text).ok_or_else(|| FromSqlError::Other(
                    format!("unknown {} '{}'", stringify!($name), text).into()))
            }
        }
    };
}

text_enum!(
    /// What an organisation is.
    OrganisationKind {
        Hospital => "hospital",
        HospitalNetwork => "hospital_network",
        Agency => "agency",
        Company => "company",
        University => "university",
        PublicBody => "public_body",
        Association => "association",
    }
);

text_enum!(
    /// What happens in an agenda item.
    AgendaKind {
        Presentation => "presentation",
        Meeting => "meeting",
        Visit => "visit",
        Travel => "travel",
        Meal => "meal",
        Reception => "reception",
        Break => "break",
        Transfer => "transfer",
    }
);

text_enum!(
    /// Where an agenda item stands.
    ItemStatus {
        Proposed => "proposed",
        Tentative => "tentative",
        Confirmed => "confirmed",
        Held => "held",
        Cancelled => "cancelled",
    }
);

text_enum!(
    /// The GDPR article 6 lawful basis for holding a person's data.
    LawfulBasis {
        Consent => "consent",
        Contract => "contract",
        LegalObligation => "legal_obligation",
        VitalInterests => "vital_interests",
        PublicTask => "public_task",
        LegitimateInterests => "legitimate_interests",
    }
);

text_enum!(
    /// How far a technology is from routine use.
    Maturity {
        Research => "research",
        Prototype => "prototype",
        ClinicalValidation => "clinical_validation",
        Certified => "certified",
        Marketed => "marketed",
    }
);

text_enum!(
    /// Medical Device Regulation (EU 2017/745) class.
    CeMdrClass {
        I => "I",
        IIa => "IIa",
        IIb => "IIb",
        III => "III",
    }
);

text_enum!(
    /// EU AI Act (Regulation 2024/1689) risk category.
    AiActRisk {
        Minimal => "minimal",
        Limited => "limited",
        High => "high",
        Unacceptable => "unacceptable",
    }
);

text_enum!(
    /// Where a follow-up stands.
    FollowupStatus {
        Open => "open",
        Waiting => "waiting",
        Done => "done",
        Dropped => "dropped",
    }
);

text_enum!(
    /// What came out of a meeting.
    OutcomeType {
        ClinicalTrialInterest => "clinical_trial_interest",
        Pilot => "pilot",
        Partnership => "partnership",
        InvestmentLead => "investment_lead",
        RegulatoryAdvice => "regulatory_advice",
        NoFurtherInterest => "no_further_interest",
    }
);

text_enum!(
    /// The kind of agreement a meeting led to, as agencies count them (issue 17 part 5).
    AgreementKind {
        Mou => "mou",
        LetterOfIntent => "letter_of_intent",
        Contract => "contract",
        ClinicalTrialProtocol => "clinical_trial_protocol",
        Investment => "investment",
    }
);

text_enum!(
    /// A person's part in a mission's delegation.
    MemberRole {
        Head => "head",
        Delegate => "delegate",
        Organiser => "organiser",
        Interpreter => "interpreter",
        Host => "host",
    }
);

text_enum!(
    /// Which end of a person's journey a travel leg is (logistics).
    TravelKind {
        Arrival => "arrival",
        Departure => "departure",
    }
);

text_enum!(
    /// How a person arrives or leaves.
    TravelMode {
        Flight => "flight",
        Train => "train",
        Other => "other",
    }
);

text_enum!(
    /// The room a stay books.
    RoomType {
        Single => "single",
        Double => "double",
        Twin => "twin",
        Suite => "suite",
    }
);

text_enum!(
    /// What a mission's vehicle is (ground transport).
    VehicleKind {
        Coach => "coach",
        Minibus => "minibus",
        Car => "car",
    }
);

text_enum!(
    /// What a mission's cost line pays for.
    CostCategory {
        Transport => "transport",
        Hotel => "hotel",
        Catering => "catering",
        Venue => "venue",
        Interpreting => "interpreting",
        Gifts => "gifts",
        Printing => "printing",
        Other => "other",
    }
);

text_enum!(
    /// A dietary requirement (issue 18, part 4: special-category data, held with consent).
    Diet {
        Vegetarian => "vegetarian",
        Vegan => "vegan",
        Halal => "halal",
        Kosher => "kosher",
        NoPork => "no_pork",
        NoAlcohol => "no_alcohol",
        GlutenFree => "gluten_free",
        LactoseFree => "lactose_free",
        NutAllergy => "nut_allergy",
        ShellfishAllergy => "shellfish_allergy",
        Other => "other",
    }
);

text_enum!(
    /// An accessibility need (issue 18, part 4: special-category data, held with consent).
    AccessNeed {
        Wheelchair => "wheelchair",
        ReducedMobility => "reduced_mobility",
        Hearing => "hearing",
        Sight => "sight",
        Other => "other",
    }
);

text_enum!(
    /// How a person's explicit consent to hold their needs was given.
    ConsentMethod {
        Form => "form",
        Email => "email",
        InPerson => "in_person",
        Phone => "phone",
    }
);
