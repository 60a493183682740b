//! The page's words in English, Russian and Persian (right to left). The course behind this
//! project was taught in Russian and Persian.
//!
//! English is compiled in: the page's words under short keys ([`t`]), and every other text (a
//! caption, a message of the engine) is its own English. Russian and Persian come from
//! catalogs beside the page (`www/i18n/ru.json`, `fa.json`), fetched when a learner picks the
//! language and [`install`]ed: a teacher can correct a translation without rebuilding, and the
//! Wasm carries no text but English. A catalog holds `keys` (the words under their keys) and
//! `phrases` (translations by English text, gettext's way); a phrase with `{0}`, `{1}` is a
//! template: [`message`] matches an engine's sentence against it and translates the parts it
//! captured, so `adam: invalid betas[0] = 1.5: must be in [0, 1)` is translated piece by piece.
//! What has no translation stays English, never blank.

use std::cell::RefCell;

/// A language the page speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ru,
    Fa,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Fa];

    /// The code used in links (`lang=ru`), in `<html lang>` and in the catalogs' file names.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Fa => "fa",
        }
    }

    /// The language's name in itself, for the menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Fa => "فارسی",
        }
    }

    /// `rtl` for Persian.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Fa => "rtl",
            _ => "ltr",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The first of the browser's languages (`ru-RU`, `fa-IR`, ...) the page speaks, else English.
    pub fn from_browser<'a>(languages: impl IntoIterator<Item = &'a str>) -> Lang {
        languages
            .into_iter()
            .find_map(|l| Lang::from_code(&l.to_ascii_lowercase()[..l.len().min(2)]))
            .unwrap_or(Lang::En)
    }

    fn slot(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Ru => 1,
            Lang::Fa => 2,
        }
    }
}

