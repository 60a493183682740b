//! One module per part of the page, each owning its own drawing state: the lanes with their
//! maps, the curves, the inspector, the landscape, the hyperparameter map, the share panel and
//! the settings panels. Views read the [`Model`](crate::web::model::Model) and never reach
//! into each other; the shell passes what one view's action means to the others.

pub mod announce;
pub mod challenges;
pub mod curves;
pub mod digits;
pub mod hypermap;
pub mod inspector;
pub mod landscape;
pub mod lanes;
pub mod settings;
pub mod share;
