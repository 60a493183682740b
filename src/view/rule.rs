//! An optimizer's update rule for one weight, in MathML, with the numbers of the latest step
//! filled in: the inspector shows it beside the weight's history.
//!
//! The symbols follow the lectures (g gradient, η learning rate, β averaging factors, ε the
//! small constant); the numbers are the optimizer's own state for the followed weight, so the
//! page shows what the code did, not a re-computation.

use std::fmt::Write;

use crate::optim::{HyperValue, OptimizerConfig, OptimizerKind};
use crate::race::{Trace, TracePoint};
use crate::view::format::figure;

fn mi(s: &str) -> String {
    format!("<mi>{s}</mi>")
}

fn mn(v: f64) -> String {
    format!("<mn>{}</mn>", figure(v))
}

fn mo(s: &str) -> String {
    format!("<mo>{s}</mo>")
}

fn sub(base: &str, index: &str) -> String {
    format!("<msub>{base}{index}</msub>")
}

fn sup(base: &str, power: &str) -> String {
    format!("<msup>{base}{power}</msup>")
}

fn frac(top: &str, bottom: &str) -> String {
    format!("<mfrac><mrow>{top}</mrow><mrow>{bottom}</mrow></mfrac>")
}

fn sqrt(inner: &str) -> String {
    format!("<msqrt>{inner}</msqrt>")
}

fn row(parts: &[String]) -> String {
    let mut s = String::from("<mrow>");
    for p in parts {
        s.push_str(p);
    }
    s.push_str("</mrow>");
    s
}

