//! What every view of the page reads: the experiment, the launch settings, the language, and
//! the race built from the experiment. The shell owns it and hands it to the views; a view
//! keeps its own drawing state to itself.

use crate::i18n::{self, Lang};
use crate::lessons::Lesson;
use crate::race::Race;
use crate::state::{Experiment, Launch};

/// The page's shared state.
pub struct Model {
    pub exp: Experiment,
    /// How the page was launched: kept whatever replaces the experiment.
    pub launch: Launch,
    /// The language the page is shown in.
    pub lang: Lang,
    /// `None` while there are no training points (the learner cleared them to draw).
    pub race: Option<Race>,
    /// The weight the inspector follows in the inspected lane (its index in the flat
    /// parameters), traced step by step by the race.
    pub followed: Option<usize>,
    /// The class a click on a map adds.
    pub draw_class: usize,
    /// Whether training runs frame after frame.
    pub playing: bool,
    /// The course's lessons, once fetched.
    pub lessons: Vec<Lesson>,
    /// The lesson the learner is in (its id): the fields it leaves free alone may change.
    pub lesson: Option<String>,
}

impl Model {
    pub fn new(exp: Experiment, launch: Launch) -> Model {
        Model {
            race: exp.race().ok(),
            exp,
            launch,
            lang: Lang::En,
            followed: None,
            draw_class: 1,
            playing: false,
            lessons: Vec::new(),
            lesson: None,
        }
    }

    /// A word of the page in its language.
    pub fn tr(&self, key: &'static str) -> &'static str {
        i18n::t(self.lang, key)
    }

    /// The fields the open lesson leaves free (every other is locked), if a lesson that frees
    /// some is open.
    pub fn free(&self) -> Option<&[String]> {
        let id = self.lesson.as_deref()?;
        self.lessons.iter().find(|l| l.id == id)?.free.as_deref()
    }

    /// A new race from the experiment (step 0, same seed); the followed weight is dropped.
    /// On error there is no race and the message says why.
    pub fn rebuild(&mut self) -> Result<(), String> {
        self.followed = None;
        self.draw_class = self.draw_class.min(self.exp.classes() - 1);
        match self.exp.race() {
            Ok(race) => {
                self.race = Some(race);
                Ok(())
            }
            Err(e) => {
                self.race = None;
                self.playing = false;
                Err(e.to_string())
            }
        }
    }

    /// Lane `i` from the initial weights again, caught up to the others' step so curves
    /// compare.
    pub fn restart_lane(&mut self, i: usize) -> Result<(), String> {
        let Some(race) = &mut self.race else {
            return Ok(());
        };
        let steps = race.steps();
        race.replace_lane(i, self.exp.lanes[i].clone())
            .map_err(|e| e.to_string())?;
        if i == self.exp.inspect_lane {
            race.lane_mut(i).follow(self.followed);
        }
        race.step_to(steps);
        Ok(())
    }

    /// The lane the inspector shows, within the race's lanes.
    pub fn inspected(&self) -> usize {
        let lanes = self
            .race
            .as_ref()
            .map_or(self.exp.lanes.len(), |r| r.lanes().len());
        self.exp.inspect_lane.min(lanes.saturating_sub(1))
    }

    /// The step the race is at, and the most epochs any lane completed.
    pub fn step_and_epoch(&self) -> (usize, usize) {
        self.race.as_ref().map_or((0, 0), |r| {
            (
                r.steps(),
                r.lanes().iter().map(|l| l.epoch()).max().unwrap_or(0),
            )
        })
    }
}
