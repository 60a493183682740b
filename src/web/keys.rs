//! Keyboard paths on the canvases (issue 16): the network diagram, the landscape's start, the
//! hyperparameter map and each lane's map are one tab stop each. A key pressed on one goes to
//! the view that owns it, which moves its cursor (drawn on the canvas) and says where it is;
//! what a key chooses is applied here exactly as a click there is, so the link and the saved
//! state follow at once.
//!
//! How a screen reader hears it: each canvas is `role="application"`, so a reader in browse
//! mode hands the arrow keys to it instead of reading on, with its keys in
//! `aria-keyshortcuts` and a hint as its description. What a cursor is on is written to a line
//! beside the canvas and to one polite live region (`#kbd-live`). Not `aria-activedescendant`:
//! edges, cells and points are drawn, not elements (a map may have 65,536 cells). Nor a changed
//! `aria-label` of the focused canvas: screen readers differ on whether they read it again,
//! while NVDA, JAWS, VoiceOver and TalkBack all read a polite live region.

use web_sys::Element;

use crate::i18n;
use crate::view::cursor::Keyed;
use crate::web::app::{notice, App};
use crate::web::views::lanes::PointEdit;

/// A canvas with keyboard paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Canvas {
    Network,
    Landscape,
    HyperMap,
    /// Lane `i`'s map.
    LaneMap(usize),
    /// The digits' drawing pad.
    Pad,
}

impl Canvas {
    /// The canvas `el` is, if it has keyboard paths.
    pub fn of(el: &Element) -> Option<Canvas> {
        match el.id().as_str() {
            "network" => Some(Canvas::Network),
            "landscape" => Some(Canvas::Landscape),
            "hypermap" => Some(Canvas::HyperMap),
            "pad" => Some(Canvas::Pad),
            id => id
                .strip_prefix("heatmap-")
                .and_then(|i| i.parse().ok())
                .map(Canvas::LaneMap),
        }
    }
}

impl App {
    /// `key` (a `KeyboardEvent.key`, `coarse` with Shift) pressed on `canvas` (the element
    /// `el`); whether the canvas used it (else the page's own shortcuts may).
    pub fn canvas_key(&mut self, canvas: Canvas, el: &Element, key: &str, coarse: bool) -> bool {
        match canvas {
            Canvas::Network => match self.inspector.key(&mut self.model, key) {
                Keyed::Ignored => return false,
                Keyed::Moved => {}
                Keyed::Chosen(index) => {
                    if self.inspector.follow(&mut self.model, index) {
                        self.draw(true);
                    }
                }
            },
            Canvas::Landscape => match self.land.key(&self.model, key, coarse) {
                Keyed::Ignored => return false,
                Keyed::Moved => {}
                Keyed::Chosen(start) => {
                    self.edit(el, "start", &start);
                    self.land.say(&self.model);
                }
            },
            Canvas::HyperMap => match self.hypermap.key(&self.model, key) {
                Keyed::Ignored => return false,
                Keyed::Moved => {}
                Keyed::Chosen(values) => self.take_cell(values),
            },
            Canvas::LaneMap(i) => match self.lanes.key(&mut self.model, i, key, coarse) {
                Keyed::Ignored => return false,
                Keyed::Moved => {}
                Keyed::Chosen(edit) => self.edit_point_by_key(i, edit),
            },
            Canvas::Pad => {
                if !self.pad.key(key) {
                    return false;
                }
                self.pad.draw(&mut self.model);
            }
        }
        true
    }

    /// Adds or erases a point at lane `i`'s crosshair, as a press there does, and says what
    /// happened.
    fn edit_point_by_key(&mut self, i: usize, edit: PointEdit) {
        let at = self.lanes.cursor();
        match self.lanes.edit_point(&mut self.model, at, edit) {
            Ok(changed) => {
                if changed {
                    self.points_changed();
                }
                let (template, class) = match (edit, changed) {
                    (PointEdit::Add(c), _) => ("kbd.added", Some(c)),
                    (PointEdit::Erase, true) => ("kbd.erased", None),
                    (PointEdit::Erase, false) => ("kbd.none_near", None),
                };
                self.lanes.say(&self.model, i, template, class);
            }
            Err(why) => {
                let why = i18n::message(self.model.lang, &why);
                notice(&why);
            }
        }
    }

    /// `canvas` took (`on`) or lost the focus; `shown` when the browser shows focus there (it
    /// came from the keyboard), so its cursor appears.
    pub fn canvas_focus(&mut self, canvas: Canvas, on: bool, shown: bool) {
        match canvas {
            Canvas::Network => self.inspector.focus(&mut self.model, on, shown),
            Canvas::Landscape => self.land.focus(&self.model, on, shown),
            Canvas::HyperMap => self.hypermap.focus(&self.model, on, shown),
            Canvas::LaneMap(i) => self.lanes.focus(&mut self.model, i, on, shown),
            Canvas::Pad => {
                self.pad.focus(on && shown);
                self.pad.draw(&mut self.model);
            }
        }
    }
}
