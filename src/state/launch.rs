//! How the page was launched: embedded in a course, which panels it shows and which it locks,
//! whether it plays at once, and its language. A value of its own, read from the launch
//! address (its query string and its hash) and owned by the page's shell: nothing that
//! replaces the experiment (a lesson, a host's `load` message, an imported race, reset, a new
//! seed, a view switch) replaces it.

use super::experiment::Experiment;
use super::fields::FIELDS;
use super::table::{self, Change, Domain, Field, Restart};
use super::values::flag;

/// The panels `show` and `lock` name.
pub const PANELS: [&str; 9] = [
    "share",
    "data",
    "network",
    "surface",
    "lessons",
    "lanes",
    "charts",
    "inspector",
    "landscape",
];

/// The languages the page speaks.
pub const LANGUAGES: [&str; 3] = ["en", "ru", "fa"];

/// The launch settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Launch {
    /// Course embedding: a compact layout without page chrome.
    pub embed: bool,
    /// Panels shown ([`PANELS`]); `None` shows all.
    pub show: Option<Vec<String>>,
    /// Panels, or single fields (their keys, as `lane.0.param.lr`), a teacher fixed: shown,
    /// read-only.
    pub lock: Vec<String>,
    /// Start training as soon as the page opens.
    pub autoplay: bool,
    /// The page's language (`en`, `ru`, `fa`); `None` follows the browser.
    pub lang: Option<String>,
    /// The course whose lessons the page lists: a folder beside the page, on its own site
    /// (`lessons/week5/`); `None` is the built-in course, `lessons/`.
    pub course: Option<String>,
}

impl Launch {
    /// Applies one launch key; on error nothing changes.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<Change, String> {
        table::apply(LAUNCH_FIELDS, self, key, value, |_, _| Ok(()))
    }

    /// The launch keys this launch writes (only those that differ from a plain page).
    pub fn fields(&self) -> Vec<(String, String)> {
        table::write(LAUNCH_FIELDS, self)
    }

    /// Whether a teacher fixed the experiment's field `key`: by its key, or by its panel.
    pub fn locks(&self, key: &str) -> bool {
        let panel = table::find(FIELDS, key).and_then(|(_, f, _)| f.panel);
        self.lock
            .iter()
            .any(|l| l == key || Some(l.as_str()) == panel)
    }

    /// Keeps in `next` (a lesson, an imported race, a resumed attempt) every field a teacher
    /// locked, at its value in `current`; returns the keys kept, for the notice.
    pub fn keep_locked(&self, current: &Experiment, next: &mut Experiment) -> Vec<String> {
        if self.lock.is_empty() {
            return Vec::new();
        }
        let theirs = next.fields();
        let mut kept = Vec::new();
        for (key, value) in current.fields() {
            if self.locks(&key)
                && !theirs.iter().any(|(k, v)| *k == key && *v == value)
                && next.apply(&key, &value).is_ok()
            {
                kept.push(key);
            }
        }
        // Points a locked data panel did not have do not come in either.
        if self.locks("custom") && current.custom.is_none() && next.custom.is_some() {
            next.custom = None;
            kept.push("custom".into());
        }
        kept
    }
}

/// Panel names, or with `fields`, also keys of the experiment's fields.
fn names(value: &str, fields: bool) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let known = PANELS.contains(&name) || (fields && table::find(FIELDS, name).is_some());
        if !known {
            let what = if fields { "panel or field" } else { "panel" };
            return Err(format!(
                "unknown {what} {name:?} (panels: {})",
                PANELS.join(", ")
            ));
        }
        out.push(name.to_string());
    }
    Ok(out)
}

/// Every launch key.
pub const LAUNCH_FIELDS: &[Field<Launch>] = &[
    Field {
        key: "embed",
        restarts: Restart::View,
        panel: None,
        read: |l, _, v| {
            l.embed = flag(v)?;
            Ok(())
        },
        write: Some(|l, out| {
            if l.embed {
                out.push(("embed".into(), "true".into()));
            }
        }),
        domain: Domain::Flag,
    },
    Field {
        key: "show",
        restarts: Restart::View,
        panel: None,
        read: |l, _, v| {
            l.show = Some(names(v, false)?);
            Ok(())
        },
        write: Some(|l, out| {
            if let Some(show) = &l.show {
                out.push(("show".into(), show.join(",")));
            }
        }),
        domain: Domain::Other,
    },
    Field {
        key: "lock",
        restarts: Restart::View,
        panel: None,
        read: |l, _, v| {
            l.lock = names(v, true)?;
            Ok(())
        },
        write: Some(|l, out| {
            if !l.lock.is_empty() {
                out.push(("lock".into(), l.lock.join(",")));
            }
        }),
        domain: Domain::Other,
    },
    Field {
        key: "autoplay",
        restarts: Restart::View,
        panel: None,
        read: |l, _, v| {
            l.autoplay = flag(v)?;
            Ok(())
        },
        write: Some(|l, out| {
            if l.autoplay {
                out.push(("autoplay".into(), "true".into()));
            }
        }),
        domain: Domain::Flag,
    },
    Field {
        key: "lang",
        restarts: Restart::View,
        panel: None,
        read: |l, _, v| {
            if !LANGUAGES.contains(&v) {
                return Err(format!("unknown language {v:?} (en, ru or fa)"));
            }
            l.lang = Some(v.to_string());
            Ok(())
        },
        write: Some(|l, out| {
            if let Some(lang) = &l.lang {
                out.push(("lang".into(), lang.clone()));
            }
        }),
        domain: Domain::Other,
    },
    Field {
        key: "course",
        restarts: Restart::View,
        panel: None,
        read: |l, _, v| {
            l.course = Some(course_folder(v)?);
            Ok(())
        },
        write: Some(|l, out| {
            if let Some(course) = &l.course {
                out.push(("course".into(), course.clone()));
            }
        }),
        domain: Domain::Other,
    },
];

