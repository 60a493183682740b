//! Browser tests: run by `wasm-pack test --headless --chrome` in real Chromium.
#![cfg(target_arch = "wasm32")]

use optimizer_playground::view::palette;
use optimizer_playground::web::{self, chart};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn new_canvas(id: &str) -> HtmlCanvasElement {
    let canvas: HtmlCanvasElement = document()
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_id(id);
    canvas.set_width(480);
    canvas.set_height(300);
    document().body().unwrap().append_child(&canvas).unwrap();
    canvas
}

/// Counts pixels that are neither white nor transparent.
fn inked_pixels(canvas: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data();
    data.chunks_exact(4)
        .filter(|p| p[3] > 0 && (p[0] < 240 || p[1] < 240 || p[2] < 240))
        .count()
}

/// Counts pixels close to a colour.
fn pixels_near(canvas: &HtmlCanvasElement, rgb: (u8, u8, u8)) -> usize {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data();
    let near = |a: u8, b: u8| (a as i32 - b as i32).abs() < 40;
    data.chunks_exact(4)
        .filter(|p| near(p[0], rgb.0) && near(p[1], rgb.1) && near(p[2], rgb.2))
        .count()
}

#[wasm_bindgen_test]
fn start_without_page_elements_is_harmless() {
    // The test harness page has none of the playground's elements: the entry point must leave
    // it alone.
    web::start().unwrap();
}

