//! The numbers of a followed weight's latest step in MathML, and its curves: the inspector
//! shows them under the optimizer's update rule (`OptimizerConfig::rule`, written in each
//! optimizer's file) and beside the weight's history.
//!
//! The symbols follow the rules' (`optim::notation`); the numbers are the optimizer's own
//! state for the followed weight, so the page shows what the code did, not a re-computation.

use std::fmt::Write;

use crate::format::figure;
use crate::optim::notation::{math, mi, mo, row, EQUALS, ETA, G, W};
use crate::optim::OptimizerConfig;
use crate::race::{Trace, TracePoint};

fn mn(v: f64) -> String {
    format!("<mn>{}</mn>", figure(v))
}

/// The latest step of a followed weight with its numbers: the gradient, each state buffer
/// (with Adam's bias-corrected moments when the optimizer uses them) and the change made.
pub fn numbers(config: &OptimizerConfig, trace: &Trace, point: &TracePoint) -> String {
    let step = format!("<mn>{}</mn>", point.step);
    let mut parts: Vec<String> = vec![
        row(&[&mi("t"), EQUALS, &step]),
        row(&[ETA, EQUALS, &mn(point.lr)]),
        row(&[G, EQUALS, &mn(point.grad)]),
    ];
    for (name, value) in trace.state_names.iter().zip(point.state) {
        let name = format!("<mi mathvariant=\"normal\">{name}</mi>");
        parts.push(row(&[&name, EQUALS, &mn(value)]));
    }
    if let Some((m_hat, v_hat)) = corrected(config, trace, point) {
        parts.push(row(&[&mi("m̂"), EQUALS, &mn(m_hat)]));
        parts.push(row(&[&mi("v̂"), EQUALS, &mn(v_hat)]));
    }
    let after = point.before + point.update;
    // Separate inline formulas, so a narrow screen wraps them.
    let mut out = String::from(r#"<p class="numbers">"#);
    for p in &parts {
        let _ = write!(out, "<math>{p}</math> ");
    }
    out.push_str("</p>");
    let _ = write!(
        out,
        "{}",
        math(&row(&[
            W,
            &mo(":"),
            &mn(point.before),
            &mo("→"),
            &mn(after),
            &mo("&#8195;"),
            &mi("Δw"),
            EQUALS,
            &mn(point.update),
        ]))
    );
    out
}

/// Adam's bias-corrected moments `(m̂, v̂)` at a trace point, when the optimizer's rule shows
/// them.
fn corrected(config: &OptimizerConfig, trace: &Trace, point: &TracePoint) -> Option<(f64, f64)> {
    let names = trace.state_names.iter();
    let at = |name: &str| {
        names
            .clone()
            .position(|n| *n == name)
            .map(|i| point.state[i])
    };
    config.corrected_moments(point.step as u64, &at)
}

/// The curves of a followed weight, each at most `max_points` long: its gradient, every state
/// buffer of the optimizer (with Adam's bias-corrected moments) and the step actually taken.
pub fn trace_series(
    config: &OptimizerConfig,
    trace: &Trace,
    max_points: usize,
) -> Vec<(String, Vec<(f64, f64)>)> {
    let stride = trace.points.len().div_ceil(max_points.max(1)).max(1);
    let curve = |f: &dyn Fn(&TracePoint) -> f64| -> Vec<(f64, f64)> {
        trace
            .points
            .iter()
            .step_by(stride)
            .map(|p| (p.step as f64, f(p)))
            .collect()
    };
    let mut series = vec![("gradient g".to_string(), curve(&|p| p.grad))];
    for (k, name) in trace.state_names.iter().enumerate() {
        series.push(((*name).to_string(), curve(&|p| p.state[k])));
    }
    if trace
        .points
        .first()
        .is_some_and(|p| corrected(config, trace, p).is_some())
    {
        series.push((
            "m̂ (corrected)".into(),
            curve(&|p| corrected(config, trace, p).map_or(f64::NAN, |c| c.0)),
        ));
        series.push((
            "v̂ (corrected)".into(),
            curve(&|p| corrected(config, trace, p).map_or(f64::NAN, |c| c.1)),
        ));
    }
    series.push(("step taken Δw".into(), curve(&|p| p.update)));
    series
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::OptimizerKind;
    use crate::race::MAX_STATE;

    #[test]
    fn numbers_show_the_step_and_adams_corrected_moments() {
        let config = OptimizerConfig::default_for(OptimizerKind::Adam);
        let mut state = [f64::NAN; MAX_STATE];
        state[0] = 0.05; // exp_avg after one step with g = 0.5
        state[1] = 0.00025;
        let trace = Trace {
            index: 0,
            state_names: vec!["exp_avg", "exp_avg_sq"],
            points: vec![],
        };
        let point = TracePoint {
            step: 1,
            lr: 0.001,
            before: 1.0,
            grad: 0.5,
            state,
            update: -0.001,
        };
        let html = numbers(&config, &trace, &point);
        assert!(html.contains("<mn>0.5</mn>"), "{html}");
        // m̂ = 0.05 / 0.1 = 0.5, v̂ = 0.00025 / 0.001 = 0.25
        assert!(html.contains("<mi>m̂</mi><mo>=</mo><mn>0.5</mn>"), "{html}");
        assert!(html.contains("<mi>v̂</mi><mo>=</mo><mn>0.25</mn>"), "{html}");
        assert!(html.contains("<mn>0.999</mn>"), "{html}");
    }

    #[test]
    fn trace_series_add_corrected_moments_for_adam_only() {
        let mut state = [f64::NAN; MAX_STATE];
        state[0] = 0.05;
        state[1] = 0.00025;
        let point = TracePoint {
            step: 1,
            lr: 0.001,
            before: 1.0,
            grad: 0.5,
            state,
            update: -0.001,
        };
        let trace = Trace {
            index: 0,
            state_names: vec!["exp_avg", "exp_avg_sq"],
            points: vec![point; 3000],
        };
        let adam = OptimizerConfig::default_for(OptimizerKind::Adam);
        let series = trace_series(&adam, &trace, 600);
        let names: Vec<&str> = series.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "gradient g",
                "exp_avg",
                "exp_avg_sq",
                "m̂ (corrected)",
                "v̂ (corrected)",
                "step taken Δw"
            ]
        );
        assert!(series.iter().all(|(_, points)| points.len() <= 600));
        assert!((series[3].1[0].1 - 0.5).abs() < 1e-12);
        let rms = OptimizerConfig::default_for(OptimizerKind::RmsProp);
        let trace = Trace {
            state_names: vec!["square_avg"],
            ..trace
        };
        assert_eq!(trace_series(&rms, &trace, 600).len(), 3);
    }
}
