//! One weight followed step by step, for the inspector.

/// One weight followed step by step: its value, gradient, the optimizer's state for it and the
/// change actually made.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// Index of the weight in the flat parameter vector.
    pub index: usize,
    /// Names of the optimizer's state buffers (torch's names, e.g. `exp_avg`, `exp_avg_sq`).
    pub state_names: Vec<&'static str>,
    pub points: Vec<TracePoint>,
}

/// Maximum number of optimizer state buffers a [`TracePoint`] holds.
pub const MAX_STATE: usize = 6;

/// Length of a [`Trace`]: the most recent steps are kept.
pub const TRACE_CAP: usize = 2000;

/// One step of a [`Trace`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TracePoint {
    pub step: usize,
    pub lr: f64,
    /// The weight before the step.
    pub before: f64,
    pub grad: f64,
    /// The optimizer's state for this weight after the step, in `state_names` order.
    pub state: [f64; MAX_STATE],
    /// `after - before`: the step actually taken.
    pub update: f64,
}
