//! What the handwritten digits show besides each lane's confusion matrix: the lane's guesses
//! on a fixed sample of test digits, its first-layer units as 8×8 images, and the drawing pad,
//! on which a learner draws a digit (pointer or keys) and reads every lane's guess and class
//! probabilities.

use web_sys::HtmlCanvasElement;

use crate::data::digits::{self, Scaler, Scaling, CLASSES, PIXELS};
use crate::format::fixed;
use crate::i18n;
use crate::nn::argmax;
use crate::state::DigitView;
use crate::view::controls::escape;
use crate::view::digits::{ink, sample, tiles, unit_colours, Pad, SAMPLE, SIDE};
use crate::view::palette;
use crate::web::dom;
use crate::web::draw::digits::{draw_pad, draw_tiles};
use crate::web::model::Model;

/// What the race the pictures were made for was built from: seed, train share, pixels.
type Source = (u64, u64, Scaling);

fn source(model: &Model) -> Source {
    let e = &model.exp;
    (e.seed, e.train_ratio.to_bits(), e.pixels)
}

/// The sample of test digits every lane's grid shows: their inputs, labels and pixels.
#[derive(Default)]
pub struct Sample {
    made_for: Option<(Source, usize)>,
    inputs: Vec<f64>,
    labels: Vec<usize>,
    picture: (usize, usize, Vec<u8>),
}

impl Sample {
    /// Picks the sample anew when the race's test set changed.
    fn refresh(&mut self, model: &Model) {
        let Some(race) = &model.race else { return };
        let test = race.test();
        let key = (source(model), test.len());
        if self.made_for == Some(key) || test.dim != PIXELS {
            return;
        }
        let Some(all) = digits::installed() else {
            return;
        };
        let e = &model.exp;
        // The test set's rows are these images, in this order.
        let (_, held_out) = all.split(1.0 - e.train_ratio, e.seed);
        let rows = sample(test.len().min(held_out.len()), SAMPLE);
        self.inputs = rows.iter().flat_map(|&r| test.row(r).to_vec()).collect();
        self.labels = rows.iter().map(|&r| test.labels[r]).collect();
        let images: Vec<&[u8]> = rows.iter().map(|&r| all.image(held_out[r])).collect();
        self.picture = tiles(rows.len(), |t, p| ink(images[t][p]));
        self.made_for = Some(key);
    }

    /// Lane `i`'s picture on `canvas` for `view` (not the confusion matrix); what it shows, in
    /// words, for its label.
    pub fn draw_lane(
        &mut self,
        canvas: &HtmlCanvasElement,
        scratch: &HtmlCanvasElement,
        model: &mut Model,
        i: usize,
    ) -> Option<String> {
        self.refresh(model);
        let lang = model.lang;
        let view = model.exp.digit_view;
        let lane = model.race.as_mut()?.lanes_mut().get_mut(i)?;
        let (name, step) = (lane.name().to_string(), lane.latest().step);
        if view == DigitView::Units {
            let (units, colours) = unit_colours(lane.net());
            let picture = tiles(units, |t, p| colours[t * PIXELS + p]);
            draw_tiles(canvas, scratch, units, &picture, &[], lang).ok()?;
            return Some(i18n::message(lang, &format!(
                "First-layer units of lane {name} at step {step}: each of its {units} units' 64 incoming weights as an 8×8 image, blue where a lit pixel raises the unit, orange where it lowers it."
            )));
        }
        let k = self.labels.len();
        let mut probs = [0.0; CLASSES];
        let mut guesses = Vec::with_capacity(k);
        let net = lane.net_mut();
        for (input, &label) in self.inputs.chunks_exact(PIXELS).zip(&self.labels) {
            net.probabilities(input, &mut probs);
            let guess = argmax(&probs);
            guesses.push((guess, guess == label));
        }
        draw_tiles(canvas, scratch, k, &self.picture, &guesses, lang).ok()?;
        let wrong: Vec<String> = guesses
            .iter()
            .zip(&self.labels)
            .filter(|((_, right), _)| !right)
            .map(|((guess, _), label)| format!("{label}→{guess}"))
            .collect();
        let n_wrong = wrong.len();
        Some(i18n::message(lang, &format!(
            "Test digits of lane {name} at step {step}: {n_wrong} of the {k} shown are guessed wrong ({}).",
            wrong.join(", ")
        )))
    }
}

