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
//! In a language's part, `# ` begins the title, `> ` a thing to try, and every other line is
//! the explanation (a blank line between paragraphs). Text is text: the page shows it as
//! written and never runs or links anything in it. A course is a folder with `index.txt`, one
//! lesson file per line in teaching order (`#` begins a comment). The built-in course is
//! `www/lessons/`, fetched beside the page; each of its lessons' claims is checked by a test at
//! the bottom of this file that reads the lesson from its file and runs its state.

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
        // A challenge is checked against its state now, not when a learner asks for a verdict.
        let challenge = match (goal, free) {
            (None, None) if points.is_none() => None,
            (Some((goal, line)), free) => {
                goal.fits(&state).map_err(|e| at(line, e))?;
                let (free, free_line) = free.unwrap_or((Vec::new(), line));
                let known = state.fields();
                if let Some(k) = free.iter().find(|k| !known.iter().any(|(f, _)| f == *k)) {
                    return Err(at(free_line, format!("{k:?} is not a field of the state")));
                }
                Some(Challenge {
                    goal,
                    free,
                    points: points.unwrap_or(1),
                })
            }
            _ => {
                return Err(format!(
                    "{file}: \"free\" and \"points\" belong to a \"challenge: ...\" line"
                ))
            }
        };
        Ok(Lesson {
            id,
            file: file.to_string(),
            challenge,
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
    use crate::landscape::Walker;
    use crate::nn::Init;
    use crate::optim::HyperValue;
    use crate::surface::TestFunction;

    /// The built-in course, read from its files as the page fetches them.
    fn course() -> Vec<Lesson> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/lessons");
        let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
        parse_index("index.txt", &read("index.txt"))
            .unwrap()
            .iter()
            .map(|f| Lesson::parse(f, &read(f)).unwrap_or_else(|e| panic!("{e}")))
            .collect()
    }

    fn lesson(id: &str) -> Lesson {
        course().into_iter().find(|l| l.id == id).unwrap()
    }

    /// Every walker of a landscape lesson after its `walk_steps`.
    fn walk(id: &str) -> Vec<Walker> {
        let state = lesson(id).state();
        let land = state.landscape();
        state
            .lanes
            .iter()
            .map(|lane| land.walk(lane, state.walk_steps).unwrap())
            .collect()
    }

    fn first_step_below(w: &Walker, level: f64) -> usize {
        w.losses
            .iter()
            .position(|&l| l < level)
            .unwrap_or(usize::MAX)
    }

    fn mean(xs: &[f64]) -> f64 {
        xs.iter().sum::<f64>() / xs.len() as f64
    }

    #[test]
    fn every_lesson_is_complete_and_its_link_reopens_it() {
        let lessons = course();
        assert!(lessons.len() >= 12);
        for l in &lessons {
            let en = l.text(Lang::En);
            let sentences = en.paragraphs.concat().matches(". ").count() + 1;
            assert!(
                (3..=6).contains(&sentences),
                "{}: {sentences} sentences",
                l.id
            );
            assert!(!en.try_this.is_empty());
            assert_eq!(l.file, format!("{}.md", l.id));
            let (state, ignored) = crate::state::read_experiment(&l.link());
            assert!(ignored.is_empty(), "{}: {ignored:?}", l.id);
            assert_eq!(state, l.state(), "{}", l.id);
        }
    }

    #[test]
    fn every_lesson_is_in_english_russian_and_persian() {
        for l in course() {
            assert_eq!(
                l.languages().collect::<Vec<_>>(),
                [Lang::En, Lang::Ru, Lang::Fa],
                "{}",
                l.id
            );
            for lang in [Lang::Ru, Lang::Fa] {
                let (t, en) = (l.text(lang), l.text(Lang::En));
                assert_ne!(t.title, en.title, "{} {lang:?}", l.id);
                assert_ne!(t.paragraphs, en.paragraphs, "{} {lang:?}", l.id);
                assert_ne!(t.try_this, en.try_this, "{} {lang:?}", l.id);
            }
        }
    }

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
                "c.md: \"free\" and \"points\" belong to a \"challenge: ...\" line",
            ),
        ] {
            let e = Lesson::parse("c.md", &format!("{head}{header}{body}")).unwrap_err();
            assert!(e.starts_with(says), "{header}: {e}");
        }
    }

    #[test]
    fn the_readmes_example_lesson_reads() {
        let readme = include_str!("../README.md");
        let section = &readme[readme.find("## Write your own lesson").unwrap()..];
        let start = section.find("```text\n").unwrap() + 8;
        let example = &section[start..start + section[start..].find("```").unwrap()];
        let l = Lesson::parse("my-first.md", example).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(l.languages().collect::<Vec<_>>(), [Lang::En, Lang::Ru]);
        assert_eq!(l.text(Lang::En).paragraphs.len(), 2);
        assert_eq!(l.state().lanes.len(), 2);
    }

    #[test]
    fn the_sample_course_reads_in_english_and_russian() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/course");
        let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
        let files = parse_index("tests/course/index.txt", &read("index.txt")).unwrap();
        assert_eq!(files, ["step-size.md", "momentum.md"]);
        for f in files {
            let l = Lesson::parse(&f, &read(&f)).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(l.languages().collect::<Vec<_>>(), [Lang::En, Lang::Ru]);
        }
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

    #[test]
    fn lesson_1_too_small_crawls_and_too_large_diverges() {
        let w = walk("learning-rate");
        assert!(
            w[0].loss() > 10.0 * w[1].loss(),
            "{} vs {}",
            w[0].loss(),
            w[1].loss()
        );
        assert!(w[1].loss() < 1e-6, "{}", w[1].loss());
        assert!(w[0].diverged().is_none() && w[1].diverged().is_none());
        assert!(w[2].diverged().is_some(), "η = 0.25 > 2/κ diverges");
        // Before it blows up, the runaway is called one: the badge says unstable first.
        let state = lesson("learning-rate").state();
        let mut too_large = state.landscape().walker(&state.lanes[2]).unwrap();
        let mut unstable_at = None;
        while too_large.diverged().is_none() {
            too_large.step();
            if too_large.unstable().is_some() && unstable_at.is_none() {
                unstable_at = Some(too_large.steps());
            }
        }
        let (diverged_at, _) = too_large.diverged().unwrap();
        assert!(
            unstable_at.is_some_and(|u| u + 10 < diverged_at),
            "{unstable_at:?} vs {diverged_at}"
        );
        assert!(w[0].unstable().is_none() && w[1].unstable().is_none());
    }

    #[test]
    fn lesson_2_gradient_descent_zig_zags_and_adam_does_not() {
        let w = walk("feature-scale");
        let ratio = |w: &Walker| w.path_length() / w.displacement();
        assert!(ratio(&w[0]) >= 3.0, "GD path/displacement {}", ratio(&w[0]));
        assert!(
            ratio(&w[2]) < 3.0,
            "Adam path/displacement {}",
            ratio(&w[2])
        );
        assert!(ratio(&w[1]) < ratio(&w[0]), "momentum {}", ratio(&w[1]));
    }

    #[test]
    fn lesson_3_momentum_leaves_the_saddle_sooner() {
        let w = walk("saddle");
        let (gd, heavy) = (first_step_below(&w[0], -2.0), first_step_below(&w[1], -2.0));
        assert!(heavy < usize::MAX, "momentum reaches a minimum");
        assert!(
            heavy * 2 <= gd,
            "momentum {heavy} steps, gradient descent {gd}"
        );
        // The try-this: on Rastrigin, small steps leave both in the local minimum near (2, 0).
        let mut state = lesson("saddle").state();
        for (f, v) in [
            ("surface", "rastrigin"),
            ("start", "1.9,0.2"),
            ("lane.0.param.lr", "0.005"),
            ("lane.1.param.lr", "0.005"),
        ] {
            state.apply(f, v).unwrap();
        }
        let land = state.landscape();
        for lane in &state.lanes {
            let w = land.walk(lane, 500).unwrap();
            assert!(
                (w.point()[0] - 1.99).abs() < 0.01 && w.point()[1].abs() < 0.01,
                "{:?}",
                w.point()
            );
            assert!(
                w.loss() > 3.9,
                "a local minimum, above the global 0: {}",
                w.loss()
            );
        }
    }

    #[test]
    fn lesson_4_smaller_batches_wander_more() {
        let w = walk("batch-size");
        let spread = |w: &Walker| {
            let tail = &w.losses[w.losses.len() - 200..];
            let m = mean(tail);
            (tail.iter().map(|l| (l - m).powi(2)).sum::<f64>() / tail.len() as f64).sqrt()
        };
        let (full, mini, one) = (spread(&w[0]), spread(&w[1]), spread(&w[2]));
        assert!(full < mini && mini < one, "{full} {mini} {one}");
        assert!(full < 1e-9, "full batch settles exactly: {full}");
    }

    #[test]
    fn lesson_5_a_decaying_step_settles_closer() {
        let state = lesson("decaying-step").state();
        let land = state.landscape();
        let least = land.surface.min_value();
        let w = walk("decaying-step");
        let excess = |w: &Walker| mean(&w.losses[w.losses.len() - 500..]) - least;
        assert!(
            excess(&w[1]) < 0.7 * excess(&w[0]),
            "decaying {} vs constant {}",
            excess(&w[1]),
            excess(&w[0])
        );
    }

    #[test]
    fn lesson_6_momentum_beats_gradient_descent_and_nesterov_overshoots_less() {
        let w = walk("momentum-nesterov");
        let reach = |w: &Walker| first_step_below(w, 1e-4);
        assert!(
            reach(&w[1]) * 2 < reach(&w[0]),
            "{} {}",
            reach(&w[1]),
            reach(&w[0])
        );
        assert!(
            reach(&w[2]) * 2 < reach(&w[0]),
            "{} {}",
            reach(&w[2]),
            reach(&w[0])
        );
        // Overshoot along the flat direction x (the start is x = 2): how far past 0 it swings.
        let overshoot = |w: &Walker| w.path.iter().map(|p| -p[0]).fold(0.0, f64::max);
        assert!(
            overshoot(&w[2]) < overshoot(&w[1]),
            "Nesterov {} vs heavy ball {}",
            overshoot(&w[2]),
            overshoot(&w[1])
        );
    }

    #[test]
    fn lesson_7_adagrads_effective_step_collapses_rmsprops_does_not() {
        let w = walk("adagrad-rmsprop");
        let effective = |w: &Walker, buffer: &str| {
            let lr = w.config().optimizer.lr();
            let state = w.optimizer().state();
            let (_, values) = state.iter().find(|(n, _)| *n == buffer).unwrap();
            mean(
                &values
                    .iter()
                    .map(|s| lr / (s.sqrt() + 1e-10))
                    .collect::<Vec<_>>(),
            )
        };
        let (ada, rms) = (effective(&w[0], "sum"), effective(&w[1], "square_avg"));
        assert!(ada < 0.1 * rms, "Adagrad {ada} vs RMSprop {rms}");
    }

    #[test]
    fn lesson_8_adadelta_makes_progress_with_its_defaults_at_any_scale() {
        let w = walk("adadelta");
        assert!(
            w[0].loss() < 0.1 * w[0].losses[0],
            "{} -> {}",
            w[0].losses[0],
            w[0].loss()
        );
        assert_eq!(w[0].config().optimizer.lr(), 1.0);
        // The same settings on a round bowl and on one 40 times steeper still make progress.
        for scale in ["1", "1000"] {
            let mut other = lesson("adadelta").state();
            other.apply("scale", scale).unwrap();
            let land = other.landscape();
            let s = land.walk(&other.lanes[0], other.walk_steps).unwrap();
            assert!(
                s.loss() < 0.1 * s.losses[0],
                "scale {scale}: {} -> {}",
                s.losses[0],
                s.loss()
            );
        }
    }

    #[test]
    fn lesson_9_without_bias_correction_the_first_step_is_3_times_too_long() {
        let state = lesson("adam-bias-correction").state();
        let land = state.landscape();
        let first = |i: usize| {
            land.walk(&state.lanes[i], 1)
                .unwrap()
                .last_step()
                .unwrap()
                .update
        };
        let (with, without) = (first(0), first(1));
        for k in 0..2 {
            assert!((with[k].abs() - 0.1).abs() < 1e-3, "{with:?}");
            let ratio = without[k].abs() / with[k].abs();
            assert!((ratio - 0.1 / 0.001f64.sqrt()).abs() < 0.01, "{ratio}");
        }
    }

    #[test]
    fn lesson_10_a_large_adam_step_circles_without_settling() {
        let w = walk("adam-large-lr");
        let tail = &w[0].path[w[0].path.len() - 100..];
        // Distance to Rosenbrock's minimum (1, 1).
        let dist: Vec<f64> = tail
            .iter()
            .map(|p| ((p[0] - 1.0).powi(2) + (p[1] - 1.0).powi(2)).sqrt())
            .collect();
        assert!(w[0].diverged().is_none());
        assert!(
            dist.iter().all(|&d| d < 0.5),
            "stays within η of the minimum: {dist:?}"
        );
        assert!(mean(&dist) > 0.05, "but does not settle: {}", mean(&dist));
    }

    #[test]
    fn lesson_11_adam_l2_and_adamw_settle_at_different_points() {
        let w = walk("adamw");
        let (a, b) = (w[0].point(), w[1].point());
        let gap = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
        assert!(gap > 0.05, "{a:?} vs {b:?}");
        let norm = |p: [f64; 2]| (p[0] * p[0] + p[1] * p[1]).sqrt();
        assert!(
            norm(b) < norm(a),
            "AdamW {b:?} nearer the origin than Adam+L2 {a:?}"
        );
    }

    #[test]
    fn lesson_12_rprop_ignores_the_gradients_size() {
        let state = lesson("rprop").state();
        let land = state.landscape();
        let path = |lane: usize, factor: f64| {
            let mut opt = state.lanes[lane].optimizer.build(2).unwrap();
            let mut p = land.start;
            let mut out = Vec::new();
            for _ in 0..state.walk_steps {
                let g = land.surface.gradient(p);
                opt.step(&mut p, &[factor * g[0], factor * g[1]]);
                out.push(p);
            }
            out
        };
        assert_eq!(path(0, 1.0), path(0, 10.0), "Rprop: same path on 10 f");
        assert_eq!(path(0, 1.0), path(0, 0.1), "Rprop: same path on f / 10");
        assert_ne!(path(1, 1.0), path(1, 10.0), "gradient descent changes");
    }

    #[test]
    fn lesson_13_zero_initialisation_keeps_units_identical() {
        let state = lesson("network-basics").state();
        let mut race = state.race().unwrap();
        race.step_to(300);
        let spec = state.network();
        let params = race.lanes()[1].net().params();
        let rows: Vec<Vec<f64>> = (0..spec.sizes[1])
            .map(|to| {
                (0..2)
                    .map(|from| params[spec.weight_index(0, to, from)])
                    .collect()
            })
            .collect();
        assert!(rows.windows(2).all(|r| r[0] == r[1]), "{rows:?}");
        // Random initialisation breaks the symmetry and the network learns the circle.
        let mut xavier = state.clone();
        xavier.init = Init::XavierUniform;
        let mut race = xavier.race().unwrap();
        race.step_to(3000);
        let lane = &race.lanes()[1];
        assert!(
            lane.latest().train_accuracy > 0.9,
            "{}",
            lane.latest().train_accuracy
        );
        assert_eq!(
            state.lanes[1].optimizer.get("lr"),
            Some(HyperValue::Number(0.01))
        );
    }
}
