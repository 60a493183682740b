//! Drawing onto canvases: line charts, a lane's map, the contour map with its paths and the
//! hyperparameter map, the network diagram, and the keyboard's cursors on them. Each function
//! paints what it is given and keeps no state between calls (but caches a view hands it).

pub mod chart;
pub mod contour;
pub mod focus;
pub mod heatmap;
pub mod network;
