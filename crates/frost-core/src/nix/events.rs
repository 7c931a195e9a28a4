//! Nix's `--log-format internal-json` stream, one stderr line at a time.
//!
//! Each line Nix writes is `@nix ` followed by one JSON object
//! (src/libutil/logging.cc, `JSONLogger`). Anything else on stderr (output
//! printed before the logger is set up, or by a wrapper) is passed through as
//! [`LogEvent::Text`], so nothing Nix says is lost.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

pub use super::ansi::strip_ansi;
use super::ansi::strip_ansi_owned;

/// What a Nix activity is doing (`ActivityType` in src/libutil/logging.hh).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityType {
    Unknown,
    /// Fields: store path, source store, destination store.
    CopyPath,
    /// Fields: URI.
    FileTransfer,
    Realise,
    CopyPaths,
    Builds,
    /// Fields: derivation path, machine, round, number of rounds.
    Build,
    OptimiseStore,
    VerifyPaths,
    /// Fields: store path, substituter.
    Substitute,
    QueryPathInfo,
    PostBuildHook,
    BuildWaiting,
    FetchTree,
    /// A type this version of Frost does not know (newer Nix).
    Other(u64),
}

impl ActivityType {
    pub fn from_code(code: u64) -> Self {
        match code {
            0 => Self::Unknown,
            100 => Self::CopyPath,
            101 => Self::FileTransfer,
            102 => Self::Realise,
            103 => Self::CopyPaths,
            104 => Self::Builds,
            105 => Self::Build,
            106 => Self::OptimiseStore,
            107 => Self::VerifyPaths,
            108 => Self::Substitute,
            109 => Self::QueryPathInfo,
            110 => Self::PostBuildHook,
            111 => Self::BuildWaiting,
            112 => Self::FetchTree,
            other => Self::Other(other),
        }
    }

    /// The number Nix uses for this type (also inside `SetExpected` fields).
    pub fn code(self) -> u64 {
        match self {
            Self::Unknown => 0,
            Self::CopyPath => 100,
            Self::FileTransfer => 101,
            Self::Realise => 102,
            Self::CopyPaths => 103,
            Self::Builds => 104,
            Self::Build => 105,
            Self::OptimiseStore => 106,
            Self::VerifyPaths => 107,
            Self::Substitute => 108,
            Self::QueryPathInfo => 109,
            Self::PostBuildHook => 110,
            Self::BuildWaiting => 111,
            Self::FetchTree => 112,
            Self::Other(code) => code,
        }
    }
}

/// What a `result` line reports about an activity (`ResultType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultType {
    FileLinked,
    /// Fields: one line of the builder's output (may hold ANSI codes).
    BuildLogLine,
    UntrustedPath,
    CorruptedPath,
    /// Fields: phase name.
    SetPhase,
    /// Fields: done, expected, running, failed (bytes for copies and downloads).
    Progress,
    /// Fields: activity type code, expected count.
    SetExpected,
    PostBuildLogLine,
    FetchStatus,
    /// A type this version of Frost does not know (newer Nix).
    Other(u64),
}

impl ResultType {
    pub fn from_code(code: u64) -> Self {
        match code {
            100 => Self::FileLinked,
            101 => Self::BuildLogLine,
            102 => Self::UntrustedPath,
            103 => Self::CorruptedPath,
            104 => Self::SetPhase,
            105 => Self::Progress,
            106 => Self::SetExpected,
            107 => Self::PostBuildLogLine,
            108 => Self::FetchStatus,
            other => Self::Other(other),
        }
    }

    pub fn code(self) -> u64 {
        match self {
            Self::FileLinked => 100,
            Self::BuildLogLine => 101,
            Self::UntrustedPath => 102,
            Self::CorruptedPath => 103,
            Self::SetPhase => 104,
            Self::Progress => 105,
            Self::SetExpected => 106,
            Self::PostBuildLogLine => 107,
            Self::FetchStatus => 108,
            Self::Other(code) => code,
        }
    }
}

/// One entry of a `fields` array: Nix only writes unsigned integers and strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Int(u64),
    Str(String),
}