/// `(key, English)`: the page's words; `data-i18n` attributes name the keys.
const STRINGS: &[(&str, &str)] = &[
    ("classifier", "Classifier"),
    ("landscape", "Loss landscape"),
    ("language", "Language"),
    ("play", "Play"),
    ("pause", "Pause"),
    ("step", "Step"),
    ("epoch", "Epoch"),
    ("reset", "Reset"),
    ("speed", "Speed"),
    ("steps_per_frame", "steps/frame"),
    ("counter_step", "step"),
    ("counter_epoch", "epoch"),
    ("counter_of", "of"),
    ("surface", "Surface"),
    ("scale", "Scale"),
    ("walk_steps", "Steps"),
    ("start", "Start"),
    ("data", "Data"),
    ("dataset", "Dataset"),
    ("points", "Points"),
    ("noise", "Noise"),
    ("train_ratio", "Train share"),
    ("seed", "Seed"),
    ("batch_size", "Batch size"),
    ("regenerate", "Regenerate"),
    ("show_test", "Show test points"),
    ("network", "Network"),
    ("activation", "Activation"),
    ("init", "Initialisation"),
    ("loss", "Loss"),
    ("l1", "L1 rate"),
    ("l2", "L2 rate"),
    ("dropout", "Dropout"),
    ("batch_norm", "Batch normalisation"),
    ("lessons", "Lessons"),
    ("try_this", "Try this:"),
    ("open_lesson", "Open this lesson"),
    ("challenge", "Challenge"),
    ("notice.digits_failed", "The handwritten digits could not be loaded ({0}); the dataset before them stays."),
    ("pixels", "Pixels"),
    ("challenge.points", "worth {0} points"),
    ("check", "Check"),
    ("challenge.passed", "passed"),
    ("challenge.checking", "Checking: step {0} of {1}…"),
    ("challenge.score", "Challenges: {0} of {1} points, {2} of {3} passed."),
    ("lesson.locked", "This lesson fixes every setting but these: {0}."),
    ("lesson.none_free", "none"),
    ("lesson.leave", "Unlock the other settings"),
    ("lanes", "Lanes"),
    ("copy", "Copy"),
    ("optimizer", "Optimizer"),
    ("hyper_schedule", "Hyperparameters and schedule"),
    ("schedule", "Learning-rate schedule"),
    ("lane_batch", "batch size"),
    ("layer", "Layer"),
    ("no_hidden", "No hidden layer: a linear model."),
    ("class", "Class"),
    ("train_loss", "train loss"),
    ("test_loss", "test loss"),
    ("accuracy", "accuracy"),
    ("train", "train"),
    ("test", "test"),
    ("curves", "Curves"),
    ("log_scale", "Log scale"),
    ("chart_train", "Train loss"),
    ("chart_test", "Test loss"),
    ("chart_test_accuracy", "Test accuracy"),
    ("chart_train_accuracy", "Train accuracy"),
    ("chart_landscape", "Loss above its least value"),
    ("inspector", "Inside the optimizer"),
    ("lane", "Lane"),
    ("click_weight", "click a weight in the diagram to follow it"),
    ("hypermap", "Hyperparameter map"),
    ("share", "Share, embed, export"),
    ("activation.tanh", "Tanh"),
    ("activation.relu", "ReLU"),
    ("activation.leaky_relu", "Leaky ReLU (0.01)"),
    ("activation.elu", "ELU (α = 1)"),
    ("activation.sigmoid", "Sigmoid"),
    ("activation.linear", "Linear"),
    ("init.zeros", "Zeros (symmetric)"),
    ("init.uniform", "Uniform ±0.5"),
    ("init.xavier_uniform", "Xavier/Glorot uniform"),
    ("init.xavier_normal", "Xavier/Glorot normal"),
    ("init.he_normal", "He/Kaiming normal"),
    ("schedule.constant", "Constant"),
    ("schedule.StepLR", "Step decay (StepLR)"),
    ("schedule.MultiStepLR", "Drops at milestones (MultiStepLR)"),
    ("schedule.ExponentialLR", "Exponential (ExponentialLR)"),
    ("schedule.CosineAnnealingLR", "Cosine annealing"),
    ("schedule.CosineAnnealingWarmRestarts", "Cosine with warm restarts"),
    ("schedule.LinearLR", "Linear warm-up (LinearLR)"),
    ("schedule.PolynomialLR", "Polynomial (PolynomialLR)"),
    ("schedule.OneCycleLR", "One cycle (OneCycleLR)"),
    ("schedule.inverse_time", "Inverse time: lr / (1 + decay·t)"),
    ("schedule.power", "Power: lr / t^p"),
    ("notice.cleared", "All points removed: click on a map to draw points of the chosen class; the race starts once both classes have points."),
    ("notice.no_race", "There is no race to export yet."),
    ("notice.not_race_file", "That file is not a race exported from this page."),
    ("notice.link_parts", "Parts of the link were not used (the rest is loaded): {0}."),
    ("notice.points_read", "{0} points read; {1} rows refused: {2}"),
    ("notice.no_points", "No point could be read. {0}"),
    ("cap.waits", "{0} waits at the start."),
    ("cap.step", "Step {0}: {1}. g = ({2}, {3}), step taken = ({4}, {5}), loss {6}."),
    ("axis_step", "step"),
    ("axis_loss", "loss"),
    ("axis_accuracy", "accuracy"),
    ("axis_lr", "lr"),
    ("axis_value", "value"),
    ("perf_fps", "fps"),
    ("perf_steps", "training steps/s per lane"),
    ("perf_first", "first heatmap after"),
    ("perf_digits", "digits view after"),
    ("perf_paused", "paused, last measured:"),
    ("dataset.circle", "Circle"),
    ("dataset.xor", "Exclusive or"),
    ("dataset.gaussians", "Two Gaussians"),
    ("dataset.spiral", "Spiral"),
    ("dataset.spiral3", "Three-arm spiral"),
    ("dataset.moons", "Moons"),
    ("dataset.checkerboard", "Checkerboard"),
    ("dataset.digits", "Handwritten digits (8×8)"),
    ("surface.quadratic", "Elongated bowl"),
    ("surface.rosenbrock", "Rosenbrock valley"),
    ("surface.beale", "Beale"),
    ("surface.himmelblau", "Himmelblau (four minima)"),
    ("surface.saddle", "Saddle point"),
    ("surface.rastrigin", "Rastrigin (many local minima)"),
    ("surface.regression", "Linear regression loss"),
    ("loss.cross_entropy", "Cross-entropy"),
    ("loss.squared_error", "Squared error"),
    // Names, tooltips and descriptions a screen reader or a pointer finds (issue 16).
    ("title.locked", "Fixed by the teacher"),
    ("title.lane_batch", "Blank: the shared batch size"),
    ("title.units", "1 to {0} units"),
    ("shared", "shared"),
    ("aria.lane", "Lane {0}: {1}"),
    ("aria.lane_name", "Name of lane {0}"),
    ("aria.lane_copy", "Copy lane {0}"),
    ("aria.lane_remove", "Remove lane {0}"),
    ("aria.lane_map_empty", "Decision boundary of lane {0}"),
    ("aria.schedule", "Learning rate of lane {0} per step"),
    ("aria.chart", "{0} per step. Now: {1}."),
    ("aria.walker", "{0} at step {1}, loss {2}"),
    ("aria.landscape", "Contour map of {0}. {1}."),
    ("axis_loss_min", "loss − min"),
    ("take_step", "Take a step to see the numbers."),
    // Text alternatives and live regions (issue 16)
    ("points_table", "Points as a table"),
    ("table.points_caption", "Points of lane {0}: where each is, its class and the class the lane predicts"),
    ("table.set", "set"),
    ("table.predicted", "predicted class"),
    ("table.wrong", "wrong"),
    ("say.progress", "Step {0}. Train loss: {1}."),
    ("say.diverged", "Lane {0}: {1}."),
    ("say.lane_diverged", "{0} diverged"),
    // Keyboard paths (issue 16)
    ("keys.draw", "A lane's map: the arrows move the crosshair (with Shift five times as far); 0 or 1 (2 with three classes) adds a point of that class, Enter one of the chosen class, Delete or Backspace erases the nearest point."),
    ("kbd.input", "input x{0}"),
    ("kbd.hidden", "unit {0} of hidden layer {1}"),
    ("kbd.output", "output {0}"),
    ("kbd.weight", "weight from {0} to {1}"),
    ("kbd.following", "Following: {0}."),
    ("kbd.no_network", "No network to inspect yet: the race starts once both classes have points."),
    ("kbd.start", "Start at ({0}, {1})."),
    ("kbd.cell", "Cell: {0} = {1}, {2} = {3}; {4}."),
    ("kbd.final_loss", "final loss {0}"),
    ("kbd.diverged", "diverged"),
    ("kbd.pending", "not computed yet"),
    ("kbd.no_map", "No map yet: compute one first."),
    ("kbd.crosshair", "Crosshair at ({0}, {1})."),
    ("kbd.added", "Added a point of class {0} at ({1}, {2})."),
    ("kbd.erased", "Erased the point nearest to ({0}, {1})."),
    ("kbd.none_near", "No point near ({0}, {1}) to erase."),
    ("kbd.no_class", "There is no class {0}: the data has {1} classes."),
    // Motion (issue 16)
];

