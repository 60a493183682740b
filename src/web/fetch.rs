//! Files fetched beside the page: a language's catalog and a course's lessons. Each answer
//! comes back through a callback (the shell's), so this module knows nothing of the app.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::lessons::{parse_index, Lesson};

/// Fetches the text at `url` (relative to the page), then calls `ok` with it, or `failed` with
/// why not (an HTTP status, an unreachable server).
pub fn text(
    url: &str,
    ok: impl FnOnce(String) + 'static,
    failed: impl Fn(String) + Clone + 'static,
) {
    body(
        url,
        false,
        Box::new(move |body| {
            if let Some(body) = body.as_string() {
                ok(body);
            }
        }),
        Rc::new(failed),
    );
}

/// Fetches the bytes at `url` (relative to the page), as [`text`] does.
pub fn bytes(
    url: &str,
    ok: impl FnOnce(Vec<u8>) + 'static,
    failed: impl Fn(String) + Clone + 'static,
) {
    body(
        url,
        true,
        Box::new(move |body| {
            if body.is_instance_of::<js_sys::ArrayBuffer>() {
                ok(js_sys::Uint8Array::new(&body).to_vec());
            }
        }),
        Rc::new(failed),
    );
}

/// The body at `url`, as text or as an `ArrayBuffer`, to `ok`; or why not, to `failed`. Not
/// generic, so the Wasm holds one copy of it (and of its callbacks' glue) for every caller.
fn body(url: &str, binary: bool, ok: Box<dyn FnOnce(JsValue)>, failed: Rc<dyn Fn(String)>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_body = Closure::once_into_js(move |body: JsValue| ok(body));
    let failed_status = failed.clone();
    let on_response = Closure::once_into_js(move |response: JsValue| -> JsValue {
        match response.dyn_into::<web_sys::Response>() {
            Ok(r) if r.ok() => if binary { r.array_buffer() } else { r.text() }
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED),
            Ok(r) => {
                failed_status(format!("HTTP {}", r.status()));
                JsValue::UNDEFINED
            }
            Err(_) => JsValue::UNDEFINED,
        }
    });
    let on_error = Closure::once_into_js(move |e: JsValue| {
        failed(e.as_string().unwrap_or_else(|| "not reachable".into()));
    });
    let fetched: JsValue = window.fetch_with_str(url).into();
    let body = then(&fetched, &on_response, &JsValue::UNDEFINED);
    then(&body, &on_body, &on_error);
}

/// A lesson file read, or why not.
type Arrival = Result<Lesson, String>;

/// Fetches a course (its folder's `index.txt` and the lesson files it lists; `None`: the
/// built-in course, `lessons/` beside the page); once every file has come, `done` gets the
/// lessons read and, for each file missing or damaged, why. If the index itself can't be had,
/// `done` gets no lessons and that one reason.
pub fn lessons(course: Option<&str>, done: impl FnOnce(Vec<Lesson>, Vec<String>) + 'static) {
    let dir = course.unwrap_or("lessons/").to_string();
    let index = format!("{dir}index.txt");
    let done = Rc::new(RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |lessons: Vec<Lesson>, refused: Vec<String>| {
            if let Some(done) = done.borrow_mut().take() {
                done(lessons, refused);
            }
        }
    };
    let failed = {
        let (finish, named) = (finish.clone(), index.clone());
        move |why: String| finish.clone()(Vec::new(), vec![format!("{named}: {why}")])
    };
    let named = index.clone();
    text(
        &index,
        move |body| {
            let files = match parse_index(&named, &body) {
                Ok(files) => files,
                Err(why) => return finish(Vec::new(), vec![why]),
            };
            let slots: Rc<RefCell<Vec<Option<Arrival>>>> =
                Rc::new(RefCell::new(vec![None; files.len()]));
            for (k, file) in files.into_iter().enumerate() {
                let arrive = {
                    let (slots, finish) = (slots.clone(), finish.clone());
                    move |got: Arrival| {
                        let mut all = slots.borrow_mut();
                        all[k] = Some(got);
                        if all.iter().all(Option::is_some) {
                            let (mut lessons, mut refused) = (Vec::new(), Vec::new());
                            for got in all.drain(..).flatten() {
                                match got {
                                    Ok(l) => lessons.push(l),
                                    Err(why) => refused.push(why),
                                }
                            }
                            drop(all);
                            finish.clone()(lessons, refused);
                        }
                    }
                };
                let url = format!("{dir}{file}");
                let (ok_arrive, failed_arrive) = (arrive.clone(), arrive);
                let (named, path) = (url.clone(), url.clone());
                text(
                    &url,
                    move |body| ok_arrive(Lesson::parse(&named, &body)),
                    move |why| failed_arrive(Err(format!("{path}: {why}"))),
                );
            }
        },
        failed,
    );
}

fn then(promise: &JsValue, ok: &JsValue, failed: &JsValue) -> JsValue {
    js_sys::Reflect::get(promise, &JsValue::from_str("then"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call2(promise, ok, failed).ok())
        .unwrap_or(JsValue::UNDEFINED)
}
