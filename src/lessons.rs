//! Lessons as files a teacher writes in any editor, and the course that lists them. A lesson
//! is a short header (its id and the page state it opens, as a link) and the same lesson in one
//! or more languages side by side:
//!
//! ```text
//! id: learning-rate
//! state: v=1&view=landscape&surface=quadratic&lane.0.param.lr=0.01
//!
//! == en
//! # 1. Learning rate: too small, about right, too large
//!
//! Gradient descent moves against the gradient: w ← w − η·∇f(w). ...
//!
//! > Find the largest learning rate that still converges.
//!
//! == ru
//! # 1. Шаг обучения ...
//! ```
//!
//! The header may also free some fields (`free: lane.0.param.lr`: while the learner is in the
//! lesson, every other setting that changes a run is locked) and state a graded challenge
//! (`challenge:` and `points:`, see [`crate::challenge`]).
//!
//! In a language's part, `# ` begins the title, `> ` a thing to try, and every other line is
//! the explanation (a blank line between paragraphs). Text is text: the page shows it as
//! written and never runs or links anything in it. A course is a folder with `index.txt`, one
//! lesson file per line in teaching order (`#` begins a comment). The built-in course is
//! `www/lessons/`, fetched beside the page; each of its lessons' claims is checked by a test in
//! `tests/lessons.rs` that reads the lesson from its file and runs its state.

use crate::challenge::{Challenge, Goal, MAX_POINTS};
use crate::i18n::Lang;
use crate::state::{read_experiment, Experiment};

/// Largest lesson or index file read (a lesson is a page of text, not a book).
pub const MAX_FILE_BYTES: usize = 64 * 1024;
/// Most lessons a course lists.
pub const MAX_LESSONS: usize = 100;

/// One lesson in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonText {
    pub title: String,
    /// The explanation's paragraphs.
    pub paragraphs: Vec<String>,
    /// Things to try, each a line of its own.
    pub try_this: Vec<String>,
}

/// One lesson: its id, the state it opens and its text in each language the file has.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// Short name: the card's anchor (`#lesson-ID`) and a challenge's key.
    pub id: String,
    /// The file it was read from, as its course names it.
    pub file: String,
    /// The graded challenge, if the lesson has one.
    pub challenge: Option<Challenge>,
    /// The fields a learner may change while the lesson is open (`free:`); the others are
    /// locked. `None`: the lesson locks nothing.
    pub free: Option<Vec<String>>,
    state: Experiment,
    texts: Vec<(Lang, LessonText)>,
}