/// A language's translations, read from its catalog file.
/// Words by their key (or English), sorted for a binary search: the page's few hundred need no
/// hash map (and the Wasm then carries no hashing code).
#[derive(Debug, Default)]
struct Table(Vec<(String, String)>);

impl Table {
    /// The table of `pairs`; where a key comes twice, its first word stays.
    fn new(mut pairs: Vec<(String, String)>) -> Table {
        crate::order::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        pairs.dedup_by(|later, first| later.0 == first.0);
        Table(pairs)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| self.0[i].1.as_str())
    }
}

#[derive(Debug, Default)]
pub struct Catalog {
    keys: Table,
    phrases: Table,
    /// Phrases with `{n}` places: the literal pieces between places, the places' numbers, and
    /// the translation; longest first, so the most specific matches first.
    templates: Vec<Template>,
}

#[derive(Debug)]
struct Template {
    pieces: Vec<String>,
    places: Vec<usize>,
    translation: String,
}

impl Template {
    fn new(english: &str, translation: &str) -> Option<Template> {
        let (mut pieces, mut places) = (Vec::new(), Vec::new());
        let mut rest = english;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}')? + open;
            places.push(rest[open + 1..close].parse().ok()?);
            pieces.push(rest[..open].to_string());
            rest = &rest[close + 1..];
        }
        pieces.push(rest.to_string());
        (!places.is_empty()).then(|| Template {
            pieces,
            places,
            translation: translation.to_string(),
        })
    }

    /// Whether the template may hold a whole list of sentences: one that spans a `;`, or a
    /// sentence that opens with words and wraps the list in its one place ("Parts of the link
    /// were not used: {0}.").
    fn spans_a_list(&self) -> bool {
        self.pieces.iter().any(|p| p.contains(';'))
            || (self.places.len() == 1 && self.pieces[0].trim().contains(' '))
    }

    /// The text each place holds, if `text` has this template's shape.
    fn captures<'t>(&self, text: &'t str) -> Option<Vec<&'t str>> {
        let mut rest = text.strip_prefix(self.pieces[0].as_str())?;
        let mut out = Vec::new();
        for (k, piece) in self.pieces[1..].iter().enumerate() {
            let last = k + 2 == self.pieces.len();
            let at = if last {
                rest.len()
                    .checked_sub(piece.len())
                    .filter(|&i| rest.is_char_boundary(i) && rest[i..] == **piece)?
            } else if piece.is_empty() {
                return None;
            } else {
                rest.find(piece.as_str())?
            };
            out.push(&rest[..at]);
            rest = &rest[at + piece.len()..];
        }
        Some(out)
    }
}

