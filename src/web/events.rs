//! Event delegation: one listener per kind on the document (and the window's messages and hash
//! changes) turns what the learner did into a call on the page's [`App`]. Every control that
//! edits the experiment carries a `data-field` (the field it edits), every button a
//! `data-action`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlCanvasElement, KeyboardEvent, MouseEvent, PointerEvent};

use crate::web::app::{with_app, App};
use crate::web::course;
use crate::web::dom;
use crate::web::keys::Canvas;
use crate::web::views::curves;

/// Listens on the document and the window for as long as the page lives.
pub fn listen() -> Result<(), JsValue> {
    let document = dom::document();
    let on = |target: &web_sys::EventTarget, kind: &str, f: fn(&Event)| -> Result<(), JsValue> {
        let closure = Closure::<dyn FnMut(Event)>::new(move |e: Event| f(&e));
        target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
        // The listeners live as long as the page.
        closure.forget();
        Ok(())
    };
    // A panel's "show as table" is filled when it opens (`toggle` does not bubble: caught on
    // its way down).
    let toggle = Closure::<dyn FnMut(Event)>::new(move |e: Event| on_toggle(&e));
    document.add_event_listener_with_callback_and_bool(
        "toggle",
        toggle.as_ref().unchecked_ref(),
        true,
    )?;
    toggle.forget();
    on(&document, "change", on_change)?;
    on(&document, "input", on_input)?;
    on(&document, "click", on_click)?;
    on(&document, "keydown", on_key)?;
    on(&document, "focusin", |e| on_focus(e, true))?;
    on(&document, "focusout", |e| on_focus(e, false))?;
    on(&document, "pointermove", on_pointer_move)?;
    on(&document, "pointerdown", |e| on_pointer(e, true))?;
    on(&document, "pointerup", |e| on_pointer(e, false))?;
    // A touch that turns into a scroll is not a tap on the map.
    on(&document, "pointercancel", |_| {
        with_app(|app| app.lanes.cancel_press());
    })?;
    on(&document, "contextmenu", |e| {
        // Right-click on a map erases; keep the browser menu away from it.
        if target(e).is_some_and(|t| t.class_list().contains("heatmap") || t.id() == "pad") {
            e.prevent_default();
        }
    })?;
    if let Some(w) = web_sys::window() {
        on(&w, "message", on_message)?;
        on(&w, "hashchange", |_| {
            let hash = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            with_app(|app| app.open(&hash));
        })?;
        // Leaving or hiding the page ends the LMS session (a phone may never fire `pagehide`).
        on(&w, "pagehide", |_| {
            with_app(|app| app.leave());
        })?;
    }
    on(&document, "visibilitychange", |_| {
        if dom::document().hidden() {
            with_app(|app| app.leave());
        }
    })?;
    Ok(())
}

/// A `<details>` opened or closed: a table panel that opened is filled now.
fn on_toggle(e: &Event) {
    let Some(el) = target(e) else { return };
    if !el.has_attribute("open") || !el.class_list().contains("as-table") {
        return;
    }
    with_app(|app| {
        if el.id() == "curves-table" {
            curves::fill_table(&app.model);
        } else {
            app.lanes.fill_tables(&mut app.model);
        }
    });
}

fn target(e: &Event) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()
}

/// A client position as canvas pixel coordinates (the canvas may be scaled by CSS).
fn canvas_point(el: &Element, e: &Event) -> Option<(f64, f64)> {
    let m = e.dyn_ref::<MouseEvent>()?;
    let rect = el.get_bounding_client_rect();
    let (w, h) = el
        .dyn_ref::<HtmlCanvasElement>()
        .map_or((rect.width(), rect.height()), |c| {
            (c.width() as f64, c.height() as f64)
        });
    Some((
        (m.client_x() as f64 - rect.left()) * w / rect.width().max(1.0),
        (m.client_y() as f64 - rect.top()) * h / rect.height().max(1.0),
    ))
}

/// The text of a control found by id.
fn value_of(id: &str) -> String {
    dom::by_id(id)
        .and_then(|e| dom::control_value(&e))
        .unwrap_or_default()
}