fn math(line: &str) -> String {
    format!(r#"<math display="block">{line}</math>"#)
}

fn number(config: &OptimizerConfig, name: &str) -> f64 {
    match config.get(name) {
        Some(HyperValue::Number(v)) => v,
        _ => f64::NAN,
    }
}

fn flag(config: &OptimizerConfig, name: &str) -> bool {
    matches!(config.get(name), Some(HyperValue::Bool(true)))
}

fn pair(config: &OptimizerConfig, name: &str) -> (f64, f64) {
    match config.get(name) {
        Some(HyperValue::Pair(a, b)) => (a, b),
        _ => (f64::NAN, f64::NAN),
    }
}

/// The symbolic update rule of an optimizer configuration, one `<math>` per line.
pub fn symbolic(config: &OptimizerConfig) -> Vec<String> {
    let (w, g, eta, eps) = (mi("w"), mi("g"), mi("η"), mi("ε"));
    let gets = mo("←");
    let minus = mo("−");
    let plus = mo("+");
    let times = mo("·");
    let one = "<mn>1</mn>".to_string();
    let sq = |s: &str| sup(s, "<mn>2</mn>");
    let avg = |state: &str, factor: &str, value: &str| {
        row(&[
            state.into(),
            gets.clone(),
            factor.into(),
            state.into(),
            plus.clone(),
            format!("<mo>(</mo>{one}{minus}{factor}<mo>)</mo>"),
            value.into(),
        ])
    };
    let mut lines = Vec::new();
    match config.kind() {
        OptimizerKind::Sgd => {
            let mu = number(config, "momentum");
            if mu > 0.0 {
                let b = mi("b");
                let tau = mi("τ");
                lines.push(row(&[
                    b.clone(),
                    gets.clone(),
                    mi("μ"),
                    b.clone(),
                    plus.clone(),
                    format!("<mo>(</mo>{one}{minus}{tau}<mo>)</mo>"),
                    g.clone(),
                ]));
                let step = if flag(config, "nesterov") {
                    format!("<mo>(</mo>{g}{plus}{}{b}<mo>)</mo>", mi("μ"))
                } else {
                    b
                };
                lines.push(row(&[w.clone(), gets, w, minus, eta, times, step]));
            } else {
                lines.push(row(&[w.clone(), gets, w, minus, eta, times, g]));
            }
        }
        OptimizerKind::Adagrad => {
            let s = mi("G");
            lines.push(row(&[
                s.clone(),
                gets.clone(),
                s.clone(),
                plus.clone(),
                sq(&g),
            ]));
            lines.push(row(&[
                w.clone(),
                gets,
                w,
                minus,
                eta,
                frac(&g, &format!("{}{plus}{eps}", sqrt(&s))),
            ]));
        }
        OptimizerKind::RmsProp => {
            let v = mi("v");
            lines.push(avg(&v, &mi("α"), &sq(&g)));
            lines.push(row(&[
                w.clone(),
                gets,
                w,
                minus,
                eta,
                frac(&g, &format!("{}{plus}{eps}", sqrt(&v))),
            ]));
        }
        OptimizerKind::Adadelta => {
            let (v, u, d) = (mi("v"), mi("u"), mi("Δ"));
            lines.push(avg(&v, &mi("ρ"), &sq(&g)));
            lines.push(row(&[
                d.clone(),
                mo("="),
                frac(
                    &sqrt(&format!("{u}{plus}{eps}")),
                    &sqrt(&format!("{v}{plus}{eps}")),
                ),
                g.clone(),
            ]));
            lines.push(avg(&u, &mi("ρ"), &sq(&d)));
            lines.push(row(&[w.clone(), gets, w, minus, eta, d]));
        }
        OptimizerKind::Adam
        | OptimizerKind::AdamW
        | OptimizerKind::NAdam
        | OptimizerKind::RAdam
        | OptimizerKind::Adamax => {
            let (m, v) = (mi("m"), mi("v"));
            let (b1, b2) = (sub(&mi("β"), "<mn>1</mn>"), sub(&mi("β"), "<mn>2</mn>"));
            lines.push(avg(&m, &b1, &g));
            if config.kind() == OptimizerKind::Adamax {
                let u = mi("u");
                lines.push(row(&[
                    u.clone(),
                    gets.clone(),
                    mi("max"),
                    format!(
                        "<mo>(</mo>{b2}{u}<mo>,</mo><mo>|</mo>{g}<mo>|</mo>{plus}{eps}<mo>)</mo>"
                    ),
                ]));
                lines.push(row(&[
                    w.clone(),
                    gets,
                    w,
                    minus.clone(),
                    frac(&eta, &format!("{one}{minus}{}", sup(&b1, &mi("t")))),
                    frac(&m, &u),
                ]));
                return lines.into_iter().map(|l| math(&l)).collect();
            }
            lines.push(avg(&v, &b2, &sq(&g)));
            let corrected = config.kind() != OptimizerKind::Adam
                || !matches!(config.get("bias_correction"), Some(HyperValue::Bool(false)));
            let (mh, vh) = if corrected {
                let (mh, vh) = (mi("m̂"), mi("v̂"));
                lines.push(row(&[
                    mh.clone(),
                    mo("="),
                    frac(&m, &format!("{one}{minus}{}", sup(&b1, &mi("t")))),
                    mo(",&#8195;"),
                    vh.clone(),
                    mo("="),
                    frac(&v, &format!("{one}{minus}{}", sup(&b2, &mi("t")))),
                ]));
                (mh, vh)
            } else {
                (m, v)
            };
            let decoupled =
                config.kind() == OptimizerKind::AdamW || flag(config, "decoupled_weight_decay");
            if decoupled && number(config, "weight_decay") > 0.0 {
                lines.push(row(&[
                    w.clone(),
                    gets.clone(),
                    w.clone(),
                    minus.clone(),
                    eta.clone(),
                    mi("λ"),
                    w.clone(),
                ]));
            }
            let note = match config.kind() {
                OptimizerKind::NAdam => "<mtext>&#8195;(m̂ with Nesterov's look-ahead)</mtext>",
                OptimizerKind::RAdam => {
                    "<mtext>&#8195;(rectified once the variance estimate is reliable)</mtext>"
                }
                _ => "",
            };
            lines.push(row(&[
                w.clone(),
                gets,
                w,
                minus,
                eta,
                frac(&mh, &format!("{}{plus}{eps}", sqrt(&vh))),
                note.into(),
            ]));
        }
        OptimizerKind::Rprop => {
            let s = mi("s");
            lines.push(row(&[
                s.clone(),
                gets.clone(),
                s.clone(),
                times.clone(),
                format!(
                    "<mrow><mo>{{</mo><mtable><mtr><mtd>{}</mtd><mtd><mtext>if g keeps its sign</mtext></mtd></mtr><mtr><mtd>{}</mtd><mtd><mtext>if it flips</mtext></mtd></mtr></mtable></mrow>",
                    sub(&mi("η"), "<mo>+</mo>"),
                    sub(&mi("η"), "<mo>−</mo>")
                ),
            ]));
            lines.push(row(&[
                w.clone(),
                gets,
                w,
                minus,
                s,
                times,
                mi("sign"),
                format!("<mo>(</mo>{g}<mo>)</mo>"),
            ]));
        }
        OptimizerKind::Asgd => {
            lines.push(row(&[
                w.clone(),
                gets.clone(),
                w.clone(),
                format!("<mo>(</mo>{one}{minus}{}{eta}<mo>)</mo>", mi("λ")),
                minus.clone(),
                eta.clone(),
                g.clone(),
            ]));
            let ax = mi("w̄");
            lines.push(row(&[
                ax.clone(),
                gets,
                ax.clone(),
                plus,
                mi("μ"),
                format!("<mo>(</mo>{w}{minus}{ax}<mo>)</mo>"),
            ]));
        }
    }
    lines.into_iter().map(|l| math(&l)).collect()
}

/// The latest step of a followed weight with its numbers: the gradient, each state buffer
/// (with Adam's bias-corrected moments when the optimizer uses them) and the change made.
pub fn numbers(config: &OptimizerConfig, trace: &Trace, point: &TracePoint) -> String {
    let mut parts: Vec<String> = vec![
        row(&[mi("t"), mo("="), format!("<mn>{}</mn>", point.step)]),
        row(&[mi("η"), mo("="), mn(point.lr)]),
        row(&[mi("g"), mo("="), mn(point.grad)]),
    ];
    for (name, value) in trace.state_names.iter().zip(point.state) {
        parts.push(row(&[
            format!("<mi mathvariant=\"normal\">{name}</mi>"),
            mo("="),
            mn(value),
        ]));
    }
    if let Some((m_hat, v_hat)) = corrected(config, trace, point) {
        parts.push(row(&[mi("m̂"), mo("="), mn(m_hat)]));
        parts.push(row(&[mi("v̂"), mo("="), mn(v_hat)]));
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
            mi("w"),
            mo(":"),
            mn(point.before),
            mo("→"),
            mn(after),
            mo("&#8195;"),
            mi("Δw"),
            mo("="),
            mn(point.update),
        ]))
    );
    out
}

