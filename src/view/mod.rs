//! View data: what the page draws, computed in plain Rust so it is tested natively.
//!
//! Functions here turn engine state into pixels, colours and numbers; `src/web/` only copies
//! them onto canvases.

pub mod axis;
pub mod contour;
pub mod controls;
pub mod cursor;
pub mod digits;
pub mod export;
pub mod first_frame;
pub mod heatmap;
pub mod network;
pub mod palette;
pub mod protocol;
pub mod rule;
pub mod table;