fn on_change(e: &Event) {
    let Some(el) = target(e) else { return };
    match el.id().as_str() {
        "import-config" => return read_file(&el, App::import_race),
        "import-points" => return read_file(&el, App::import_points),
        id if id.starts_with("share-") => {
            with_app(|app| app.share.render(&app.model));
            return;
        }
        "noise-kind" | "noise-amount" => {
            let kind = value_of("noise-kind");
            let value = match kind.as_str() {
                "gaussian" | "batch" => format!("{kind}:{}", value_of("noise-amount").trim()),
                _ => "exact".to_string(),
            };
            with_app(|app| app.edit(&el, "gradient_noise", &value));
            return;
        }
        _ => {}
    }
    let (Some(field), Some(value)) = (el.get_attribute("data-field"), dom::control_value(&el))
    else {
        return;
    };
    with_app(|app| app.edit(&el, &field, &value));
}

fn on_input(e: &Event) {
    let Some(el) = target(e) else { return };
    if el.id() == "scale-slider" {
        if let Some(v) = dom::control_value(&el).and_then(|v| crate::float::parse(&v)) {
            // Three significant digits: readable in the field and in links.
            let scale = 10f64.powf(v);
            let digits = (2 - scale.log10().floor() as i32).max(0) as usize;
            let text = crate::format::fixed(scale, digits);
            with_app(|app| {
                app.edit(&el, "scale", &text);
                dom::set_value("scale", &text);
            });
        }
        return;
    }
    if el.get_attribute("data-field").as_deref() == Some("speed") {
        if let Some(value) = dom::control_value(&el) {
            with_app(|app| app.edit(&el, "speed", &value));
        }
    }
}

fn on_click(e: &Event) {
    let Some(el) = target(e) else { return };
    match el.id().as_str() {
        "hypermap" => {
            if let Some((x, y)) = canvas_point(&el, e) {
                with_app(|app| {
                    let Some(values) = app.hypermap.pick(&el, x, y) else {
                        return;
                    };
                    app.take_cell(values);
                });
            }
            return;
        }
        "network" => {
            if let Some((x, y)) = canvas_point(&el, e) {
                with_app(|app| {
                    if app.inspector.pick(&mut app.model, x, y) {
                        app.draw(true);
                    }
                });
            }
            return;
        }
        _ => {}
    }
    if let Ok(Some(button)) = el.closest("[data-check]") {
        let id = button.get_attribute("data-check").unwrap_or_default();
        with_app(|app| app.check(&id));
        return;
    }
    if let Ok(Some(_)) = el.closest("[data-leave]") {
        with_app(|app| app.leave_lesson());
        return;
    }
    let Ok(Some(button)) = el.closest("[data-action]") else {
        return;
    };
    let action = button.get_attribute("data-action").unwrap_or_default();
    let lane = button
        .get_attribute("data-lane")
        .and_then(|l| l.parse::<usize>().ok());
    with_app(|app| app.action(&action, lane));
}

fn on_key(e: &Event) {
    let Some(key) = e.dyn_ref::<KeyboardEvent>() else {
        return;
    };
    if key.ctrl_key() || key.meta_key() || key.alt_key() {
        return;
    }
    // A canvas with keyboard paths takes its keys first; the rest are the page's.
    if let Some((el, canvas)) = target(e).and_then(|t| Canvas::of(&t).map(|c| (t, c))) {
        let (name, coarse) = (key.key(), key.shift_key());
        if with_app(|app| app.canvas_key(canvas, &el, &name, coarse)).unwrap_or(false) {
            e.prevent_default();
            return;
        }
    }
    // Keys typed into a field belong to the field.
    let in_control = target(e).is_some_and(|t| {
        matches!(
            t.tag_name().as_str(),
            "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" | "SUMMARY"
        )
    });
    if in_control {
        return;
    }
    match key.key().as_str() {
        " " => {
            e.prevent_default();
            with_app(|app| app.action("play", None));
        }
        "ArrowRight" => {
            e.prevent_default();
            with_app(|app| app.action("step", None));
        }
        "Escape" => {
            with_app(|app| app.cancel_replay());
        }
        _ => {}
    }
}