impl Lesson {
    /// Reads the lesson file `file` (named so in errors) from `source`. An error names the
    /// file, the line and what was expected there.
    pub fn parse(file: &str, source: &str) -> Result<Lesson, String> {
        let at = |line: usize, what: String| format!("{file}:{line}: {what}");
        if source.len() > MAX_FILE_BYTES {
            return Err(format!(
                "{file}: {} bytes, more than a lesson's {MAX_FILE_BYTES}",
                source.len()
            ));
        }
        let (mut id, mut state) = (None, None);
        // The challenge's parts, each with its line (checked against the state at the end).
        let mut goal: Option<(Goal, usize)> = None;
        let mut free: Option<(Vec<String>, usize)> = None;
        let mut points: Option<u32> = None;
        let mut texts: Vec<(Lang, LessonText)> = Vec::new();
        // The part being read: its language, and the lines since the last blank one.
        let mut part: Option<(Lang, LessonText, usize)> = None;
        let mut paragraph: Vec<&str> = Vec::new();
        let flush = |text: &mut LessonText, paragraph: &mut Vec<&str>| {
            if !paragraph.is_empty() {
                text.paragraphs.push(paragraph.join(" "));
                paragraph.clear();
            }
        };
        let finish = |texts: &mut Vec<(Lang, LessonText)>,
                      part: Option<(Lang, LessonText, usize)>|
         -> Result<(), String> {
            if let Some((lang, text, line)) = part {
                if text.title.is_empty() {
                    return Err(at(
                        line,
                        format!("the {} part has no \"# title\" line", lang.code()),
                    ));
                }
                if text.paragraphs.is_empty() {
                    return Err(at(
                        line,
                        format!("the {} part has no explanation", lang.code()),
                    ));
                }
                texts.push((lang, text));
            }
            Ok(())
        };
        for (n, raw) in source.lines().enumerate() {
            let line = raw.trim();
            let number = n + 1;
            if let Some(code) = line.strip_prefix("==") {
                let code = code.trim();
                let lang = Lang::from_code(code).ok_or_else(|| {
                    at(
                        number,
                        format!("unknown language {code:?} (expected en, ru or fa)"),
                    )
                })?;
                if texts.iter().any(|(l, _)| *l == lang)
                    || part.as_ref().is_some_and(|p| p.0 == lang)
                {
                    return Err(at(number, format!("a second {code} part")));
                }
                if let Some((_, text, _)) = part.as_mut() {
                    flush(text, &mut paragraph);
                }
                finish(&mut texts, part.take())?;
                part = Some((lang, empty_text(), number));
                continue;
            }
            let Some((_, text, _)) = part.as_mut() else {
                // The header: `key: value` lines.
                if line.is_empty() {
                    continue;
                }
                let (key, value) = line.split_once(':').ok_or_else(|| {
                    at(
                        number,
                        "expected \"id: ...\", \"state: ...\" or \"== en\"".into(),
                    )
                })?;
                let value = value.trim();
                match key.trim() {
                    "id" => {
                        if value.is_empty()
                            || value.len() > 64
                            || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                        {
                            return Err(at(
                                number,
                                format!("an id is 1 to 64 letters, digits or '-', not {value:?}"),
                            ));
                        }
                        id = Some(value.to_string());
                    }
                    "state" => {
                        let link = value.trim_start_matches(['#', '?']);
                        let (experiment, ignored) = read_experiment(link);
                        if let Some(first) = ignored.first() {
                            return Err(at(
                                number,
                                format!("the state has a part the page can't use: {first}"),
                            ));
                        }
                        state = Some(experiment);
                    }
                    "challenge" => goal = Some((Goal::parse(value).map_err(|e| at(number, e))?, number)),
                    "free" => {
                        let keys = value
                            .split(',')
                            .map(|k| k.trim().to_string())
                            .filter(|k| !k.is_empty())
                            .collect();
                        free = Some((keys, number));
                    }
                    "points" => {
                        points = Some(
                            value
                                .parse()
                                .ok()
                                .filter(|p| (1..=MAX_POINTS).contains(p))
                                .ok_or_else(|| at(number, format!("points are a whole number from 1 to {MAX_POINTS}")))?,
                        )
                    }
                    other => {
                        return Err(at(
                            number,
                            format!("unknown header {other:?} (expected id, state, challenge, free or points)"),
                        ))
                    }
                }
                continue;
            };
            if let Some(title) = line.strip_prefix('#') {
                flush(text, &mut paragraph);
                if !text.title.is_empty() {
                    return Err(at(number, "a second title".into()));
                }
                text.title = title.trim().to_string();
            } else if let Some(suggestion) = line.strip_prefix('>') {
                flush(text, &mut paragraph);
                text.try_this.push(suggestion.trim().to_string());
            } else if line.is_empty() {
                flush(text, &mut paragraph);
            } else {
                paragraph.push(line);
            }
        }
        if let Some((_, text, _)) = part.as_mut() {
            flush(text, &mut paragraph);
        }
        finish(&mut texts, part)?;
        let id = id.ok_or_else(|| format!("{file}: no \"id: ...\" line"))?;
        let state = state.ok_or_else(|| format!("{file}: no \"state: ...\" line"))?;
        if texts.is_empty() {
            return Err(format!(
                "{file}: no language part (\"== en\" and the lesson under it)"
            ));
        }
        // The free fields: ones the page knows, of a lane the state has (a schedule's argument
        // may appear only once the learner picks that schedule).
        if let Some((keys, line)) = &free {
            let known = |k: &str| {
                crate::state::table::find(crate::state::fields::FIELDS, k).is_some()
                    && k.strip_prefix("lane.").is_none_or(|rest| {
                        rest.split('.')
                            .next()
                            .and_then(|n| n.parse::<usize>().ok())
                            .is_some_and(|n| n < state.lanes.len())
                    })
            };
            if let Some(k) = keys.iter().find(|k| !known(k)) {
                return Err(at(*line, format!("{k:?} is not a field of the state")));
            }
        }
        let free = free.map(|(keys, _)| keys);
        // A challenge is checked against its state now, not when a learner asks for a verdict.
        let challenge = match goal {
            None if points.is_some() => {
                return Err(format!(
                    "{file}: \"points\" belong to a \"challenge: ...\" line"
                ))
            }
            None => None,
            Some((goal, line)) => {
                goal.fits(&state).map_err(|e| at(line, e))?;
                Some(Challenge {
                    goal,
                    free: free.clone().unwrap_or_default(),
                    points: points.unwrap_or(1),
                })
            }
        };
        Ok(Lesson {
            id,
            file: file.to_string(),
            challenge,
            free,
            state,
            texts,
        })
    }

