//! The lessons' challenges on the page: which lesson the learner is in (its free fields alone
//! may change), the check that runs the learner's attempt a slice per frame, the verdicts and
//! the course's score in the lesson cards, and the record of what was passed, kept in this
//! browser (an LMS keeps its own, see [`crate::web::scorm`]).

use crate::challenge::{Judge, Record, Score, Verdict};
use crate::i18n::{self, Lang};
use crate::lessons::Lesson;
use crate::state::Experiment;
use crate::web::dom;
use crate::web::model::Model;

/// Where this browser keeps a course's record, by course folder.
const STORAGE_PREFIX: &str = "optimizer-playground-record:";
/// Steps the judge runs between two looks at the clock.
const SLICE_STEPS: usize = 25;

/// A check under way: the lesson's id and its judge.
struct Check {
    id: String,
    judge: Judge,
    budget: usize,
}

/// The challenges' part of the page.
#[derive(Default)]
pub struct Challenges {
    /// What the learner passed and tried in this course.
    pub record: Record,
    check: Option<Check>,
    /// Each challenge's last verdict this visit, by lesson id.
    verdicts: Vec<(String, Verdict)>,
}

fn storage_key(model: &Model) -> String {
    format!(
        "{STORAGE_PREFIX}{}",
        model.launch.course.as_deref().unwrap_or("lessons/")
    )
}

/// Whether `exp` is `lesson`'s state with at most its free fields changed.
fn within(lesson: &Lesson, exp: &Experiment) -> bool {
    let Some(free) = &lesson.free else {
        return false;
    };
    let mut theirs = lesson.state();
    let mine = exp.fields();
    for key in free {
        if let Some((_, value)) = mine.iter().find(|(k, _)| k == key) {
            let _ = theirs.apply(key, value);
        }
    }
    theirs.link() == exp.link()
}

impl Challenges {
    /// The record this browser kept for the course (an LMS's, when there is one, replaces it).
    pub fn load(&mut self, model: &Model, from_lms: Option<&str>) {
        let kept = match from_lms {
            Some(text) => Some(text.to_string()),
            None => dom::storage().and_then(|s| s.get_item(&storage_key(model)).ok().flatten()),
        };
        self.record = Record::parse(&kept.unwrap_or_default());
    }

    fn keep(&self, model: &Model) {
        if let Some(s) = dom::storage() {
            let _ = s.set_item(&storage_key(model), &self.record.text());
        }
    }

    /// The experiment on the page changed wholesale (a link, a lesson, a host's state): the
    /// learner is in the lesson it belongs to, if any.
    pub fn follow(model: &mut Model) {
        model.lesson = model
            .lessons
            .iter()
            .find(|l| within(l, &model.exp))
            .map(|l| l.id.clone());
    }

    /// Unfolds the lane settings that hold the open lesson's free fields, so the learner sees
    /// at once what they may change.
    pub fn reveal(model: &Model) {
        for key in model.free().unwrap_or_default() {
            let lane = key.strip_prefix("lane.").and_then(|r| r.split('.').next());
            if let Some(details) = lane.and_then(|n| dom::by_id(&format!("details-{n}"))) {
                let _ = details.set_attribute("open", "");
            }
        }
    }

    /// The course's score.
    pub fn score(&self, model: &Model) -> Score {
        self.record.score(
            model
                .lessons
                .iter()
                .filter_map(|l| Some((l.id.as_str(), l.challenge.as_ref()?.points))),
        )
    }

    /// Starts checking lesson `id`'s challenge on the learner's page: their free fields over
    /// the lesson's state, from the seed. Returns whether a check started.
    pub fn start(&mut self, model: &Model, id: &str) -> bool {
        let Some((lesson, challenge)) = model
            .lessons
            .iter()
            .find_map(|l| Some((l, l.challenge.as_ref()?)).filter(|(l, _)| l.id == id))
        else {
            return false;
        };
        let attempt = challenge.attempt(&lesson.state(), &model.exp);
        self.check = Some(Check {
            id: id.to_string(),
            judge: Judge::new(&challenge.goal, &attempt),
            budget: challenge.goal.steps,
        });
        self.show_progress(model.lang);
        true
    }

    pub fn checking(&self) -> bool {
        self.check.is_some()
    }

    fn show_progress(&self, lang: Lang) {
        let Some(c) = &self.check else { return };
        let text = i18n::fill(
            i18n::t(lang, "challenge.checking"),
            &[&c.judge.done().to_string(), &c.budget.to_string()],
        );
        dom::set_text(&format!("verdict-{}", c.id), &i18n::numerals(lang, &text));
    }

    /// Runs the check for at most `budget_ms`; its lesson and verdict once it is done, which
    /// are then in the record.
    pub fn work(&mut self, model: &Model, budget_ms: f64) -> Option<(String, Verdict)> {
        let start = dom::now_ms();
        let check = self.check.as_mut()?;
        loop {
            if let Some(verdict) = check.judge.work(SLICE_STEPS) {
                let id = std::mem::take(&mut check.id);
                self.check = None;
                self.record.record(&id, verdict.passed);
                self.keep(model);
                self.verdicts.retain(|(i, _)| *i != id);
                self.verdicts.push((id.clone(), verdict.clone()));
                return Some((id, verdict));
            }
            if dom::now_ms() - start > budget_ms {
                break;
            }
        }
        self.show_progress(model.lang);
        None
    }

    /// Each challenge's state in its card (passed, or the last verdict), the open lesson's
    /// lock note, and the course's score.
    pub fn render(&self, model: &Model) {
        let lang = model.lang;
        for l in &model.lessons {
            let active = model.lesson.as_deref() == Some(l.id.as_str());
            dom::set_hidden(&format!("locked-{}", l.id), !active);
            if l.challenge.is_none() {
                continue;
            }
            let passed = self.record.passed(&l.id);
            dom::set_hidden(&format!("passed-{}", l.id), !passed);
            if let Some((id, v)) = self.verdicts.iter().find(|(id, _)| *id == l.id) {
                dom::set_text(&format!("verdict-{id}"), &i18n::message(lang, &v.text));
            }
        }
        let score = self.score(model);
        let any = score.max > 0;
        dom::set_hidden("challenge-score", !any);
        if any {
            let passed = model
                .lessons
                .iter()
                .filter(|l| l.challenge.is_some() && self.record.passed(&l.id))
                .count();
            let total = model
                .lessons
                .iter()
                .filter(|l| l.challenge.is_some())
                .count();
            let text = i18n::fill(
                i18n::t(lang, "challenge.score"),
                &[
                    &score.raw.to_string(),
                    &score.max.to_string(),
                    &passed.to_string(),
                    &total.to_string(),
                ],
            );
            dom::set_text("challenge-score", &i18n::numerals(lang, &text));
        }
    }

    /// The course's challenges in order, for an LMS: id, passed, tried, points.
    pub fn objectives(&self, model: &Model) -> Vec<(String, bool, bool, u32)> {
        model
            .lessons
            .iter()
            .filter_map(|l| {
                let c = l.challenge.as_ref()?;
                let id = l.id.clone();
                Some((
                    id.clone(),
                    self.record.passed(&id),
                    self.record.tried(&id),
                    c.points,
                ))
            })
            .collect()
    }
}