impl Catalog {
    /// Reads a catalog file: `{"language": "ru", "keys": {...}, "phrases": {...}}`.
    pub fn parse(text: &str) -> Result<Catalog, String> {
        let root = crate::json::parse(text).map_err(|e| e.to_string())?;
        let table = |name: &str| -> Result<Vec<(String, String)>, String> {
            match root.get(name) {
                Some(crate::json::Value::Object(members)) => members
                    .iter()
                    .map(|(k, v)| {
                        v.as_str()
                            .map(|t| (k.clone(), t.to_string()))
                            .ok_or_else(|| format!("{name}.{k} is not text"))
                    })
                    .collect(),
                _ => Err(format!("the catalog has no {name}")),
            }
        };
        let keys = Table::new(table("keys")?);
        let mut phrases = table("phrases")?;
        // A key's English is a phrase too, so a sentence the page wrote before the catalog
        // arrived (a link's notice at start-up) is translated when it is shown anew.
        for (key, english) in STRINGS {
            if let Some(word) = keys.get(key) {
                phrases.push((english.to_string(), word.to_string()));
            }
        }
        // Sorted, the catalog's own phrase first where a key's English says the same.
        let phrases = Table::new(phrases);
        let mut templates: Vec<Template> = phrases
            .0
            .iter()
            .filter_map(|(english, translation)| Template::new(english, translation))
            .collect();
        // Longest literal text first (a stable sort over sorted phrases: the same order on
        // every load).
        let literal = |t: &Template| t.pieces.iter().map(String::len).sum::<usize>();
        crate::order::sort_by(&mut templates, |a, b| literal(b).cmp(&literal(a)));
        let phrases = Table(
            phrases
                .0
                .into_iter()
                .filter(|(english, _)| !english.contains('{'))
                .collect(),
        );
        Ok(Catalog {
            keys,
            phrases,
            templates,
        })
    }

