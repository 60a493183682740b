//! The settings panels (data, network, surface, lessons) and what the launch settings and the
//! language do to the whole page: which panels and view sections show, which controls a
//! teacher locked, every `data-i18n` text (and `data-i18n-label` name, `data-i18n-title` tooltip) in the chosen
//! language.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::data::DatasetKind;
use crate::format::exact;
use crate::i18n;
use crate::nn::{Activation, Init, MAX_UNITS};
use crate::state::fields::FIELDS;
use crate::state::table::{self, Restart};
use crate::state::LossChoice;
use crate::surface::{GradientNoise, SurfaceKind};
use crate::view::controls;
use crate::web::dom;
use crate::web::model::Model;

/// The `<select id>` of `(name, English label)` choices, each label translated under the key
/// `id.name` where the language has one.
fn fill_menu<'a>(model: &Model, id: &str, choices: impl Iterator<Item = (&'a str, &'a str)>) {
    let choices = choices.map(|(name, label)| {
        let key = format!("{id}.{name}");
        (name, i18n::lookup(model.lang, &key).unwrap_or(label))
    });
    dom::set_html(id, &controls::options(choices, ""));
}

/// The lessons' cards, in the page's language.
pub fn fill_lessons(model: &Model) {
    dom::set_html(
        "lessons",
        &controls::lesson_cards(&model.lessons, model.lang),
    );
}

/// The translated menus and the lessons' cards.
pub fn fill_menus(model: &Model) {
    fill_menu(
        model,
        "surface",
        SurfaceKind::ALL.iter().map(|k| (k.name(), k.label())),
    );
    fill_lessons(model);
    fill_menu(
        model,
        "dataset",
        DatasetKind::ALL.iter().map(|k| (k.name(), k.label())),
    );
    fill_menu(
        model,
        "activation",
        Activation::ALL.iter().map(|a| (a.name(), a.label())),
    );
    fill_menu(
        model,
        "init",
        Init::ALL.iter().map(|i| (i.name(), i.label())),
    );
    fill_menu(
        model,
        "loss",
        LossChoice::ALL.iter().map(|l| (l.name(), l.label())),
    );
}

/// Every settings field shows the experiment's value, with no error left beside it.
pub fn render(model: &Model) {
    let s = &model.exp;
    for (id, value) in [
        ("dataset", s.dataset.name().to_string()),
        ("points", s.points.to_string()),
        ("noise", exact(s.noise)),
        ("train_ratio", exact(s.train_ratio)),
        ("seed", s.seed.to_string()),
        ("batch_size", s.batch_size.to_string()),
        ("activation", s.activation.name().to_string()),
        ("init", s.init.name().to_string()),
        ("loss", s.loss.name().to_string()),
        ("l1", exact(s.l1)),
        ("l2", exact(s.l2)),
        ("dropout", exact(s.dropout)),
        ("batch_norm", s.batch_norm.to_string()),
        ("show_test", s.show_test.to_string()),
        ("log_scale", s.log_scale.to_string()),
        ("speed", s.speed.to_string()),
        ("surface", s.surface.name().to_string()),
        ("scale", exact(s.scale)),
        ("walk_steps", s.walk_steps.to_string()),
        ("pixels", s.pixels.name().to_string()),
        ("digit_view", s.digit_view.name().to_string()),
    ] {
        dom::set_value(id, &value);
        if let Some(el) = dom::by_id(id) {
            dom::field_message(&el, None);
        }
    }
    render_speed(model);
    dom::set_hidden("pixels-field", s.dataset != DatasetKind::Digits);
    if let Some(body) = dom::document().body() {
        let _ = body
            .class_list()
            .toggle_with_force("digits", s.dataset == DatasetKind::Digits);
    }
    let (kind, amount) = match s.gradient_noise {
        GradientNoise::Exact => ("exact", String::new()),
        GradientNoise::Gaussian { std } => ("gaussian", exact(std)),
        GradientNoise::MiniBatch { batch_size } => ("batch", batch_size.to_string()),
    };
    dom::set_value("scale-slider", &crate::format::fixed(s.scale.log10(), 2));
    dom::set_value("noise-kind", kind);
    dom::set_value("noise-amount", &amount);
    dom::set_html(
        "layers",
        &controls::layer_inputs(&s.hidden, MAX_UNITS, model.lang),
    );
    dom::set_html(
        "draw-classes",
        &controls::class_picker(s.classes(), model.draw_class, model.lang),
    );
}

/// The speed slider's words.
pub fn render_speed(model: &Model) {
    dom::set_text(
        "speed-out",
        &i18n::numerals(
            model.lang,
            &format!("{} {}", model.exp.speed, model.tr("steps_per_frame")),
        ),
    );
}

/// Makes a control read-only (a teacher fixed it) or editable again.
fn lock_control(control: &Element, locked: bool, lang: i18n::Lang) {
    if locked {
        let _ = control.set_attribute("disabled", "");
        let _ = control.set_attribute("data-locked", "");
        let _ = control.set_attribute("title", i18n::t(lang, "title.locked"));
    } else if control.has_attribute("data-locked") {
        let _ = control.remove_attribute("disabled");
        let _ = control.remove_attribute("data-locked");
        let _ = control.remove_attribute("title");
    }
}

/// Every element a selector finds.
fn all(selector: &str) -> Vec<Element> {
    let Ok(list) = dom::document().query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|k| list.item(k).and_then(|n| n.dyn_into::<Element>().ok()))
        .collect()
}