/// Adam's bias-corrected moments `(m̂, v̂)` at a trace point, when the optimizer uses them.
fn corrected(config: &OptimizerConfig, trace: &Trace, point: &TracePoint) -> Option<(f64, f64)> {
    let adam_like = matches!(config.kind(), OptimizerKind::Adam | OptimizerKind::AdamW)
        && !matches!(config.get("bias_correction"), Some(HyperValue::Bool(false)));
    if !adam_like {
        return None;
    }
    let (b1, b2) = pair(config, "betas");
    let at = |name: &str| {
        trace
            .state_names
            .iter()
            .position(|n| *n == name)
            .map(|i| point.state[i])
    };
    let t = point.step as i32;
    Some((
        at("exp_avg")? / (1.0 - b1.powi(t)),
        at("exp_avg_sq")? / (1.0 - b2.powi(t)),
    ))
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
    use crate::race::MAX_STATE;

    #[test]
    fn every_optimizer_has_a_rule() {
        for &kind in OptimizerKind::ALL {
            let config = OptimizerConfig::default_for(kind);
            let lines = symbolic(&config);
            assert!(!lines.is_empty(), "{kind:?}");
            for line in &lines {
                assert!(line.starts_with("<math"), "{line}");
                assert_eq!(
                    line.matches("<mrow>").count(),
                    line.matches("</mrow>").count()
                );
            }
        }
    }

    #[test]
    fn momentum_and_bias_correction_change_the_rule() {
        let mut sgd = OptimizerConfig::default_for(OptimizerKind::Sgd);
        assert_eq!(symbolic(&sgd).len(), 1);
        sgd.set("momentum", HyperValue::Number(0.9)).unwrap();
        assert_eq!(symbolic(&sgd).len(), 2);
        let mut adam = OptimizerConfig::default_for(OptimizerKind::Adam);
        assert!(symbolic(&adam).concat().contains("m̂"));
        adam.set("bias_correction", HyperValue::Bool(false))
            .unwrap();
        assert!(!symbolic(&adam).concat().contains("m̂"));
    }

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