    /// Whether the catalog translates the word under `key`.
    pub fn has_key(&self, key: &str) -> bool {
        self.keys.get(key).is_some()
    }

    /// Whether the catalog translates `english` (a phrase or a template).
    pub fn has_phrase(&self, english: &str) -> bool {
        self.phrases.get(english).is_some()
            || self.templates.iter().any(|t| t.captures(english).is_some())
    }
}

thread_local! {
    /// The installed catalogs, by language; each lives as long as the page.
    static CATALOGS: RefCell<[Option<&'static Catalog>; 3]> = const { RefCell::new([None, None, None]) };
}

/// Makes `catalog` the translations of `lang`.
pub fn install(lang: Lang, catalog: Catalog) {
    let catalog: &'static Catalog = Box::leak(Box::new(catalog));
    CATALOGS.with(|c| c.borrow_mut()[lang.slot()] = Some(catalog));
}

/// Whether `lang` can be shown (English always; the others once their catalog is installed).
pub fn ready(lang: Lang) -> bool {
    lang == Lang::En || catalog(lang).is_some()
}

fn catalog(lang: Lang) -> Option<&'static Catalog> {
    CATALOGS.with(|c| c.borrow()[lang.slot()])
}

/// The word under `key` in `lang`, or the key itself when there is no such word.
pub fn t(lang: Lang, key: &str) -> &str {
    lookup(lang, key).unwrap_or(key)
}

/// The word under `key` in `lang` (English where the catalog lacks it), if the key exists.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let english = STRINGS.iter().find(|(k, _)| *k == key).map(|(_, e)| *e);
    if lang == Lang::En {
        return english;
    }
    catalog(lang).and_then(|c| c.keys.get(key)).or(english)
}

/// `english` in `lang`: its translation where the catalog has one, else itself.
pub fn translate(lang: Lang, english: &str) -> &str {
    if lang == Lang::En {
        return english;
    }
    match catalog(lang).and_then(|c| c.phrases.get(english)) {
        Some(t) => t,
        None => english,
    }
}

/// `template` (from [`t`]) with `{0}`, `{1}` replaced by `args`.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out
}

/// A sentence of the engine or the page in `lang`: a phrase the catalog has, or one of its
/// templates with each captured part translated in turn (a field's name, a rule, a cause);
/// numbers in the language's own writing. What has no translation stays English.
pub fn message(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    numerals(lang, &translated(lang, text, 0))
}

fn translated(lang: Lang, text: &str, depth: usize) -> String {
    let Some(c) = catalog(lang) else {
        return text.to_string();
    };
    if let Some(t) = c.phrases.get(text) {
        return t.to_string();
    }
    if depth < 6 {
        // In a list of sentences (a file's refused rows, a link's ignored parts), only a
        // template that itself spans a `;` may take the whole; else each sentence in turn.
        let sentences = sentences(text);
        let list = sentences.len() > 1;
        for template in &c.templates {
            if list && !template.spans_a_list() {
                continue;
            }
            if let Some(parts) = template.captures(text) {
                let mut out = template.translation.clone();
                for (place, part) in template.places.iter().zip(parts) {
                    out = out.replace(&format!("{{{place}}}"), &translated(lang, part, depth + 1));
                }
                return out;
            }
        }
        if list {
            let separator = if lang == Lang::Fa { "؛ " } else { "; " };
            let parts: Vec<String> = sentences
                .into_iter()
                .map(|part| translated(lang, part, depth + 1))
                .collect();
            return parts.join(separator);
        }
    }
    text.to_string()
}

/// `text` split at each `; ` outside double quotes (a quoted value is the learner's, whole).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            '\\' if quoted => escaped = !escaped,
            '"' if !escaped => quoted = !quoted,
            ';' if !quoted && text[i + 1..].starts_with(' ') => {
                out.push(&text[start..i]);
                start = i + 2;
            }
            _ => {}
        }
        if c != '\\' {
            escaped = false;
        }
    }
    out.push(&text[start..]);
    out
}

