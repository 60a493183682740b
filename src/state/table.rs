//! The machinery of a field table, in the spirit of TensorFlow Playground's `state.ts`: every
//! key is declared once, with how to read (parse and check) it, how to write it and what a
//! change restarts, and one pass over the table reads a link, writes it, and edits a field of
//! the page.
//!
//! A key may hold variable parts: `#` stands for a number (a lane, a layer, one half of a
//! pair) and `*` for a name (a hyperparameter, a schedule argument), as in
//! `lane.#.param.*`.

/// What an edit changed, so the page redoes only what it must.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The landscape view's surface, start, noise or length: restart the walkers.
    Landscape,
    /// Data or network: rebuild the whole race (same seed).
    Race,
    /// One lane's optimizer or schedule: restart that lane from the initial weights.
    Lane(usize),
    /// A lane's name: nothing to recompute.
    LaneName(usize),
    /// Only how things are drawn.
    View,
}

/// What a field declares a change of it restarts; lane changes take the lane from the key's
/// first `#`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restart {
    Landscape,
    Race,
    Lane,
    LaneName,
    View,
}

/// The variable parts of a key, in order: for `lane.2.param.betas.0` read by
/// `lane.#.param.*.#`, `["2", "betas", "0"]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key<'a> {
    pub parts: Vec<&'a str>,
}

impl Key<'_> {
    /// The `k`-th variable part as a number (it matched `#`, so it is digits).
    pub fn number(&self, k: usize) -> usize {
        self.parts
            .get(k)
            .and_then(|p| p.parse().ok())
            .unwrap_or(usize::MAX)
    }

    /// The `k`-th variable part as text.
    pub fn name(&self, k: usize) -> &str {
        self.parts.get(k).copied().unwrap_or("")
    }
}

/// Reads a value into the target; on error the target may be half-changed (callers read into
/// a copy).
pub type Read<T> = fn(&mut T, &Key, &str) -> Result<(), String>;
/// Appends every `key=value` the field writes for the target.
pub type Write<T> = fn(&T, &mut Vec<(String, String)>);
/// What values a field takes, where a range says it all (the tests and the fuzzers draw valid
/// values from it; a page could offer a slider).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Domain {
    /// A number in `lo..=hi`.
    Number(f64, f64),
    /// A whole number in `lo..=hi`.
    Whole(u32, u32),
    /// A switch.
    Flag,
    /// Names, lists, pairs...: see the field's own reader.
    Other,
}

/// One declared field.
pub struct Field<T: 'static> {
    /// The key, with `#` for a number and `*` for a name.
    pub key: &'static str,
    pub restarts: Restart,
    /// The page's panel the field sits in (`data`, `network`, ...): locking the panel locks
    /// the field.
    pub panel: Option<&'static str>,
    pub read: Read<T>,
    /// `None` for a field of the page's inputs whose value travels in the link under another
    /// key (`layer.#` goes as part of `layers`).
    pub write: Option<Write<T>>,
    pub domain: Domain,
}

impl<T> Field<T> {
    /// The key's variable parts, if `key` is one of this field's keys.
    pub fn matches<'a>(&self, key: &'a str) -> Option<Key<'a>> {
        let mut parts = Vec::new();
        let mut given = key.split('.');
        for want in self.key.split('.') {
            let got = given.next()?;
            match want {
                "#" if !got.is_empty()
                    && got.len() <= 9
                    && got.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    parts.push(got)
                }
                "*" if !got.is_empty()
                    && got.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                {
                    parts.push(got)
                }
                literal if literal == got && literal != "#" && literal != "*" => {}
                _ => return None,
            }
        }
        given.next().is_none().then_some(Key { parts })
    }

    /// The change a read of `key` makes.
    pub fn change(&self, key: &Key) -> Change {
        match self.restarts {
            Restart::Landscape => Change::Landscape,
            Restart::Race => Change::Race,
            Restart::Lane => Change::Lane(key.number(0)),
            Restart::LaneName => Change::LaneName(key.number(0)),
            Restart::View => Change::View,
        }
    }
}

/// The field of `table` that reads `key`, with its place in the table.
pub fn find<'t, 'k, T>(
    table: &'t [Field<T>],
    key: &'k str,
) -> Option<(usize, &'t Field<T>, Key<'k>)> {
    table
        .iter()
        .enumerate()
        .find_map(|(i, f)| f.matches(key).map(|k| (i, f, k)))
}

/// Reads `value` into `target` through the field that declares `key`, then `check`s the whole
/// target; on any error `target` is unchanged and the message says why.
pub fn apply<T: Clone>(
    table: &[Field<T>],
    target: &mut T,
    key: &str,
    value: &str,
    check: impl Fn(&T, Change) -> Result<(), String>,
) -> Result<Change, String> {
    let Some((_, field, parts)) = find(table, key) else {
        return Err(format!("unknown field {key:?}"));
    };
    let mut next = target.clone();
    (field.read)(&mut next, &parts, value)?;
    let change = field.change(&parts);
    check(&next, change)?;
    *target = next;
    Ok(change)
}

/// Every `key=value` the table writes for `target`, in table order (which is also the order
/// a link is read in: a lane count before the lanes' fields, an optimizer before its settings).
pub fn write<T>(table: &[Field<T>], target: &T) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for field in table {
        if let Some(write) = field.write {
            write(target, &mut out);
        }
    }
    out
}

/// Puts `pairs` in the order the table reads them (stable within a field), so a hand-written
/// link that names a lane's field before the lane count still works.
pub fn in_table_order<T>(table: &[Field<T>], pairs: &mut Vec<(String, String)>) {
    // Each key's rank found once: a long link has hundreds of pairs.
    crate::order::sort_by_cached_key(pairs, |(k, _)| {
        find(table, k).map_or(usize::MAX, |(i, ..)| i)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &'static str) -> Field<u32> {
        Field {
            key,
            restarts: Restart::Lane,
            panel: None,
            read: |_, _, _| Ok(()),
            write: None,
            domain: Domain::Other,
        }
    }

    #[test]
    fn keys_match_their_patterns() {
        let f = field("lane.#.param.*.#");
        assert_eq!(
            f.matches("lane.2.param.betas.0"),
            Some(Key {
                parts: vec!["2", "betas", "0"]
            })
        );
        assert_eq!(f.matches("lane.2.param.betas"), None);
        assert_eq!(f.matches("lane.x.param.betas.0"), None);
        assert_eq!(f.matches("lane.2.param.betas.0.1"), None);
        assert_eq!(f.matches("lane.99999999999.param.b.0"), None, "no overflow");
        assert_eq!(
            f.change(&f.matches("lane.3.param.b.1").unwrap()),
            Change::Lane(3)
        );
        assert_eq!(field("noise").matches("noise"), Some(Key { parts: vec![] }));
        assert_eq!(field("noise").matches("noise.1"), None);
        assert_eq!(field("*").matches("a-b"), None);
    }
}
