//! What the learner's edits and buttons, a host's commands and imported files do: each is
//! applied to the model, and the views are told what changed (the rest of the shell is in
//! [`super::app`]).

use web_sys::Element;

use crate::challenge::Verdict;
use crate::data::digits;
use crate::data::DatasetKind;
use crate::format::exact;
use crate::i18n;
use crate::rng::Rng;
use crate::state::{link, Change, Experiment, Launch, ViewKind};
use crate::view::protocol::{self, Command};
use crate::web::app::{
    chosen_language, fetch_catalog, fetch_digits, fetch_lessons, notice, request_frame, App,
};
use crate::web::course;
use crate::web::dom;
use crate::web::views::challenges::Challenges;
use crate::web::views::hypermap::HyperMapView;
use crate::web::views::share::Share;
use crate::web::views::{curves, settings};

/// Who replaces the experiment: a learner's link or file keeps what a teacher locked; the
/// host page (the teacher's own) may change anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Learner,
    Host,
}

impl App {
    /// An input's new text for the field it names: applied, or refused with the reason beside
    /// the input.
    pub fn edit(&mut self, el: &Element, field: &str, value: &str) {
        if field == "draw_class" {
            if let Ok(c) = value.parse::<usize>() {
                self.model.draw_class = c.min(self.model.exp.classes() - 1);
            }
            return;
        }
        let result = if link::is_launch_key(field) {
            self.model.launch.apply(field, value)
        } else {
            self.model.exp.apply(field, value)
        };
        match result {
            Ok(change) => {
                dom::field_message(el, None);
                self.changed(change);
            }
            Err(message) => dom::field_message(el, Some(&i18n::message(self.model.lang, &message))),
        }
    }

    /// Redoes what a change needs, then writes the link and the saved state.
    pub fn changed(&mut self, change: Change) {
        self.cancel_replay();
        match change {
            Change::Landscape => {
                self.restart_walkers(true);
                self.render_all();
            }
            Change::Race => {
                self.rebuild();
                self.restart_walkers(false);
                self.render_all();
            }
            Change::Lane(i) => {
                if let Err(e) = self.model.restart_lane(i) {
                    notice(&e);
                }
                // Walkers restart together, so their paths compare step for step.
                self.restart_walkers(false);
                self.lanes.render_one(&self.model, i);
                self.render_menus();
                settings::apply(&self.model);
                self.draw(true);
            }
            Change::LaneName(i) => {
                if let Some(race) = &mut self.model.race {
                    race.rename_lane(i, &self.model.exp.lanes[i].name);
                }
                self.render_menus();
                self.draw(true);
            }
            Change::View => {
                let lang = chosen_language(&self.model.launch);
                if lang != self.model.lang {
                    self.model.lang = lang;
                    fetch_catalog(lang);
                    settings::fill_menus(&self.model);
                    self.render_all();
                }
                settings::apply(&self.model);
                self.render_menus();
                settings::render_speed(&self.model);
                self.draw(true);
            }
        }
        self.saved();
    }

    /// The link and the saved state follow every edit at once: a reload or a copied link shows
    /// what is on screen, never the state one edit ago.
    fn saved(&mut self) {
        self.write_hash();
        self.share.render(&self.model);
    }

    /// The data changed by a drawn or erased point: a new race, playing on if it was.
    pub fn points_changed(&mut self) {
        let playing = self.model.playing;
        self.rebuild();
        self.model.playing = playing && self.model.race.is_some();
        self.render_play();
        self.draw(true);
        self.saved();
    }

    /// A new race from the experiment.
    fn rebuild(&mut self) {
        self.perf
            .dataset_shown(self.model.exp.dataset == DatasetKind::Digits);
        if self.model.exp.dataset == DatasetKind::Digits && digits::installed().is_none() {
            // No race until the file beside the page has come (the lanes say so meanwhile).
            self.model.race = None;
            self.model.playing = false;
            fetch_digits();
            return;
        }
        if self.model.exp.dataset != DatasetKind::Digits {
            self.previous_dataset = self.model.exp.dataset;
        }
        match self.model.rebuild() {
            Ok(()) => dom::set_hidden("error-banner", true),
            Err(e) => notice(&e),
        }
    }