/// Numbers in `text` written as `lang` writes them for reading: a decimal comma in Russian
/// (`0,6932`), Persian digits and decimal separator in Persian (`۰٫۶۹۳۲`). Text that holds
/// no number is unchanged; files and fields keep the dot.
pub fn numerals(lang: Lang, text: &str) -> String {
    if lang == Lang::En || !text.bytes().any(|b| b.is_ascii_digit()) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let digit = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_ascii_digit())
        };
        let between_digits = digit(i.checked_sub(1)) && digit(Some(i + 1));
        match (lang, c) {
            // A minus before a number, in right-to-left text, would show after it ("۰٫۲۴-"):
            // a left-to-right mark keeps it on the number's left.
            (Lang::Fa, '-' | '−') if digit(Some(i + 1)) && !digit(i.checked_sub(1)) => {
                out.push('\u{200E}');
                out.push(c);
            }
            (Lang::Ru, '.') if between_digits => out.push(','),
            (Lang::Fa, '.') if between_digits => out.push('٫'),
            (Lang::Fa, d @ '0'..='9') => {
                out.push(char::from_u32(0x06F0 + (d as u32 - '0' as u32)).unwrap_or(d))
            }
            (_, c) => out.push(c),
        }
    }
    out
}

/// Every key, for checks that each element's `data-i18n` exists and every catalog has it.
pub fn keys() -> impl Iterator<Item = &'static str> {
    STRINGS.iter().map(|(k, _)| *k)
}

