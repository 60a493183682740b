//! Seeded 2-D data: the classification sets a learner trains the network on, the
//! mini-batch order shared by every lane of a race, and the lecture's linear regression.
//!
//! Every classification set lives in the same coordinate box `[-6, 6]²` ([`BOX`]), the
//! coordinates of TensorFlow Playground (Smilkov and Carter, 2016), so a plot or a network
//! input scale never depends on the dataset chosen.

mod batcher;
mod dataset;
pub mod digits;
mod generate;
mod kind;
pub mod regression;

pub use batcher::Batcher;
pub use dataset::Dataset;
pub use kind::DatasetKind;
pub use regression::{Regression, RegressionSpec};

/// Half the side of the coordinate box: every point of every dataset has both
/// coordinates in `[-BOX, BOX]`.
pub const BOX: f64 = 6.0;
