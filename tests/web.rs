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
    // The test harness page has no #chart: the entry point must leave it alone.
    web::start().unwrap();
}

#[wasm_bindgen_test]
fn version_matches_the_crate() {
    assert_eq!(web::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn start_draws_into_the_page_chart_and_sets_the_version() {
    let canvas = new_canvas("chart");
    let version = document().create_element("span").unwrap();
    version.set_id("version");
    document().body().unwrap().append_child(&version).unwrap();

    web::start().unwrap();

    assert!(inked_pixels(&canvas) > 2_000, "the chart is blank");
    assert_eq!(
        version.text_content().unwrap(),
        format!("v{}", env!("CARGO_PKG_VERSION"))
    );
    let label = canvas.get_attribute("aria-label").unwrap();
    assert!(label.contains("lr = 0.5"), "{label}");
    canvas.remove();
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
            points: &inf,
        },
        chart::Line {
            label: "zero",
            color: palette::lane(1),
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