/// Installs the catalogs from `www/i18n/`, as the page fetches them (for the tests).
#[cfg(test)]
pub(crate) fn install_both() {
    for lang in [Lang::Ru, Lang::Fa] {
        let path = format!(
            "{}/www/i18n/{}.json",
            env!("CARGO_MANIFEST_DIR"),
            lang.code()
        );
        let text = std::fs::read_to_string(path).expect("the catalog is beside the page");
        install(lang, Catalog::parse(&text).expect("the catalog reads"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_translated_in_both_catalogs_and_keys_are_unique() {
        install_both();
        let mut seen = std::collections::HashSet::new();
        for (key, english) in STRINGS {
            assert!(seen.insert(*key), "{key} twice");
            assert!(!english.trim().is_empty(), "{key}");
            for lang in [Lang::Ru, Lang::Fa] {
                assert!(catalog(lang).unwrap().has_key(key), "{key} has no {lang:?}");
            }
            let ru = t(Lang::Ru, key);
            assert!(
                ru.chars()
                    .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap()))
                    || !ru.chars().any(|c| c.is_alphabetic())
                    || ru.contains('L'),
                "{key}: Russian {ru:?}"
            );
            let fa = t(Lang::Fa, key);
            assert!(
                fa.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
                    || ["CSV", "L1", "L2"].iter().any(|w| fa.contains(w)),
                "{key}: Persian {fa:?}"
            );
        }
        // Words only the HTML writes keep their English there (`data-i18n…` attributes).
        let html = include_str!("../www/index.html");
        let in_html: Vec<&str> = html
            .split("data-i18n")
            .skip(1)
            .filter_map(|rest| {
                rest.split_once("=\"")
                    .map(|(_, v)| v.split('"').next().unwrap_or(""))
            })
            .collect();
        for key in &in_html {
            for lang in [Lang::Ru, Lang::Fa] {
                assert!(
                    catalog(lang).unwrap().has_key(key),
                    "{key} (index.html) has no {lang:?}"
                );
            }
        }
        for lang in [Lang::Ru, Lang::Fa] {
            for (key, _) in &catalog(lang).unwrap().keys.0 {
                assert!(
                    STRINGS.iter().any(|(k, _)| k == key) || in_html.contains(&key.as_str()),
                    "{lang:?} translates {key}, which the page no longer has"
                );
            }
        }
    }

    #[test]
    fn common_messages_are_translated_piece_by_piece() {
        install_both();
        assert_eq!(
            message(Lang::Ru, "\"lots\" is not a number"),
            "\"lots\" — не число"
        );
        assert_eq!(
            message(Lang::Fa, "must be between 0 and 1"),
            "باید بین ۰ و ۱ باشد"
        );
        assert_eq!(
            message(Lang::Ru, "must be a whole number from 1 to 32"),
            "должно быть целым числом от 1 до 32"
        );
        assert_eq!(
            message(
                Lang::Ru,
                "diverged at step 812: loss became NaN; lower the learning rate"
            ),
            "разошлась на шаге 812: потери стали NaN; уменьшите шаг обучения"
        );
        assert_eq!(
            message(Lang::En, "must be between 0 and 1"),
            "must be between 0 and 1"
        );
        assert_eq!(message(Lang::Fa, "something else"), "something else");
        // A notice written in English before the catalog arrived reads whole, list and all.
        assert_eq!(
            message(
                Lang::Ru,
                "Parts of the link were not used (the rest is loaded): lanes=99: must be a \
                 whole number from 1 to 6; unknown field \"frobnicate\"."
            ),
            "Часть ссылки не использована (остальное загружено): lanes=99: должно быть целым \
             числом от 1 до 6; неизвестное поле \"frobnicate\"."
        );
        assert_eq!(
            numerals(Lang::Ru, "loss 0.6932 at step 12"),
            "loss 0,6932 at step 12"
        );
        assert_eq!(numerals(Lang::Fa, "0.5%"), "۰٫۵%");
        assert_eq!(numerals(Lang::Fa, "(-0.24, 0)"), "(\u{200E}-۰٫۲۴, ۰)");
        assert_eq!(numerals(Lang::Fa, "3-2"), "۳-۲");
        assert_eq!(numerals(Lang::Ru, "v1.2.3"), "v1,2,3");
    }

    #[test]
    fn a_list_splits_between_sentences_never_inside_a_quoted_value() {
        assert_eq!(
            sentences(r#"row 2: "a; b" is not a number; row 3: label "\"; x" is not a class"#),
            [
                r#"row 2: "a; b" is not a number"#,
                r#"row 3: label "\"; x" is not a class"#
            ]
        );
        assert_eq!(sentences("one sentence"), ["one sentence"]);
    }

    #[test]
    fn templates_capture_their_places() {
        let t = Template::new("{0}: invalid {1} = {2}: {3}", "x").unwrap();
        assert_eq!(
            t.captures("adam: invalid betas[0] = 1.5: must be in [0, 1)"),
            Some(vec!["adam", "betas[0]", "1.5", "must be in [0, 1)"])
        );
        assert_eq!(t.captures("no such shape"), None);
        let tail = Template::new("{0} is not a number", "y").unwrap();
        assert_eq!(
            tail.captures("\"a is\" is not a number"),
            Some(vec!["\"a is\""])
        );
        assert!(Template::new("no places", "z").is_none());
    }

    #[test]
    fn lookups_fall_back_to_english_then_the_key() {
        assert_eq!(t(Lang::En, "play"), "Play");
        assert_eq!(t(Lang::En, "no-such-key"), "no-such-key");
        assert_eq!(Lang::Fa.dir(), "rtl");
        assert_eq!(Lang::from_browser(["de-DE", "ru-RU", "en"]), Lang::Ru);
        assert_eq!(Lang::from_browser(["fa"]), Lang::Fa);
        assert_eq!(Lang::from_browser(["de"]), Lang::En);
        install_both();
        assert_eq!(t(Lang::Ru, "play"), "Пуск");
        assert_eq!(t(Lang::Fa, "play"), "اجرا");
        assert!(ready(Lang::Ru) && ready(Lang::En));
        assert!(Catalog::parse("{\"keys\": 3}").is_err());
    }
}