/// The launch settings on the page: chrome off when embedded, panels a teacher hid gone,
/// panels or fields a teacher fixed read-only; then the current view's sections and the
/// language. Run after anything that makes controls anew.
pub fn apply(model: &Model) {
    let launch = &model.launch;
    if let Some(body) = dom::document().body() {
        let _ = body.class_list().toggle_with_force("embed", launch.embed);
    }
    for panel in all("[data-panel]") {
        let name = panel.get_attribute("data-panel").unwrap_or_default();
        let shown = launch.show.as_ref().is_none_or(|s| s.contains(&name));
        let _ = panel.class_list().toggle_with_force("panel-off", !shown);
        let locked = launch.lock.contains(&name);
        if let Ok(list) = panel.query_selector_all("input, select, button") {
            for c in 0..list.length() {
                if let Some(control) = list.item(c).and_then(|n| n.dyn_into::<Element>().ok()) {
                    lock_control(&control, locked, model.lang);
                }
            }
        }
    }
    for field in &launch.lock {
        for control in all(&format!("[data-field='{field}']")) {
            lock_control(&control, true, model.lang);
        }
    }
    // The open lesson's fixed fields: every one that changes a run, but those it frees.
    if let Some(free) = model.free() {
        for control in all("[data-field]") {
            let key = control.get_attribute("data-field").unwrap_or_default();
            let changes_run = key == "view"
                || table::find(FIELDS, &key).is_some_and(|(_, f, _)| {
                    matches!(
                        f.restarts,
                        Restart::Landscape | Restart::Race | Restart::Lane
                    )
                });
            if changes_run && !free.contains(&key) {
                lock_control(&control, true, model.lang);
            }
        }
    }
    if let Some(layout) = dom::document().query_selector(".layout").ok().flatten() {
        let any_setting = ["data", "network", "surface", "lessons"].iter().any(|p| {
            launch
                .show
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| x == p))
        });
        let _ = layout
            .class_list()
            .toggle_with_force("no-settings", !any_setting);
    }
    apply_language(model);
    let current = model.exp.view.name();
    for el in all("[data-view]") {
        if let Some(el) = el.dyn_ref::<HtmlElement>() {
            let show = el.get_attribute("data-view").as_deref() == Some(current);
            if el.hidden() == show {
                el.set_hidden(!show);
            }
        }
    }
    if let Some(radio) = dom::document()
        .query_selector(&format!("input[name=view][value={current}]"))
        .ok()
        .flatten()
    {
        dom::set_element_value(&radio, current);
    }
}

/// Puts every `data-i18n` text (and `data-i18n-label` name, `data-i18n-title` tooltip) of the page in the current
/// language, and lays the page out right to left for Persian.
fn apply_language(model: &Model) {
    thread_local! {
        /// Whether the page was ever shown in another language than English.
        static TRANSLATED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    let lang = model.lang;
    if let Some(html) = dom::document().document_element() {
        let _ = html.set_attribute("lang", lang.code());
        let _ = html.set_attribute("dir", lang.dir());
    }
    dom::set_value("lang", lang.code());
    // The HTML and every control the code writes are English already: an English page that
    // was never translated has nothing to do (a fifth of start-up's first task otherwise).
    if lang == i18n::Lang::En && !TRANSLATED.with(|t| t.get()) {
        return;
    }
    TRANSLATED.with(|t| t.set(true));
    // A word the page's code never writes has its English only in the HTML: kept, the first
    // time, in a `data-en…` attribute, so the page can go back to English.
    let english = |el: &Element, saved: &str, now: Option<String>| -> String {
        el.get_attribute(saved).unwrap_or_else(|| {
            let now = now.unwrap_or_default();
            let _ = el.set_attribute(saved, &now);
            now
        })
    };
    for el in all("[data-i18n]") {
        let key = el.get_attribute("data-i18n").unwrap_or_default();
        let text = match i18n::lookup(lang, &key) {
            Some(t) => t.to_string(),
            None => english(&el, "data-en", el.text_content()),
        };
        if el.text_content().as_deref() != Some(text.as_str()) {
            el.set_text_content(Some(&text));
        }
    }
    // Names and tooltips: `data-i18n-label` keys the `aria-label`, `data-i18n-title` the title.
    for (marker, attribute, saved) in [
        ("data-i18n-label", "aria-label", "data-en-label"),
        ("data-i18n-title", "title", "data-en-title"),
    ] {
        for el in all(&format!("[{marker}]")) {
            let key = el.get_attribute(marker).unwrap_or_default();
            let text = match i18n::lookup(lang, &key) {
                Some(t) => t.to_string(),
                None => english(&el, saved, el.get_attribute(attribute)),
            };
            if el.get_attribute(attribute).as_deref() != Some(text.as_str()) {
                let _ = el.set_attribute(attribute, &text);
            }
        }
    }
}

/// Unfolds the lesson whose experiment is on the page (or the one the learner is in), so its
/// text sits beside the run.
pub fn open_lesson(model: &Model) {
    let hash = format!("#{}", model.exp.link());
    for l in &model.lessons {
        if let Some(card) = dom::by_id(&format!("lesson-{}", l.id)) {
            if l.link() == hash || model.lesson.as_deref() == Some(l.id.as_str()) {
                let _ = card.set_attribute("open", "");
            } else {
                let _ = card.remove_attribute("open");
            }
        }
    }
}

/// Brings the open lesson's text into view (a lesson's card may sit far below the lanes), or
/// the top of the page when no lesson is open.
pub fn scroll_to_lesson(model: &Model) {
    let hash = format!("#{}", model.exp.link());
    let open = model
        .lessons
        .iter()
        .find(|l| l.link() == hash)
        .and_then(|l| dom::by_id(&format!("lesson-{}", l.id)));
    match open {
        Some(card) => card.scroll_into_view(),
        None => {
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
    }
}
