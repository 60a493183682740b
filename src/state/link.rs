//! Links: `#v=1&key=value&...` (values URL-encoded), written and read through the field
//! tables. A link carries the experiment and the launch settings; a damaged, unknown or
//! out-of-range field is skipped with a reason and the rest is read.
//!
//! The page is launched from an address whose query string (as LMSs and course pages pass
//! settings) and hash may both carry keys; the hash wins for a key given twice.

use super::experiment::Experiment;
use super::fields::FIELDS;
use super::launch::{Launch, LAUNCH_FIELDS};
use super::table::{self, Field};
use crate::format::brief;

/// The version of the link format [`hash`] writes.
pub const HASH_VERSION: u32 = 1;

/// Percent-encodes everything but letters, digits and `-_.~,:`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~,:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads percent-encoding (and `+` as a space); `None` for damaged escapes or text that is
/// not UTF-8.
pub fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The decoded `key=value` pairs of a query string or hash (`?`/`#` and `v=` dropped); what
/// cannot be read is added to `ignored` with the reason.
pub fn pairs(text: &str, ignored: &mut Vec<String>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let text = text.trim_start_matches(['#', '?']);
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            ignored.push(format!("{pair}: not a field=value pair"));
            continue;
        };
        let (Some(key), Some(value)) = (decode(key), decode(value)) else {
            ignored.push(format!("{pair}: damaged encoding"));
            continue;
        };
        if key == "v" {
            if value != HASH_VERSION.to_string() {
                ignored.push(format!(
                    "the link is of format version {value}; this page reads version {HASH_VERSION}"
                ));
            }
            continue;
        }
        out.push((key, value));
    }
    out
}

/// `v=1&key=value&...` of these pairs.
pub fn join(pairs: &[(String, String)]) -> String {
    let mut parts = vec![format!("v={HASH_VERSION}")];
    for (k, v) in pairs {
        parts.push(format!("{}={}", encode(k), encode(v)));
    }
    parts.join("&")
}

/// The link (a URL hash without `#`) of an experiment with its launch settings.
pub fn hash(experiment: &Experiment, launch: &Launch) -> String {
    let mut pairs = experiment.fields();
    pairs.extend(launch.fields());
    join(&pairs)
}

impl Experiment {
    /// This experiment's own link (a URL hash without `#`, no launch settings): what a
    /// lesson opens, a race file stores and a host's `load` message carries.
    pub fn link(&self) -> String {
        join(&self.fields())
    }
}

/// A refused `key=value` with the reason, as a notice lists it: a line, however long the
/// value.
fn refused(key: &str, value: &str, why: &str) -> String {
    format!(
        "{}={}: {}",
        brief(key, 60),
        brief(value, 60),
        brief(why, 200)
    )
}

/// Applies to `target` the pairs its table declares, in the table's order (a lane count
/// before the lanes' fields, whatever the link's order), each one checked; those it refuses
/// are added to `ignored` with the reason. Pairs of other tables are left in `rest`.
fn read<T: Clone>(
    table: &[Field<T>],
    target: &mut T,
    pairs: Vec<(String, String)>,
    apply: impl Fn(&mut T, &str, &str) -> Result<(), String>,
    ignored: &mut Vec<String>,
) -> Vec<(String, String)> {
    let (mut mine, rest): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .partition(|(k, _)| table::find(table, k).is_some());
    table::in_table_order(table, &mut mine);
    // A value refused only for want of another one later in the same field (`nesterov=true`
    // before `momentum=0.9`) is tried again once the rest is in, unless its key comes again.
    let mut later = Vec::new();
    for (at, (key, value)) in mine.iter().enumerate() {
        if let Err(why) = apply(target, key, value) {
            later.push((at, why));
        }
    }
    for (at, why) in later {
        let (key, value) = &mine[at];
        let again = mine[at + 1..].iter().any(|(k, _)| k == key);
        if again || apply(target, key, value).is_err() {
            ignored.push(refused(key, value, &why));
        }
    }
    rest
}

/// What a launch address says: the launch settings, the experiment if the address carries
/// one, and what it could not use.
#[derive(Clone, Debug, PartialEq)]
pub struct Address {
    pub launch: Launch,
    /// `None` when neither the query nor the hash names a field of the experiment or the link
    /// format (`v=1`): the page then restores the learner's last experiment.
    pub experiment: Option<Experiment>,
    /// Parts that were skipped, each with its reason.
    pub ignored: Vec<String>,
}

/// Reads a launch address: its query string, then its hash (so the hash wins for a key given
/// twice). Keys that are neither launch settings nor fields of the experiment are ignored with
/// a reason.
pub fn read_address(query: &str, hash: &str) -> Address {
    let mut ignored = Vec::new();
    let mut all = pairs(query, &mut ignored);
    all.extend(pairs(hash, &mut ignored));
    let mut launch = Launch::default();
    let rest = read(
        LAUNCH_FIELDS,
        &mut launch,
        all,
        |l, k, v| l.apply(k, v).map(drop),
        &mut ignored,
    );
    // A link names its format (`v=1`): even without fields it is the defaults, not "restore".
    let versioned = [query, hash].iter().any(|t| {
        t.trim_start_matches(['#', '?'])
            .split('&')
            .any(|p| p.starts_with("v="))
    });
    let mut experiment = None;
    if versioned || !rest.is_empty() {
        let mut e = Experiment::default();
        let unknown = read(
            FIELDS,
            &mut e,
            rest,
            |e, k, v| e.apply(k, v).map(drop),
            &mut ignored,
        );
        for (key, value) in unknown {
            ignored.push(refused(
                &key,
                &value,
                &format!("unknown field {:?}", brief(&key, 60)),
            ));
        }
        experiment = Some(e);
    }
    Address {
        launch,
        experiment,
        ignored,
    }
}

/// Reads an experiment from a link (launch keys in it are left out): what a lesson link, a
/// host's `load` message or a race file carries. Returns the experiment over the defaults and
/// the parts it could not use.
pub fn read_experiment(text: &str) -> (Experiment, Vec<String>) {
    let mut ignored = Vec::new();
    let all = pairs(text, &mut ignored);
    let mut e = Experiment::default();
    let rest = read(
        FIELDS,
        &mut e,
        all,
        |e, k, v| e.apply(k, v).map(drop),
        &mut ignored,
    );
    for (key, value) in rest {
        if table::find(LAUNCH_FIELDS, &key).is_none() {
            ignored.push(refused(
                &key,
                &value,
                &format!("unknown field {:?}", brief(&key, 60)),
            ));
        }
    }
    (e, ignored)
}

/// Whether `key` is a launch setting rather than a field of the experiment.
pub fn is_launch_key(key: &str) -> bool {
    table::find(LAUNCH_FIELDS, key).is_some()
}

/// The launch settings a link carries, if any (a host's `load` message may bring its own).
pub fn read_launch(text: &str) -> Option<(Launch, Vec<String>)> {
    let mut ignored = Vec::new();
    let all = pairs(text, &mut ignored);
    if !all
        .iter()
        .any(|(k, _)| table::find(LAUNCH_FIELDS, k).is_some())
    {
        return None;
    }
    let mut launch = Launch::default();
    read(
        LAUNCH_FIELDS,
        &mut launch,
        all,
        |l, k, v| l.apply(k, v).map(drop),
        &mut ignored,
    );
    Some((launch, ignored))
}