impl Field {
    pub fn as_int(&self) -> Option<u64> {
        match self {
            Field::Int(n) => Some(*n),
            Field::Str(_) => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Field::Str(s) => Some(s),
            Field::Int(_) => None,
        }
    }
}

/// One line of Nix's stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogEvent {
    /// A message. Level 0 is an error, 1 a warning, 3 notice … 7 vomit.
    /// `raw_msg` is present only for errors and warnings that Nix raised as
    /// such (not for `trace:` output, which is also level 0). Both texts have
    /// their ANSI codes removed; `file`/`line`/`column` locate an evaluation
    /// error when Nix knows where it happened.
    Msg {
        level: u8,
        msg: String,
        raw_msg: Option<String>,
        file: Option<String>,
        line: Option<u32>,
        column: Option<u32>,
    },
    Start {
        id: u64,
        parent: u64,
        level: u8,
        activity: ActivityType,
        text: String,
        fields: Vec<Field>,
    },
    Stop {
        id: u64,
    },
    /// `fields` are kept exactly as Nix sent them (build log lines keep
    /// their colours; strip them with [`strip_ansi`] where shown as text).
    Result {
        id: u64,
        result: ResultType,
        fields: Vec<Field>,
    },
    /// A line that is not `@nix {json}` Nix understands (plain output, an
    /// action Frost does not know, or malformed JSON), unchanged.
    Text(String),
}