    /// The digits came: their race starts.
    pub fn digits_arrived(&mut self) {
        if let Some(text) = self.import_after_digits.take() {
            return self.import_race(text);
        }
        self.rebuild();
        self.render_all();
    }

    /// The digits could not be had: said, and the dataset before them stays.
    pub fn digits_failed(&mut self, why: &str) {
        self.import_after_digits = None;
        if self.model.exp.dataset == DatasetKind::Digits {
            let _ = self
                .model
                .exp
                .apply("dataset", self.previous_dataset.name());
            self.rebuild();
            self.render_all();
            self.saved();
        }
        // After the rebuild, which clears the banner of an earlier problem.
        notice(&i18n::fill(
            i18n::t(self.model.lang, "notice.digits_failed"),
            &[&i18n::message(self.model.lang, why)],
        ));
    }

    fn restart_walkers(&mut self, new_view: bool) {
        let restarted = if new_view {
            self.land.reset_view(&self.model)
        } else {
            self.land.restart(&self.model)
        };
        if let Err(e) = restarted {
            notice(&e);
        }
    }

    /// A button: the transport and the lane, layer and data buttons here; the rest goes to the
    /// view that owns it.
    pub fn action(&mut self, action: &str, lane: Option<usize>) {
        if action != "play" {
            // An edit during a replay ends it (so does its Stop button): the replay's lanes are
            // about to change.
            self.cancel_replay();
        }
        let before = self.model.exp.clone();
        let landscape = self.model.exp.view == ViewKind::Landscape;
        match action {
            "play" => self.play(!self.model.playing),
            "step" | "epoch" if landscape => {
                self.model.playing = false;
                self.land
                    .step(&self.model, if action == "step" { 1 } else { 50 });
                self.render_play();
                self.draw(true);
            }
            "step" | "epoch" => {
                self.model.playing = false;
                if let Some(race) = &mut self.model.race {
                    let target = race.steps()
                        + if action == "step" {
                            1
                        } else {
                            race.steps_per_epoch()
                        };
                    race.step_to(target);
                }
                self.render_play();
                self.draw(true);
            }
            "reset" if landscape => {
                self.restart_walkers(false);
                self.draw(true);
            }
            "reset" => {
                if let Some(race) = &mut self.model.race {
                    race.reset();
                }
                self.draw(true);
            }
            "new-seed" | "regenerate" => {
                self.model.exp.seed = Rng::fresh_seed() % (1 << 32);
                self.model.exp.custom = None;
                self.changed(Change::Race);
            }
            "full-batch" => {
                let n = self.model.exp.datasets().0.len().max(1);
                if let Ok(change) = self.model.exp.apply("batch_size", &n.to_string()) {
                    self.changed(change);
                }
            }
            "pad-clear" => {
                self.pad.clear();
                self.pad.draw(&mut self.model);
            }
            "clear-points" => {
                self.model.exp.clear_points();
                self.changed(Change::Race);
                notice(self.model.tr("notice.cleared"));
            }
            "add-layer" | "remove-layer" => {
                let result = if action == "add-layer" {
                    self.model.exp.add_layer()
                } else {
                    self.model.exp.remove_layer()
                };
                match result {
                    Ok(()) => self.changed(Change::Race),
                    Err(e) => notice(&e),
                }
            }
            "add-lane" | "lane-duplicate" => match self
                .model
                .exp
                .add_lane(lane.filter(|_| action == "lane-duplicate"))
            {
                Ok(i) => {
                    if let Some(race) = &mut self.model.race {
                        let steps = race.steps();
                        if let Err(e) = race.add_lane(self.model.exp.lanes[i].clone()) {
                            notice(&e.to_string());
                        }
                        race.step_to(steps);
                    }
                    self.lanes_changed();
                }
                Err(e) => notice(&e),
            },
            "lane-remove" => {
                let Some(i) = lane else { return };
                match self.model.exp.remove_lane(i) {
                    Ok(()) => {
                        if let Some(race) = &mut self.model.race {
                            race.remove_lane(i);
                        }
                        self.model.followed = None;
                        self.lanes_changed();
                    }
                    Err(e) => notice(&e),
                }
            }
            "zoom-in" => self.land.zoom_by(&self.model, 0.5),
            "zoom-out" => self.land.zoom_by(&self.model, 2.0),
            "zoom-reset" => self.land.zoom_reset(&self.model),
            "map-run" if self.hypermap.start(&self.model, &self.land.land) => request_frame(),
            "export-chart" => self.export_chart(),
            "export-metrics" | "export-config" | "export-data" | "export-png" => {
                if let Err(e) = self.share.export(&self.model, action) {
                    notice(&e);
                }
            }
            _ => {}
        }
        if self.model.exp != before {
            self.saved();
        }
    }

