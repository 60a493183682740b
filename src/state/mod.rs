//! The page's state, in two values: the [`Experiment`] (everything a link reproduces: data,
//! network, lanes, the landscape, how curves are drawn) and the [`Launch`] settings (how a
//! course embeds the page). Each is read and written through one declared table of fields
//! ([`fields::FIELDS`], [`launch::LAUNCH_FIELDS`]), as TensorFlow Playground's `state.ts`
//! does, so a link, the page's inputs and the tests all go through the same declarations.

pub mod experiment;
pub mod fields;
pub mod launch;
pub mod link;
pub mod samples;
pub mod table;
pub mod values;

pub use experiment::{
    default_scale, lane, DigitView, Experiment, LossChoice, ViewKind, EVAL_EVERY, MAX_LANES,
    NO_DRAWN_DIGITS,
};
pub use launch::{Launch, LANGUAGES, PANELS};
pub use link::{read_address, read_experiment, Address, HASH_VERSION};
pub use table::Change;