/// Parses one stderr line (without its newline).
pub fn parse_line(line: &str) -> LogEvent {
    line.strip_prefix("@nix ")
        .and_then(parse_json)
        .unwrap_or_else(|| LogEvent::Text(line.to_owned()))
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum Action {
    Msg,
    Start,
    Stop,
    Result,
    #[serde(other)]
    Unknown,
}

// The union of the keys of all actions. Keys Nix may add (`trace`, a session
// id …) are skipped without being decoded.
#[derive(Deserialize)]
struct Wire {
    action: Action,
    id: Option<u64>,
    parent: Option<u64>,
    level: Option<u64>,
    #[serde(rename = "type")]
    kind: Option<u64>,
    text: Option<String>,
    msg: Option<String>,
    raw_msg: Option<String>,
    file: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    #[serde(default)]
    fields: Vec<Field>,
}

fn parse_json(json: &str) -> Option<LogEvent> {
    let wire: Wire = serde_json::from_str(json).ok()?;
    let level = |l: u64| u8::try_from(l).unwrap_or(u8::MAX);
    Some(match wire.action {
        Action::Msg => LogEvent::Msg {
            level: level(wire.level?),
            msg: strip_ansi_owned(wire.msg?),
            raw_msg: wire.raw_msg.map(strip_ansi_owned),
            file: wire.file,
            line: wire.line.and_then(|n| u32::try_from(n).ok()),
            column: wire.column.and_then(|n| u32::try_from(n).ok()),
        },
        Action::Start => LogEvent::Start {
            id: wire.id?,
            parent: wire.parent.unwrap_or(0),
            level: level(wire.level.unwrap_or(0)),
            activity: ActivityType::from_code(wire.kind?),
            text: wire.text.unwrap_or_default(),
            fields: wire.fields,
        },
        Action::Stop => LogEvent::Stop { id: wire.id? },
        Action::Result => LogEvent::Result {
            id: wire.id?,
            result: ResultType::from_code(wire.kind?),
            fields: wire.fields,
        },
        Action::Unknown => return None,
    })
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// Integers and strings map directly. Anything else a future Nix might put in
/// a field keeps its JSON text, so one odd field does not cost the whole line
/// or shift the positions of the fields after it.
struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a log field")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field, E> {
        Ok(Field::Int(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field, E> {
        Ok(u64::try_from(v).map_or_else(|_| Field::Str(v.to_string()), Field::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field, E> {
        Ok(Field::Str(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Field, E> {
        Ok(Field::Str(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Field, E> {
        Ok(Field::Str(String::new()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
        Ok(Field::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Field, E> {
        Ok(Field::Str(v))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Field, A::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Field::Str(value.to_string()))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Field, A::Error> {
        let value = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Field::Str(value.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_keeps_ids_above_2_pow_53_exactly() {
        // Nix builds ids as (pid << 32) + n; a pid above 2^21 passes 2^53,
        // where an f64 would round.
        let id: u64 = (4_194_303 << 32) + 7;
        let line = format!(
            r#"@nix {{"action":"start","fields":["/nix/store/abc-hello.drv","",1,1],"id":{id},"level":3,"parent":{},"text":"building","type":105}}"#,
            id - 1
        );
        assert_eq!(
            parse_line(&line),
            LogEvent::Start {
                id,
                parent: id - 1,
                level: 3,
                activity: ActivityType::Build,
                text: "building".into(),
                fields: vec![
                    Field::Str("/nix/store/abc-hello.drv".into()),
                    Field::Str(String::new()),
                    Field::Int(1),
                    Field::Int(1)
                ],
            }
        );
        assert_eq!(
            parse_line(&format!(r#"@nix {{"action":"stop","id":{}}}"#, u64::MAX)),
            LogEvent::Stop { id: u64::MAX }
        );
    }

    #[test]
    fn unknown_activity_and_result_types_are_kept_as_numbers() {
        assert_eq!(
            parse_line(
                r#"@nix {"action":"start","id":1,"level":0,"parent":0,"text":"","type":10113}"#
            ),
            LogEvent::Start {
                id: 1,
                parent: 0,
                level: 0,
                activity: ActivityType::Other(10113),
                text: String::new(),
                fields: vec![],
            }
        );
        assert_eq!(
            parse_line(r#"@nix {"action":"result","fields":[3],"id":1,"type":110}"#),
            LogEvent::Result {
                id: 1,
                result: ResultType::Other(110),
                fields: vec![Field::Int(3)]
            }
        );
        for code in (0..=120).chain([10113]) {
            assert_eq!(ActivityType::from_code(code).code(), code);
            assert_eq!(ResultType::from_code(code).code(), code);
        }
    }

    #[test]
    fn odd_fields_keep_their_position_as_json_text() {
        assert_eq!(
            parse_line(
                r#"@nix {"action":"result","fields":[-1,1.5,null,{"a":[1]},7],"id":2,"type":105}"#
            ),
            LogEvent::Result {
                id: 2,
                result: ResultType::Progress,
                fields: vec![
                    Field::Str("-1".into()),
                    Field::Str("1.5".into()),
                    Field::Str(String::new()),
                    Field::Str(r#"{"a":[1]}"#.into()),
                    Field::Int(7)
                ]
            }
        );
    }

    #[test]
    fn error_messages_lose_colours_and_keep_their_position() {
        let line = r#"@nix {"action":"msg","column":5,"file":"«string»:1:5","level":0,"line":1,"msg":"\u001b[31;1merror:\u001b[0m cannot add \u001b[35;1ma string\u001b[0m","raw_msg":"cannot add \u001b[35;1ma string\u001b[0m","trace":[{"raw_msg":"x"}]}"#;
        assert_eq!(
            parse_line(line),
            LogEvent::Msg {
                level: 0,
                msg: "error: cannot add a string".into(),
                raw_msg: Some("cannot add a string".into()),
                file: Some("«string»:1:5".into()),
                line: Some(1),
                column: Some(5),
            }
        );
    }

    #[test]
    fn anything_else_is_passed_through_unchanged() {
        for line in [
            "error: unrecognised flag '--bogus'",
            "",
            "@nix",
            "@nix ",
            "@nix {",
            "@nix {\"action\":\"stop\"}",
            "@nix {\"action\":\"stop\",\"id\":\"12\"}",
            "@nix {\"action\":\"stop\",\"id\":1} trailing",
            "@nix {\"action\":\"setPhase\",\"phase\":\"unpackPhase\"}",
            "@nix {\"id\":1}",
            "@nix [1,2]",
            "@nix {\"action\":\"result\",\"id\":1,\"type\":101,\"fields\":\"x\"}",
            "@nixx {\"action\":\"stop\",\"id\":1}",
            " @nix {\"action\":\"stop\",\"id\":1}",
            "\u{1b}[31;1merror:\u{1b}[0m coloured plain text",
        ] {
            assert_eq!(
                parse_line(line),
                LogEvent::Text(line.to_owned()),
                "{line:?}"
            );
        }
    }
}
