//! What a screen reader hears without asking: while the race plays, its progress now and then
//! (a polite live region, at most every [`PROGRESS_MS`], so speech is never a stream of
//! numbers); a lane that diverges, at once (an assertive one).

use crate::format::figure;
use crate::i18n;
use crate::web::dom;
use crate::web::model::Model;

/// Least time between two progress announcements (ms).
pub const PROGRESS_MS: f64 = 5000.0;

#[derive(Default)]
pub struct Announcer {
    /// When progress was last said; `None` until the race first plays.
    last_ms: Option<f64>,
    /// The step of each lane's divergence already said, so each is said once.
    said: Vec<Option<usize>>,
}

impl Announcer {
    /// Says what changed since last time: a new divergence at once; the progress if the race
    /// plays and the last was long enough ago.
    pub fn hear(&mut self, model: &Model, now: f64) {
        let Some(race) = &model.race else { return };
        let lang = model.lang;
        self.said.resize(race.lanes().len(), None);
        let mut alerts = Vec::new();
        for (i, lane) in race.lanes().iter().enumerate() {
            let step = lane.diverged().map(|d| d.step);
            if step.is_some() && self.said[i] != step {
                let why = i18n::message(
                    lang,
                    &lane.diverged().map_or(String::new(), |d| d.to_string()),
                );
                alerts.push(i18n::fill(
                    i18n::t(lang, "say.diverged"),
                    &[lane.name(), &why],
                ));
            }
            // A new race (or a reset) forgets what was said of the old one.
            self.said[i] = step;
        }
        if !alerts.is_empty() {
            dom::set_text("say-alert", &i18n::numerals(lang, &alerts.join(" ")));
        }
        if !model.playing {
            self.last_ms = None;
            return;
        }
        let due = self.last_ms.is_none_or(|last| now - last >= PROGRESS_MS);
        if !due {
            return;
        }
        // The first call after Play starts the clock; the first words come a while later.
        if self.last_ms.is_none() {
            self.last_ms = Some(now);
            return;
        }
        self.last_ms = Some(now);
        let losses: Vec<String> = race
            .lanes()
            .iter()
            .map(|l| match l.diverged() {
                Some(_) => i18n::fill(i18n::t(lang, "say.lane_diverged"), &[l.name()]),
                None => format!("{} {}", l.name(), figure(l.latest().train_loss)),
            })
            .collect();
        let text = i18n::fill(
            i18n::t(lang, "say.progress"),
            &[&race.steps().to_string(), &losses.join(", ")],
        );
        dom::set_text("say-progress", &i18n::numerals(lang, &text));
    }
}