    /// The lesson in `lang`; else in English; else in the first language the file has.
    pub fn text(&self, lang: Lang) -> &LessonText {
        let find = |l: Lang| self.texts.iter().find(|(x, _)| *x == l).map(|(_, t)| t);
        find(lang)
            .or_else(|| find(Lang::En))
            .unwrap_or(&self.texts[0].1)
    }

    /// The languages the file has.
    pub fn languages(&self) -> impl Iterator<Item = Lang> + '_ {
        self.texts.iter().map(|(l, _)| *l)
    }

    /// The page state of this lesson.
    pub fn state(&self) -> Experiment {
        self.state.clone()
    }

    /// The link (a URL hash) that opens the page in this lesson's state.
    pub fn link(&self) -> String {
        format!("#{}", self.state.link())
    }
}

fn empty_text() -> LessonText {
    LessonText {
        title: String::new(),
        paragraphs: Vec::new(),
        try_this: Vec::new(),
    }
}

/// Reads a course's index (`file` names it in errors): the lesson files it lists, in order.
/// A name is a file in the course's folder or below it, never above it or elsewhere.
pub fn parse_index(file: &str, source: &str) -> Result<Vec<String>, String> {
    if source.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{file}: {} bytes, more than an index's {MAX_FILE_BYTES}",
            source.len()
        ));
    }
    let mut out = Vec::new();
    for (n, raw) in source.lines().enumerate() {
        let name = raw.trim();
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        let inside = !name.starts_with('/')
            && !name.contains("..")
            && !name.contains(':')
            && !name.contains('\\')
            && name.ends_with(".md");
        if !inside {
            return Err(format!(
                "{file}:{}: expected a lesson file in this folder, such as week1/rate.md, not {name:?}",
                n + 1
            ));
        }
        if out.len() == MAX_LESSONS {
            return Err(format!("{file}:{}: more than {MAX_LESSONS} lessons", n + 1));
        }
        out.push(name.to_string());
    }
    if out.is_empty() {
        return Err(format!("{file}: lists no lesson"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_file_reads_its_parts_and_falls_back_to_english() {
        let l = Lesson::parse(
            "week1/rate.md",
            "id: rate\nstate: #v=1&view=landscape&lane.0.param.lr=0.5\n\n== en\n# Rate\n\nOne line\nand its next.\n\nA second paragraph.\n> Try this.\n> And this.\n",
        )
        .unwrap();
        let en = l.text(Lang::En);
        assert_eq!(en.title, "Rate");
        assert_eq!(
            en.paragraphs,
            ["One line and its next.", "A second paragraph."]
        );
        assert_eq!(en.try_this, ["Try this.", "And this."]);
        assert_eq!(
            l.text(Lang::Fa),
            en,
            "a missing language falls back to English"
        );
        assert_eq!(l.state().lanes[0].optimizer.lr(), 0.5);
    }

    #[test]
    fn a_damaged_lesson_file_is_refused_with_its_name_line_and_what_was_expected() {
        let cases = [
            ("state: v=1\n== en\n# T\nx", "f.md: no \"id: ...\" line"),
            ("id: a\n== en\n# T\nx", "f.md: no \"state: ...\" line"),
            ("id: a\nstate: v=1\n", "f.md: no language part"),
            (
                "id: a b\nstate: v=1\n== en\n# T\nx",
                "f.md:1: an id is 1 to 64",
            ),
            (
                "id: a\nstate: v=1&lanes=99\n== en\n# T\nx",
                "f.md:2: the state has a part the page can't use: lanes=99",
            ),
            (
                "id: a\nstate: v=1&frobnicate=1\n== en\n# T\nx",
                "f.md:2: the state has a part",
            ),
            (
                "id: a\nstate: v=1\ncolour: red\n== en\n# T\nx",
                "f.md:3: unknown header \"colour\"",
            ),
            ("id: a\nstate: v=1\nhello\n", "f.md:3: expected \"id: ...\""),
            (
                "id: a\nstate: v=1\n== de\n# T\nx",
                "f.md:3: unknown language \"de\"",
            ),
            (
                "id: a\nstate: v=1\n== en\nx\n",
                "f.md:3: the en part has no \"# title\" line",
            ),
            (
                "id: a\nstate: v=1\n== en\n# T\n== ru\n# T\nx",
                "f.md:3: the en part has no explanation",
            ),
            (
                "id: a\nstate: v=1\n== en\n# T\n# U\nx",
                "f.md:5: a second title",
            ),
            (
                "id: a\nstate: v=1\n== en\n# T\nx\n== en\n# T\nx",
                "f.md:6: a second en part",
            ),
        ];
        for (source, expected) in cases {
            let e = Lesson::parse("f.md", source).unwrap_err();
            assert!(e.starts_with(expected), "{source:?}: {e}");
        }
        let huge = "x".repeat(MAX_FILE_BYTES + 1);
        assert!(Lesson::parse("f.md", &huge)
            .unwrap_err()
            .contains("more than"));
    }

    #[test]
    fn a_challenge_is_read_and_checked_against_its_state_when_loaded() {
        let head = "id: c\nstate: v=1&view=landscape&lanes=2\n";
        let body = "\n== en\n# T\nx\n";
        let l = Lesson::parse(
            "c.md",
            &format!("{head}challenge: loss of lane 1 <= 0.01 within 200 steps\nfree: lane.1.param.lr, lane.1.optimizer\npoints: 10{body}"),
        )
        .unwrap();
        let c = l.challenge.unwrap();
        assert_eq!((c.goal.lane, c.goal.steps, c.points), (1, 200, 10));
        assert_eq!(c.free, ["lane.1.param.lr", "lane.1.optimizer"]);
        for (header, says) in [
            (
                "challenge: test_accuracy >= 0.9 within 10 steps\n",
                "c.md:3: test_accuracy is not a figure of the landscape view",
            ),
            (
                "challenge: loss of lane 3 <= 1 within 10 steps\n",
                "c.md:3: the state has 2 lanes, no lane 3",
            ),
            (
                "challenge: loss <= 1 within 10 steps\nfree: lane.5.param.lr\n",
                "c.md:4: \"lane.5.param.lr\" is not a field of the state",
            ),
            (
                "challenge: loss <= 1 within 10 steps\npoints: 0\n",
                "c.md:4: points are a whole number",
            ),
            (
                "challenge: loss <= 1 within ten steps\n",
                "c.md:3: the step budget must be",
            ),
            (
                "points: 5\n",
                "c.md: \"points\" belong to a \"challenge: ...\" line",
            ),
            (
                "free: lane.0.param.lr, noise, nope\n",
                "c.md:3: \"nope\" is not a field of the state",
            ),
        ] {
            let e = Lesson::parse("c.md", &format!("{head}{header}{body}")).unwrap_err();
            assert!(e.starts_with(says), "{header}: {e}");
        }
        // A lesson without a challenge may still free some fields and lock the rest.
        let l = Lesson::parse(
            "c.md",
            &format!("{head}free: lane.0.param.lr, noise\n{body}"),
        )
        .unwrap();
        assert_eq!(
            l.free.as_deref(),
            Some(&["lane.0.param.lr".to_string(), "noise".into()][..])
        );
        assert!(l.challenge.is_none());
    }

    #[test]
    fn an_index_lists_files_in_its_folder_only() {
        assert_eq!(
            parse_index("index.txt", "# week 1\nrate.md\n\n week2/momentum.md \n").unwrap(),
            ["rate.md", "week2/momentum.md"]
        );
        for bad in [
            "../x.md",
            "/etc/x.md",
            "https://elsewhere.example/x.md",
            "x.txt",
            "a\\b.md",
        ] {
            let e = parse_index("index.txt", bad).unwrap_err();
            assert!(
                e.starts_with("index.txt:1: expected a lesson file"),
                "{bad}: {e}"
            );
        }
        assert!(parse_index("index.txt", "# nothing\n")
            .unwrap_err()
            .contains("lists no lesson"));
        let many = "a.md\n".repeat(MAX_LESSONS + 1);
        assert!(parse_index("index.txt", &many)
            .unwrap_err()
            .contains("more than 100"));
    }
}