/// A canvas with keyboard paths took or lost the focus: its cursor shows while the focus came
/// from the keyboard (the browser's `:focus-visible`), not after a click.
fn on_focus(e: &Event, on: bool) {
    let Some((el, canvas)) = target(e).and_then(|t| Canvas::of(&t).map(|c| (t, c))) else {
        return;
    };
    let shown = on && el.matches(":focus-visible").unwrap_or(true);
    with_app(|app| app.canvas_focus(canvas, on, shown));
}

/// Where a pointer event is on the pad, in `0..1` of its width and height.
fn pad_point(el: &Element, e: &Event) -> Option<(f64, f64)> {
    let (x, y) = canvas_point(el, e)?;
    let c = el.dyn_ref::<HtmlCanvasElement>()?;
    Some((x / c.width().max(1) as f64, y / c.height().max(1) as f64))
}

fn on_pointer_move(e: &Event) {
    let Some(el) = target(e) else { return };
    if el.id() == "pad" {
        let inking = e.dyn_ref::<MouseEvent>().is_some_and(|m| m.buttons() != 0);
        if let Some((x, y)) = pad_point(&el, e) {
            with_app(|app| {
                app.pad.pointer(x, y, (!inking).then_some(false), false);
                app.pad.draw(&mut app.model);
            });
        }
        return;
    }
    if el.id() != "landscape" {
        return;
    }
    if let Some((x, y)) = canvas_point(&el, e) {
        with_app(|app| app.land.pan(&app.model, &el, x, y));
    }
}

fn on_pointer(e: &Event, down: bool) {
    let Some(el) = target(e) else { return };
    if el.id() == "pad" {
        let erase = e
            .dyn_ref::<MouseEvent>()
            .is_some_and(|m| m.shift_key() || m.button() == 2);
        if let Some((x, y)) = pad_point(&el, e) {
            with_app(|app| {
                app.pad.pointer(x, y, Some(down), erase);
                app.pad.draw(&mut app.model);
            });
        }
        return;
    }
    if !down {
        // A stroke that left the pad ends wherever the pointer is lifted.
        with_app(|app| app.pad.pointer(0.0, 0.0, Some(false), false));
    }
    if el.id() == "landscape" {
        if let Some((x, y)) = canvas_point(&el, e) {
            with_app(|app| {
                if let Some(start) = app.land.press(&el, x, y, down) {
                    app.edit(&el, "start", &start);
                }
            });
        }
        return;
    }
    if !el.class_list().contains("heatmap") {
        return;
    }
    if down {
        with_app(|app| app.lanes.press());
        return;
    }
    let (Some(p), Some(at)) = (e.dyn_ref::<PointerEvent>(), canvas_point(&el, e)) else {
        return;
    };
    let erase = p.shift_key() || p.button() == 2;
    with_app(
        |app| match app.lanes.release(&mut app.model, &el, at, erase) {
            Ok(true) => app.points_changed(),
            Ok(false) => {}
            Err(why) => crate::web::app::notice(&why),
        },
    );
}

/// A command from the embedding page.
fn on_message(e: &Event) {
    let Some(m) = e.dyn_ref::<web_sys::MessageEvent>() else {
        return;
    };
    match course::read_message(m) {
        None => {}
        Some(Ok(command)) => {
            with_app(|app| app.obey(command));
        }
        Some(Err(why)) => course::post(&crate::view::protocol::error(&why)),
    }
}

/// Reads the file chosen in a file input as text, then hands it to `f` with the app.
fn read_file(input: &Element, f: fn(&mut App, String)) {
    let Some(input) = input.dyn_ref::<web_sys::HtmlInputElement>() else {
        return;
    };
    let Some(file) = input.files().and_then(|list| list.get(0)) else {
        return;
    };
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let r = reader.clone();
    let onload = Closure::once(Box::new(move |_e: Event| {
        if let Some(text) = r.result().ok().and_then(|v| v.as_string()) {
            with_app(|app| f(app, text));
        }
    }) as Box<dyn FnOnce(Event)>);
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_text(&file);
    // Choosing the same file again must fire `change` again.
    input.set_value("");
}