    /// A hyperparameter map's cell: the inspected lane takes its two values.
    pub fn take_cell(&mut self, values: [(String, f64); 2]) {
        let lane = self.model.exp.inspect_lane;
        for (name, v) in &values {
            let field = format!("lane.{lane}.param.{name}");
            if let Err(e) = self.model.exp.apply(&field, &exact(*v)) {
                dom::set_text("map-status", &e);
                return;
            }
        }
        HyperMapView::picked(&self.model.exp.lanes[lane].name, &values);
        self.changed(Change::Lane(lane));
    }

    /// The chart the share panel names, drawn afresh onto a canvas of its own (so it works
    /// from either view, whatever is on screen), as a PNG file.
    fn export_chart(&mut self) {
        let id = dom::by_id("png-target")
            .and_then(|e| dom::control_value(&e))
            .unwrap_or_else(|| "chart-train".into());
        let (Some(shown), Ok(canvas)) = (dom::canvas(&id), dom::new_canvas()) else {
            return;
        };
        canvas.set_width(shown.width());
        canvas.set_height(shown.height());
        let drawn = match id.as_str() {
            "network" => self.inspector.paint(&mut self.model, &canvas),
            "landscape" => {
                self.land.paint(&self.model, &canvas);
                true
            }
            "hypermap" => self.hypermap.paint(&canvas),
            chart if curves::CHARTS.contains(&chart) && self.model.race.is_some() => {
                curves::paint(&self.model, chart, &canvas);
                true
            }
            _ => false,
        };
        let result = if drawn {
            Share::download_png(&canvas, &id)
        } else {
            Err(format!("There is nothing to draw for {id} yet."))
        };
        if let Err(e) = result {
            notice(&e);
        }
    }

    /// A lane was added or removed: every card, menu and walker anew.
    fn lanes_changed(&mut self) {
        self.restart_walkers(false);
        self.lanes.render(&self.model);
        self.render_menus();
        settings::apply(&self.model);
        self.draw(true);
    }

    /// Does what the embedding page asks.
    pub fn obey(&mut self, command: Command) {
        match command {
            Command::Play => self.play(true),
            Command::Pause => self.play(false),
            Command::Step => self.action("step", None),
            Command::Reset => self.action("reset", None),
            Command::Load { state, launch } => {
                if let Some(pairs) = launch {
                    // A host that sends its own launch settings replaces the page's.
                    let mut launch = Launch::default();
                    let mut ignored = Vec::new();
                    for (key, value) in pairs {
                        if let Err(why) = launch.apply(&key, &value) {
                            ignored.push(format!("launch {key}={value}: {why}"));
                        }
                    }
                    if launch.course != self.model.launch.course {
                        fetch_lessons(launch.course.as_deref());
                    }
                    self.model.launch = launch;
                    self.model.lang = chosen_language(&self.model.launch);
                    fetch_catalog(self.model.lang);
                    settings::fill_menus(&self.model);
                    self.report_ignored(&ignored);
                }
                self.load(&state, Source::Host, true);
                self.saved();
            }
        }
    }

    /// A link the learner opened (a lesson, an edited address): shown, what a teacher locked
    /// kept, and the address rewritten with the launch settings and what was kept.
    pub fn open(&mut self, hash: &str) {
        if hash.trim_start_matches('#') == link::hash(&self.model.exp, &self.model.launch) {
            return;
        }
        self.load(hash, Source::Learner, false);
        self.saved();
    }

    /// Shows the experiment of a link in place of the current one, unless `force` is off and
    /// it is the one shown. The launch settings stay; a learner's link keeps what a teacher
    /// locked.
    pub fn load(&mut self, hash: &str, source: Source, force: bool) {
        if !force && hash.trim_start_matches('#') == self.model.exp.link() {
            return;
        }
        let (exp, ignored) = link::read_experiment(hash);
        self.replace(exp, source);
        self.report_ignored(&ignored);
    }