/// A course's folder as a link may name it: relative to the page and on its own site (no
/// scheme, no host, no way up), ending in `/`.
pub fn course_folder(value: &str) -> Result<String, String> {
    let v = value.trim();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_./".contains(c);
    if v.is_empty()
        || v.len() > 200
        || v.starts_with('/')
        || v.starts_with('.')
        || v.contains("..")
        || v.contains("//")
        || !v.chars().all(allowed)
    {
        return Err(format!(
            "a course is a folder beside the page, such as lessons/week5/, not {:?}",
            crate::format::brief(v, 60)
        ));
    }
    Ok(if v.ends_with('/') {
        v.to_string()
    } else {
        format!("{v}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_course_is_a_folder_beside_the_page() {
        let mut l = Launch::default();
        l.apply("course", "lessons/week5").unwrap();
        assert_eq!(l.course.as_deref(), Some("lessons/week5/"));
        assert_eq!(
            l.fields(),
            [("course".to_string(), "lessons/week5/".to_string())]
        );
        for bad in [
            "https://elsewhere.example/c/",
            "//elsewhere.example/c/",
            "/etc/",
            "../up/",
            "a/../../b/",
            "./x/",
            "a b/",
            "javascript:alert(1)",
            "",
        ] {
            let e = l.apply("course", bad).unwrap_err();
            assert!(
                e.starts_with("a course is a folder beside the page"),
                "{bad}: {e}"
            );
        }
        assert_eq!(
            l.course.as_deref(),
            Some("lessons/week5/"),
            "a refused value changes nothing"
        );
    }

    #[test]
    fn launch_keys_are_checked() {
        let mut l = Launch::default();
        l.apply("lock", "network, lane.0.param.lr,lane.2.schedule.gamma")
            .unwrap();
        assert!(l.locks("lane.0.param.lr"));
        assert!(l.locks("activation") && l.locks("layer.2"));
        assert!(!l.locks("noise") && !l.locks("lane.1.param.lr"));
        assert_eq!(
            l.apply("lock", "netwrok").unwrap_err(),
            "unknown panel or field \"netwrok\" (panels: share, data, network, surface, lessons, lanes, charts, inspector, landscape)"
        );
        assert!(l
            .apply("show", "lanes,popups")
            .unwrap_err()
            .starts_with("unknown panel \"popups\""));
        assert_eq!(
            l.apply("lang", "de").unwrap_err(),
            "unknown language \"de\" (en, ru or fa)"
        );
        assert_eq!(l.apply("embed", "1"), Ok(Change::View));
        assert!(l.embed);
        assert_eq!(
            l.apply("dataset", "moons").unwrap_err(),
            "unknown field \"dataset\""
        );
    }

    #[test]
    fn a_lesson_cannot_change_what_a_teacher_locked() {
        let mut l = Launch::default();
        l.apply("lock", "network,lane.0.param.lr").unwrap();
        let mut current = Experiment::default();
        current.apply("activation", "relu").unwrap();
        current.apply("lane.0.param.lr", "0.5").unwrap();
        let mut lesson = Experiment::default();
        lesson.apply("activation", "sigmoid").unwrap();
        lesson.apply("layers", "3").unwrap();
        lesson.apply("lane.0.param.lr", "0.1").unwrap();
        lesson.apply("noise", "0.3").unwrap();
        let kept = l.keep_locked(&current, &mut lesson);
        assert_eq!(kept, ["layers", "activation", "lane.0.param.lr"]);
        assert_eq!(lesson.activation.name(), "relu");
        assert_eq!(lesson.hidden, [8, 8]);
        assert_eq!(lesson.lanes[0].optimizer.lr(), 0.5);
        assert_eq!(lesson.noise, 0.3, "an unlocked field comes from the lesson");
        assert!(Launch::default()
            .keep_locked(&current, &mut lesson)
            .is_empty());
    }
}