#[wasm_bindgen_test]
fn version_matches_the_crate() {
    assert_eq!(web::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn start_writes_the_version_into_the_page() {
    let version = document().create_element("span").unwrap();
    version.set_id("version");
    document().body().unwrap().append_child(&version).unwrap();

    web::start().unwrap();

    assert_eq!(
        version.text_content().unwrap(),
        format!("v{}", env!("CARGO_PKG_VERSION"))
    );
    version.remove();
}

#[wasm_bindgen_test]
fn every_line_gets_its_own_colour() {
    let canvas = new_canvas("curves");
    let points: Vec<Vec<(f64, f64)>> = (0..3)
        .map(|i| {
            (0..20)
                .map(|k| (k as f64, (1.0 + i as f64) * 0.8f64.powi(k)))
                .collect()
        })
        .collect();
    let lines: Vec<chart::Line> = points
        .iter()
        .enumerate()
        .map(|(i, p)| chart::Line {
            label: "curve",
            color: palette::lane(i),
            dash: palette::dash(i),
            points: p,
        })
        .collect();
    for log_y in [false, true] {
        chart::draw_lines(&canvas, &spec(&lines, log_y)).unwrap();
        for i in 0..3 {
            let c = palette::lane(i);
            let n = pixels_near(&canvas, (c.0, c.1, c.2));
            assert!(n > 50, "lane colour {i} drew only {n} pixels (log {log_y})");
        }
    }
    canvas.remove();
}

fn spec<'a>(lines: &'a [chart::Line<'a>], log_y: bool) -> chart::LineChart<'a> {
    chart::LineChart {
        title: "test",
        x_label: "step",
        y_label: "loss",
        log_y,
        y_range: None,
        legend: true,
        lines,
    }
}

#[wasm_bindgen_test]
fn diverging_and_zero_values_still_draw() {
    let canvas = new_canvas("extreme");
    let inf = [
        (0.0, 1.0),
        (1.0, 1e10),
        (2.0, f64::INFINITY),
        (3.0, f64::NAN),
    ];
    let zero = [(0.0, 1.0), (1.0, 0.0), (2.0, 0.0)];
    let lines = [
        chart::Line {
            label: "inf",
            color: palette::lane(0),
            dash: palette::dash(0),
            points: &inf,
        },
        chart::Line {
            label: "zero",
            color: palette::lane(1),
            dash: palette::dash(1),
            points: &zero,
        },
    ];
    for log_y in [false, true] {
        chart::draw_lines(&canvas, &spec(&lines, log_y)).unwrap();
        assert!(inked_pixels(&canvas) > 500);
    }
    chart::draw_lines(&canvas, &spec(&[], true)).unwrap();
    canvas.remove();
}

/// Mounts the real page body (`www/index.html`) into the test document.
fn mount_page() -> web_sys::Element {
    const PAGE: &str = include_str!("../www/index.html");
    // The page keeps its state in the URL hash: every test starts from a clean one.
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        .unwrap();
    // ... and without the state a previous test left in this browser's storage.
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let body = &PAGE[PAGE.find("<body>").unwrap() + 6..PAGE.find("</body>").unwrap()];
    let root = document().create_element("div").unwrap();
    root.set_id("page-root");
    root.set_inner_html(body);
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn click(selector: &str) {
    let el: web_sys::HtmlElement = document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap();
    el.click();
}

fn text(id: &str) -> String {
    document()
        .get_element_by_id(id)
        .unwrap()
        .text_content()
        .unwrap_or_default()
}

fn canvas_by_id(id: &str) -> HtmlCanvasElement {
    document()
        .get_element_by_id(id)
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// Sets a control's value and fires `change`, as a learner's edit does.
fn edit(selector: &str, value: &str) -> web_sys::Element {
    let el = document().query_selector(selector).unwrap().unwrap();
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    }
    let event = web_sys::Event::new_with_event_init_dict("change", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    el.dispatch_event(&event).unwrap();
    el
}

/// Resolves at the next animation frame, when the page draws what its first frame left.
async fn next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
}

/// Waits for the page's start-up to finish (`data-ready` on the body), at most 120 frames.
async fn until_ready() {
    for _ in 0..120 {
        if document().body().unwrap().has_attribute("data-ready") {
            return;
        }
        next_frame().await;
    }
    panic!("the page never became ready");
}

#[wasm_bindgen_test]
async fn the_playground_starts_with_three_lanes_steps_and_rejects_bad_input() {
    let root = mount_page();
    web::start().unwrap();
    // Start-up draws the maps, the curves and the network in the frames after it.
    until_ready().await;

    let cards = document().query_selector_all("#lanes .lane").unwrap();
    assert_eq!(cards.length(), 3);
    for i in 0..3 {
        let map = canvas_by_id(&format!("heatmap-{i}"));
        assert!(inked_pixels(&map) > 10_000, "map {i} is blank");
        let label = map.get_attribute("aria-label").unwrap();
        assert!(label.contains("at step 0"), "{label}");
    }
    // Same data, same initial weights: the same initial loss in every lane.
    let first_loss = |i: usize| text(&format!("metrics-{i}"));
    assert_eq!(first_loss(0), first_loss(1));
    assert_eq!(first_loss(0), first_loss(2));
    assert!(inked_pixels(&canvas_by_id("chart-train")) > 2_000);
    assert!(inked_pixels(&canvas_by_id("network")) > 2_000);

    click("[data-action=step]");
    assert_eq!(text("counter"), "step 1 · epoch 0");
    click("[data-action=epoch]");
    assert_eq!(text("counter"), "step 21 · epoch 1");
    assert_ne!(
        first_loss(0),
        first_loss(2),
        "SGD and Adam part after a step"
    );

    // A bad value keeps the text, says why, and changes nothing.
    let noise = edit("#noise", "lots");
    assert_eq!(noise.get_attribute("aria-invalid").as_deref(), Some("true"));
    let message = noise
        .parent_element()
        .unwrap()
        .query_selector(".field-error")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(message, "\"lots\" is not a number");
    assert_eq!(text("counter"), "step 21 · epoch 1");

    // A network change resets the race, keeping the seed.
    edit("#activation", "relu");
    assert_eq!(text("counter"), "step 0 · epoch 0");

    // Lanes: add one, switch its optimizer, make one diverge.
    click("[data-action=add-lane]");
    assert_eq!(
        document()
            .query_selector_all("#lanes .lane")
            .unwrap()
            .length(),
        4
    );
    edit("[data-field='lane.3.optimizer']", "rmsprop");
    edit("[data-field='lane.0.param.lr']", "1e300");
    for _ in 0..3 {
        click("[data-action=epoch]");
    }
    let badge = document().get_element_by_id("badge-0").unwrap();
    assert!(
        !badge.has_attribute("hidden"),
        "lane 0 should have diverged"
    );
    let said = badge.text_content().unwrap();
    assert!(said.starts_with("diverged at step "), "{said}");
    assert!(said.ends_with("lower the learning rate"), "{said}");
    assert!(document()
        .get_element_by_id("badge-1")
        .unwrap()
        .has_attribute("hidden"));
    root.remove();
}

/// A tap (pointer down, then up) at a fraction of a canvas's size.
fn tap(canvas: &HtmlCanvasElement, fx: f64, fy: f64, shift: bool) {
    let rect = canvas.get_bounding_client_rect();
    let (x, y) = (
        (rect.left() + fx * rect.width()) as i32,
        (rect.top() + fy * rect.height()) as i32,
    );
    for kind in ["pointerdown", "pointerup"] {
        let init = web_sys::PointerEventInit::new();
        init.set_bubbles(true);
        init.set_client_x(x);
        init.set_client_y(y);
        init.set_shift_key(shift);
        let event = web_sys::PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
        canvas.dispatch_event(&event).unwrap();
    }
}

#[wasm_bindgen_test]
fn learners_draw_their_own_points_from_an_empty_plane() {
    let root = mount_page();
    web::start().unwrap();
    click("[data-action=clear-points]");
    let banner = document().get_element_by_id("error-banner").unwrap();
    assert!(!banner.has_attribute("hidden"), "clearing says how to draw");
    assert!(banner.text_content().unwrap().contains("click on a map"));
    // Without points there is no race, and stepping does nothing rather than failing.
    click("[data-action=step]");
    assert_eq!(text("counter"), "step 0 · epoch 0");

    let map = canvas_by_id("heatmap-0");
    tap(&map, 0.25, 0.25, false); // class 1 is picked by default
    let radio: web_sys::HtmlInputElement = document()
        .query_selector("input[name=draw_class][value='0']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    radio.set_checked(true);
    edit("input[name=draw_class][value='0']", "0");
    tap(&map, 0.75, 0.75, false);
    tap(&map, 0.7, 0.2, false);
    assert!(
        banner.has_attribute("hidden"),
        "with points the race is back"
    );
    let label = map.get_attribute("aria-label").unwrap();
    assert!(label.contains("at step 0"), "{label}");
    click("[data-action=epoch]");
    assert_ne!(text("counter"), "step 0 · epoch 0");
    // Shift-tap erases the nearest point: the race restarts on the smaller set.
    tap(&map, 0.7, 0.2, true);
    assert_eq!(text("counter"), "step 0 · epoch 0");
    root.remove();
}

#[wasm_bindgen_test]
fn the_landscape_view_walks_steps_explains_and_takes_a_new_start() {
    let root = mount_page();
    web::start().unwrap();
    let radio: web_sys::HtmlInputElement = document()
        .query_selector("input[name=view][value=landscape]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    radio.set_checked(true);
    edit("input[name=view][value=landscape]", "landscape");
    let section: web_sys::HtmlElement = document()
        .query_selector("section.landscape-view")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(!section.hidden(), "the landscape view shows");
    let map = canvas_by_id("landscape");
    assert!(inked_pixels(&map) > 50_000, "the contour map is drawn");
    assert_eq!(text("counter"), "step 0 of 500");

    click("[data-action=step]");
    assert_eq!(text("counter"), "step 1 of 500");
    assert!(
        text("caption").starts_with("Step 1: "),
        "{}",
        text("caption")
    );
    assert!(
        text("walk-2").starts_with("step 1 · loss "),
        "{}",
        text("walk-2")
    );

    // A tap on the map moves the start (and restarts every lane there).
    let before = text("start-text");
    tap(&map, 0.5, 0.5, false);
    assert_ne!(text("start-text"), before);
    assert_eq!(text("counter"), "step 0 of 500");

    // The quadratic's slider sets the condition number.
    edit("#surface", "quadratic");
    let slider: web_sys::HtmlInputElement = document()
        .get_element_by_id("scale-slider")
        .unwrap()
        .dyn_into()
        .unwrap();
    slider.set_value("2");
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    slider.dispatch_event(&event).unwrap();
    let scale: web_sys::HtmlInputElement = document()
        .get_element_by_id("scale")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(scale.value(), "100");
    click("[data-action=zoom-in]");
    click("[data-action=zoom-reset]");
    root.remove();
}

/// On a 32-bit target a warm-restart cycle of `T_0·T_mult` once wrapped to 0 and the restart
/// loop never ended: the page froze at the step of the wrap. Natively it could not happen.
#[wasm_bindgen_test]
fn huge_restart_cycles_do_not_freeze_a_32_bit_page() {
    use optimizer_playground::state::read_experiment;
    for link in [
        "v=1&lane.0.schedule=CosineAnnealingWarmRestarts&lane.0.schedule.T_0=2&lane.0.schedule.T_mult=2147483648",
        "v=1&lane.0.schedule=CosineAnnealingWarmRestarts&lane.0.schedule.T_0=65536&lane.0.schedule.T_mult=65536",
    ] {
        let (e, ignored) = read_experiment(link);
        assert!(ignored.is_empty(), "{ignored:?}");
        let lane = &e.lanes[0];
        for step in [0, 1, 65_535, 65_536, 65_537, 1 << 31, usize::MAX] {
            let lr = lane.schedule.lr_at(lane.optimizer.lr(), step);
            assert!(lr.is_finite() && lr >= 0.0, "{link} step {step}: {lr}");
        }
        let mut race = e.race().unwrap();
        race.step_to(100);
        assert_eq!(race.steps(), 100);
    }
}
