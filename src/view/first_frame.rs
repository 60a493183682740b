//! The picture the page's HTML shows in each lane's place before the Wasm has started: the
//! default experiment's training points on the map's blank background, as the page draws them
//! (`www/first-frame.svg`, drawn by the browser at its first paint). Every default lane starts
//! from the same data and weights, so one picture serves them all. A test below keeps the file
//! equal to what this module writes for the current defaults.

use std::fmt::Write;

use super::heatmap::ViewBox;
use super::palette;
use crate::data::BOX;
use crate::format::fixed;
use crate::state::Experiment;

/// The picture's side in its own units (the map canvas is 300 pixels at its smallest).
const SIDE: f64 = 300.0;

/// `exp`'s training points as an SVG map: the unsure background, the faint axes through the
/// origin and each point a disc of its class colour with a white rim, as the canvas has them.
pub fn svg(exp: &Experiment) -> String {
    let view = ViewBox {
        min: -BOX,
        max: BOX,
    };
    let (train, _) = exp.datasets();
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 300"><rect width="300" height="300" fill="{}"/><path d="M150 0V300M0 150H300" stroke="#000" stroke-opacity=".12"/><g stroke="#fff">"##,
        palette::UNSURE.hex()
    );
    for class in 0..exp.classes() {
        let _ = write!(out, r#"<g fill="{}">"#, palette::class(class).hex());
        for i in (0..train.len()).filter(|&i| train.labels[i] == class) {
            let [x, y] = train.point(i);
            let _ = write!(
                out,
                r#"<circle cx="{}" cy="{}" r="3.2"/>"#,
                fixed(view.to_pixel(x, SIDE, false), 1),
                fixed(view.to_pixel(y, SIDE, true), 1)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g></svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `www/first-frame.svg` is the default experiment's first frame; after a change of the
    /// defaults, `UPDATE_FIRST_FRAME=1 cargo test first_frame` writes it anew.
    #[test]
    fn the_html_first_frame_is_the_default_experiments() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/first-frame.svg");
        let want = svg(&Experiment::default());
        if std::env::var_os("UPDATE_FIRST_FRAME").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "www/first-frame.svg is not the default first frame: run UPDATE_FIRST_FRAME=1 cargo test first_frame"
        );
        assert!(want.matches("<circle").count() > 50);
    }
}
