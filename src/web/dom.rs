//! Small DOM helpers shared by the page code.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, HtmlElement};

use crate::i18n::{self, Lang};

pub fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("the page has a document")
}

/// The browser's storage for this site; `None` where it is refused (private mode, a sandboxed
/// iframe): the page works without it.
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Sets an attribute of the page's body (the page's own figures and states, read by tests).
pub fn set_body_attribute(name: &str, value: &str) {
    if let Some(body) = document().body() {
        let _ = body.set_attribute(name, value);
    }
}

pub fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

pub fn canvas(id: &str) -> Option<HtmlCanvasElement> {
    by_id(id)?.dyn_into().ok()
}

pub fn set_text(id: &str, text: &str) {
    if let Some(e) = by_id(id) {
        if e.text_content().as_deref() != Some(text) {
            e.set_text_content(Some(text));
        }
    }
}

pub fn set_html(id: &str, html: &str) {
    if let Some(e) = by_id(id) {
        e.set_inner_html(html);
    }
}

pub fn set_hidden(id: &str, hidden: bool) {
    if let Some(e) = by_id(id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        if e.hidden() != hidden {
            e.set_hidden(hidden);
        }
    }
}

/// Whether the element `id` has the page's focus.
pub fn has_focus(id: &str) -> bool {
    document().active_element().is_some_and(|e| e.id() == id)
}

/// Says `text` beside a canvas (the visible line `status`) and to a screen reader (the page's
/// polite live region, `kbd-live`): what a keyboard cursor is on, or what a key did.
pub fn announce(status: &str, text: &str) {
    set_text(status, text);
    set_text("kbd-live", text);
}

/// Sets an input's or select's value (checkboxes: checked) without firing events.
pub fn set_value(id: &str, value: &str) {
    let Some(e) = by_id(id) else { return };
    set_element_value(&e, value);
}

pub fn set_element_value(e: &Element, value: &str) {
    if let Some(input) = e.dyn_ref::<web_sys::HtmlInputElement>() {
        if input.type_() == "checkbox" || input.type_() == "radio" {
            input.set_checked(value == "true" || input.value() == value);
        } else if input.value() != value {
            input.set_value(value);
        }
    } else if let Some(select) = e.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    }
}

/// The value of a form control as text: `"true"`/`"false"` for a checkbox.
pub fn control_value(e: &Element) -> Option<String> {
    if let Some(input) = e.dyn_ref::<web_sys::HtmlInputElement>() {
        if input.type_() == "checkbox" {
            return Some(input.checked().to_string());
        }
        return Some(input.value());
    }
    e.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value())
}

/// Shows (or clears, with `None`) a message right after a field, and marks it invalid.
pub fn field_message(e: &Element, message: Option<&str>) {
    let next = e
        .parent_element()
        .and_then(|p| p.query_selector(".field-error").ok().flatten());
    match message {
        Some(text) => {
            let _ = e.set_attribute("aria-invalid", "true");
            let span = match next {
                Some(s) => s,
                None => {
                    let s = document().create_element("span").expect("span");
                    s.set_class_name("field-error");
                    let _ = s.set_attribute("role", "alert");
                    let _ = e.insert_adjacent_element("afterend", &s);
                    s
                }
            };
            span.set_text_content(Some(text));
        }
        None => {
            let _ = e.remove_attribute("aria-invalid");
            if let Some(s) = next {
                s.remove();
            }
        }
    }
}

/// The language the page is shown in: `<html lang>`, which the page sets whenever the
/// learner picks one (so a message from anywhere is shown in it).
pub fn page_lang() -> Lang {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or(Lang::En)
}

/// Whether the `<details>` `id` is open.
pub fn is_open(id: &str) -> bool {
    by_id(id).is_some_and(|el| el.has_attribute("open"))
}

/// Shows the error banner with a message (a notice, a panic, a failed set-up), in the page's
/// language.
pub fn show_banner(message: &str) {
    if let Some(banner) = by_id("error-banner") {
        banner.set_text_content(Some(&i18n::message(page_lang(), message)));
        // Kept in English, so the notice can be said again once the language's words arrive.
        let _ = banner.set_attribute("data-english", message);
        let _ = banner.remove_attribute("hidden");
    }
}

/// Says the shown notice again in the page's language (its words have just arrived).
pub fn translate_banner() {
    if let Some(banner) = by_id("error-banner") {
        if let Some(english) = banner.get_attribute("data-english") {
            if !banner.has_attribute("hidden") {
                banner.set_text_content(Some(&i18n::message(page_lang(), &english)));
            }
        }
    }
}

/// A canvas that is not on the page (scratch space, or an export drawn off-screen).
pub fn new_canvas() -> Result<HtmlCanvasElement, JsValue> {
    document()
        .create_element("canvas")?
        .dyn_into()
        .map_err(JsValue::from)
}

/// A canvas's 2-D drawing context.
pub fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("the canvas has no 2-D context"))?
        .dyn_into()
        .map_err(JsValue::from)
}

/// Milliseconds since navigation started (`performance.now()`).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Whether the learner's system asks for reduced motion (`prefers-reduced-motion: reduce`).
pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

pub fn to_js(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}