/// The drawing pad and every lane's guess of what is on it.
#[derive(Default)]
pub struct PadView {
    pad: Pad,
    /// A pointer is down on the pad: moving it inks.
    drawing: bool,
    erasing: bool,
    /// The keyboard's cursor shows (the pad has the keyboard's focus).
    cursor: bool,
    scaler: Option<(Source, Scaler)>,
    /// The guesses as last written, so an unchanged list is not written again.
    shown: String,
    /// The pad's canvas shows the pad as it is.
    clean: bool,
}

impl PadView {
    /// A press on the pad (`down`), a move, or a release, at `(x, y)` in `0..1` of it.
    pub fn pointer(&mut self, x: f64, y: f64, down: Option<bool>, erase: bool) {
        match down {
            Some(true) => {
                self.drawing = true;
                self.erasing = erase;
            }
            Some(false) => {
                self.drawing = false;
                return;
            }
            None if !self.drawing => return,
            None => {}
        }
        if self.pad.brush(x, y, self.erasing) {
            self.clean = false;
        }
    }

    /// A key on the pad: whether it was the pad's.
    pub fn key(&mut self, key: &str) -> bool {
        let Some(changed) = self.pad.key(key) else {
            return false;
        };
        self.cursor = true;
        self.clean = false;
        if changed {
            self.shown.clear();
        }
        let (col, row) = (self.pad.cursor % SIDE + 1, self.pad.cursor / SIDE + 1);
        let value = self.pad.cells[self.pad.cursor];
        let text = format!("Row {row}, column {col}: ink {value} of 16.");
        dom::announce("pad-cursor", &i18n::message(dom::page_lang(), &text));
        true
    }

    pub fn focus(&mut self, shown: bool) {
        self.cursor = shown;
        self.clean = false;
    }

    pub fn clear(&mut self) {
        self.pad = Pad {
            cursor: self.pad.cursor,
            ..Pad::default()
        };
        self.clean = false;
    }

    /// The pad when it changed, and each lane's guess (only for the digits).
    pub fn draw(&mut self, model: &mut Model) {
        if model.exp.dataset.dim() == 2 {
            return;
        }
        if !std::mem::replace(&mut self.clean, true) {
            if let Some(canvas) = dom::canvas("pad") {
                let _ = draw_pad(&canvas, &self.pad, self.cursor);
            }
        }
        let html = self.guesses(model);
        if html != self.shown {
            dom::set_html("pad-guesses", &html);
            self.shown = html;
        }
    }

    /// Each lane's guess of the pad's digit as a list: its name, the class it picks with its
    /// probability, and a bar per class.
    fn guesses(&mut self, model: &mut Model) -> String {
        let lang = model.lang;
        let say = |text: &str| format!("<li>{}</li>", escape(&i18n::message(lang, text)));
        let Some(all) = digits::installed() else {
            return say("The digits are loading.");
        };
        if self.pad.is_empty() {
            return say("Draw a digit on the pad: each lane's guess shows here.");
        }
        let key = source(model);
        if self.scaler.as_ref().map(|s| s.0) != Some(key) {
            let e = &model.exp;
            let (train, _) = all.split(1.0 - e.train_ratio, e.seed);
            self.scaler = Some((key, all.scaler(&train, e.pixels)));
        }
        let Some((_, scaler)) = &self.scaler else {
            return String::new();
        };
        let mut input = [0.0; PIXELS];
        scaler.apply(&self.pad.cells, &mut input);
        let Some(race) = model.race.as_mut() else {
            return String::new();
        };
        let mut out = String::new();
        let mut probs = [0.0; CLASSES];
        for (i, lane) in race.lanes_mut().iter_mut().enumerate() {
            lane.net_mut().probabilities(&input, &mut probs);
            let guess = argmax(&probs);
            let percent = |p: f64| match p.is_finite() {
                true => i18n::numerals(lang, &format!("{}%", fixed(100.0 * p, 0))),
                false => "–".into(),
            };
            let bars: String = probs
                .iter()
                .enumerate()
                .map(|(c, &p)| {
                    format!(
                        r#"<i style="--p:{}" title="{}"><span></span>{}</i>"#,
                        fixed(if p.is_finite() { p } else { 0.0 }, 3),
                        percent(p),
                        i18n::numerals(lang, &c.to_string())
                    )
                })
                .collect();
            out.push_str(&format!(
                r#"<li style="--lane:{}" data-guess="{guess}">{} <span class="who">{}</span> <b>{}</b> <span>{}</span><span class="bars" aria-hidden="true">{bars}</span></li>"#,
                palette::lane(i).hex(),
                palette::key_svg(i),
                escape(lane.name()),
                i18n::numerals(lang, &guess.to_string()),
                percent(probs[guess]),
            ));
        }
        out
    }
}