    /// Puts `exp` on the page from step 0.
    pub fn replace(&mut self, mut exp: Experiment, source: Source) {
        if source == Source::Learner {
            let kept = self.model.launch.keep_locked(&self.model.exp, &mut exp);
            if !kept.is_empty() {
                notice(&format!(
                    "The teacher fixed these settings, so they stay as they were: {}.",
                    kept.join(", ")
                ));
            }
        }
        self.model.exp = exp;
        self.model.playing = false;
        Challenges::follow(&mut self.model);
        self.hypermap.clear();
        self.rebuild();
        self.restart_walkers(true);
        self.render_all();
        self.challenges.render(&self.model);
        Challenges::reveal(&self.model);
        settings::open_lesson(&self.model);
        settings::scroll_to_lesson(&self.model);
    }

    /// Opens an exported race: checked in whole first, then its experiment is loaded and the
    /// lanes replay to their saved steps a slice per frame.
    pub fn import_race(&mut self, text: String) {
        if Share::needs_digits(&text) && digits::installed().is_none() {
            // A race on the digits before they have come: opened once they have.
            self.import_after_digits = Some(text);
            fetch_digits();
            return;
        }
        match self.share.import_race(&text) {
            Ok(exp) => {
                let mut kept = exp.clone();
                if !self
                    .model
                    .launch
                    .keep_locked(&self.model.exp, &mut kept)
                    .is_empty()
                {
                    notice("This race changes settings the teacher fixed, so it cannot be opened here.");
                    return;
                }
                dom::set_hidden("error-banner", true);
                self.replace(exp, Source::Host);
                self.saved();
                self.share.start_replay();
                request_frame();
            }
            Err(why) => notice(&format!(
                "{} {}",
                self.model.tr("notice.not_race_file"),
                i18n::message(self.model.lang, &why)
            )),
        }
    }

    /// Takes the learner's own points from CSV: with the file's split if it has one (the
    /// page's own data export), else split by the train share; refused rows are named, the
    /// first few by number.
    pub fn import_points(&mut self, text: String) {
        let lang = self.model.lang;
        if self.model.exp.dataset == DatasetKind::Digits {
            notice(&i18n::message(lang, crate::state::NO_DRAWN_DIGITS));
            return;
        }
        let import = Share::read_points(&text);
        if import.is_empty() {
            notice(&i18n::fill(
                i18n::t(lang, "notice.no_points"),
                &[&import.refusals_in(|m| i18n::message(lang, m))],
            ));
            return;
        }
        let test = import.split_given.then_some(import.test.as_slice());
        self.model
            .exp
            .import_points(&import.train, test, import.classes);
        self.changed(Change::Race);
        if !import.errors.is_empty() {
            let counts = [import.len().to_string(), import.errors.len().to_string()];
            notice(&i18n::fill(
                i18n::t(lang, "notice.points_read"),
                &[
                    &counts[0],
                    &counts[1],
                    &import.refusals_in(|m| i18n::message(lang, m)),
                ],
            ));
        }
    }

    /// Checks lesson `id`'s challenge on the learner's page, a slice per frame.
    pub fn check(&mut self, id: &str) {
        if self.challenges.start(&self.model, id) {
            request_frame();
        }
    }

    /// A check is done: its verdict in the card, the score to the LMS, a `result` to the host.
    pub fn checked(&mut self, id: &str, verdict: &Verdict) {
        self.challenges.render(&self.model);
        let score = self.challenges.score(&self.model);
        let lesson = self.model.lessons.iter().find(|l| l.id == id);
        if let Some(c) = lesson.and_then(|l| l.challenge.as_ref()) {
            course::post(&protocol::result(id, verdict, &c.goal, c.points, score));
        }
        let objectives = self.challenges.objectives(&self.model);
        let record = self.challenges.record.text();
        self.course.grade(&self.model, score, &objectives, &record);
    }

    /// The learner leaves the lesson: every setting is theirs again.
    pub fn leave_lesson(&mut self) {
        self.model.lesson = None;
        settings::apply(&self.model);
        self.challenges.render(&self.model);
    }

    /// Stops a replay, saying so.
    pub fn cancel_replay(&mut self) {
        if let Some(message) = self.share.cancel() {
            notice(&message);
            self.draw(true);
        }
    }
}
