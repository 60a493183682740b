//! Learning-rate schedules with the semantics of `torch.optim.lr_scheduler`, plus the two decays
//! of the lectures.
//!
//! A [`Schedule`] is plain data; [`Schedule::lr_at`] is a pure function of the base learning rate
//! and the optimizer step index `k = 0, 1, ...`: it returns the learning rate torch uses for
//! optimizer step `k` (that is, after `k` calls of `scheduler.step()`). Closed forms replace
//! torch's recursive updates; they agree to rounding (the golden tests demand `1e-9`).

mod args;

pub use args::{ArgValue, ScheduleError};

use std::f64::consts::PI;

/// A learning-rate schedule. Field names follow torch's keyword arguments (in snake case).
#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    /// `lr_k = lr0`.
    Constant,
    /// `lr_k = lr0 * gamma^floor(k / step_size)`.
    StepLR { step_size: usize, gamma: f64 },
    /// `lr_k = lr0 * gamma^(number of milestones m with m <= k)`; repeated milestones count twice,
    /// as in torch.
    MultiStepLR { milestones: Vec<usize>, gamma: f64 },
    /// `lr_k = lr0 * gamma^k`.
    ExponentialLR { gamma: f64 },
    /// Cosine annealing (Loshchilov and Hutter, 2017) without restarts:
    /// `lr_k = eta_min + (lr0 - eta_min) * (1 + cos(pi * k / t_max)) / 2`.
    /// Past `t_max` the cosine keeps going, so the rate climbs back up with period `2 t_max`,
    /// exactly as torch's recursive form does.
    CosineAnnealingLR { t_max: usize, eta_min: f64 },
    /// SGDR, cosine annealing with warm restarts (Loshchilov and Hutter, 2017): the first cycle
    /// lasts `t_0` steps, each next one `t_mult` times longer;
    /// `lr_k = eta_min + (lr0 - eta_min) * (1 + cos(pi * t_cur / t_i)) / 2`.
    CosineAnnealingWarmRestarts {
        t_0: usize,
        t_mult: usize,
        eta_min: f64,
    },
    /// Linear warm-up of the factor from `start_factor` to `end_factor` over `total_iters` steps:
    /// `lr_k = lr0 * (s + (e - s) * min(k, total_iters) / total_iters)`.
    LinearLR {
        start_factor: f64,
        end_factor: f64,
        total_iters: usize,
    },
    /// `lr_k = lr0 * (1 - min(k, total_iters) / total_iters)^power`.
    PolynomialLR { total_iters: usize, power: f64 },
    /// The one-cycle policy (Smith and Topin, 2019), cosine annealing, two phases. Ignores `lr0`:
    /// the rate rises from `max_lr / div_factor` to `max_lr` over the first
    /// `pct_start * total_steps - 1` steps, then falls to
    /// `max_lr / (div_factor * final_div_factor)` at step `total_steps - 1`.
    /// Torch refuses to step past `total_steps`; here the final rate is held instead.
    /// (Torch also cycles the momentum; this schedule gives only the learning rate.)
    OneCycleLR {
        max_lr: f64,
        total_steps: usize,
        pct_start: f64,
        div_factor: f64,
        final_div_factor: f64,
    },
    /// Inverse-time decay, as Keras's `decay` argument: `lr_k = lr0 / (1 + decay * k)`.
    InverseTime { decay: f64 },
    /// The lectures' power decay `lr = lr0 / t^power` (for instance `0.1 / t^0.3`), counting
    /// `t = k + 1` so that step 0 uses `lr0`.
    Power { power: f64 },
}

/// Every schedule name accepted by [`Schedule::from_name_and_args`], in the order a menu lists them.
pub const SCHEDULE_NAMES: [&str; 11] = [
    "constant",
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "LinearLR",
    "PolynomialLR",
    "OneCycleLR",
    "inverse_time",
    "power",
];

impl Schedule {
    /// The schedule named `name` (case ignored) with the arguments the page starts a learner
    /// with: values that show the schedule's shape within a few hundred to a thousand steps.
    pub fn suggested(name: &str) -> Option<Schedule> {
        let canonical = SCHEDULE_NAMES
            .iter()
            .find(|n| n.eq_ignore_ascii_case(name))?;
        Some(match *canonical {
            "constant" => Schedule::Constant,
            "StepLR" => Schedule::StepLR {
                step_size: 200,
                gamma: 0.5,
            },
            "MultiStepLR" => Schedule::MultiStepLR {
                milestones: vec![300, 600],
                gamma: 0.1,
            },
            "ExponentialLR" => Schedule::ExponentialLR { gamma: 0.998 },
            "CosineAnnealingLR" => Schedule::CosineAnnealingLR {
                t_max: 1000,
                eta_min: 0.0,
            },
            "CosineAnnealingWarmRestarts" => Schedule::CosineAnnealingWarmRestarts {
                t_0: 100,
                t_mult: 2,
                eta_min: 0.0,
            },
            "LinearLR" => Schedule::LinearLR {
                start_factor: 0.1,
                end_factor: 1.0,
                total_iters: 100,
            },
            "PolynomialLR" => Schedule::PolynomialLR {
                total_iters: 1000,
                power: 1.0,
            },
            "OneCycleLR" => Schedule::OneCycleLR {
                max_lr: 0.1,
                total_steps: 1000,
                pct_start: 0.3,
                div_factor: 25.0,
                final_div_factor: 1e4,
            },
            "inverse_time" => Schedule::InverseTime { decay: 0.01 },
            "power" => Schedule::Power { power: 0.3 },
            _ => return None,
        })
    }

    /// A short label for menus.
    pub fn label_of(name: &str) -> &'static str {
        match name {
            "constant" => "Constant",
            "StepLR" => "Step decay (StepLR)",
            "MultiStepLR" => "Drops at milestones (MultiStepLR)",
            "ExponentialLR" => "Exponential (ExponentialLR)",
            "CosineAnnealingLR" => "Cosine annealing",
            "CosineAnnealingWarmRestarts" => "Cosine with warm restarts",
            "LinearLR" => "Linear warm-up (LinearLR)",
            "PolynomialLR" => "Polynomial (PolynomialLR)",
            "OneCycleLR" => "One cycle (OneCycleLR)",
            "inverse_time" => "Inverse time: lr / (1 + decay·t)",
            "power" => "Power: lr / t^p",
            _ => "Unknown schedule",
        }
    }

    /// The learning rate of optimizer step `step` (`k = 0, 1, ...`) for base rate `base_lr`.
    pub fn lr_at(&self, base_lr: f64, step: usize) -> f64 {
        let k = step as f64;
        match self {
            Schedule::Constant => base_lr,
            Schedule::StepLR { step_size, gamma } => {
                // The exponent saturates instead of wrapping: `gamma^i32::MAX` is 0 or ∞ anyway.
                let drops = i32::try_from(step / (*step_size).max(1)).unwrap_or(i32::MAX);
                base_lr * gamma.powi(drops)
            }
            Schedule::MultiStepLR { milestones, gamma } => {
                let passed = milestones.iter().filter(|&&m| m <= step).count();
                base_lr * gamma.powi(i32::try_from(passed).unwrap_or(i32::MAX))
            }
            Schedule::ExponentialLR { gamma } => base_lr * gamma.powf(k),
            Schedule::CosineAnnealingLR { t_max, eta_min } => {
                cosine(base_lr, *eta_min, k / *t_max as f64)
            }
            Schedule::CosineAnnealingWarmRestarts {
                t_0,
                t_mult,
                eta_min,
            } => {
                // Walk the cycles in integers: no logarithm, so no rounding at a restart. In
                // 64 bits and saturating: a `usize` product wraps on 32-bit targets (Wasm),
                // and a cycle length that wrapped to 0 would never end the loop. A saturated
                // cycle is longer than any step count, so the loop stops (at most 64 turns).
                let (mut t_cur, mut t_i) = (step as u64, (*t_0 as u64).max(1));
                let t_mult = (*t_mult as u64).max(1);
                if t_mult == 1 {
                    t_cur %= t_i;
                }
                while t_cur >= t_i {
                    t_cur -= t_i;
                    t_i = t_i.saturating_mul(t_mult);
                }
                cosine(base_lr, *eta_min, t_cur as f64 / t_i as f64)
            }
            Schedule::LinearLR {
                start_factor,
                end_factor,
                total_iters,
            } => {
                let done = step.min(*total_iters) as f64 / *total_iters as f64;
                base_lr * (start_factor + (end_factor - start_factor) * done)
            }
            Schedule::PolynomialLR { total_iters, power } => {
                let done = step.min(*total_iters) as f64 / *total_iters as f64;
                base_lr * (1.0 - done).powf(*power)
            }
            Schedule::OneCycleLR {
                max_lr,
                total_steps,
                pct_start,
                div_factor,
                final_div_factor,
            } => {
                let initial_lr = max_lr / div_factor;
                let min_lr = initial_lr / final_div_factor;
                let k = step.min(total_steps - 1) as f64;
                // Torch's phase boundaries are floats: the warm-up ends at `pct_start * T - 1`.
                let warmup_end = pct_start * *total_steps as f64 - 1.0;
                let last = (*total_steps - 1) as f64;
                if k <= warmup_end {
                    cosine_between(initial_lr, *max_lr, k / warmup_end)
                } else {
                    cosine_between(*max_lr, min_lr, (k - warmup_end) / (last - warmup_end))
                }
            }
            Schedule::InverseTime { decay } => base_lr / (1.0 + decay * k),
            Schedule::Power { power } => base_lr / (k + 1.0).powf(*power),
        }
    }

    /// The name shown to the learner and accepted by [`Schedule::from_name_and_args`]: torch's
    /// class name, or `constant`, `inverse_time`, `power` for the ones torch lacks.
    pub fn name(&self) -> &'static str {
        let index = match self {
            Schedule::Constant => 0,
            Schedule::StepLR { .. } => 1,
            Schedule::MultiStepLR { .. } => 2,
            Schedule::ExponentialLR { .. } => 3,
            Schedule::CosineAnnealingLR { .. } => 4,
            Schedule::CosineAnnealingWarmRestarts { .. } => 5,
            Schedule::LinearLR { .. } => 6,
            Schedule::PolynomialLR { .. } => 7,
            Schedule::OneCycleLR { .. } => 8,
            Schedule::InverseTime { .. } => 9,
            Schedule::Power { .. } => 10,
        };
        SCHEDULE_NAMES[index]
    }
}

/// `eta_min + (lr - eta_min) * (1 + cos(pi * fraction)) / 2`: torch's cosine annealing.
fn cosine(lr: f64, eta_min: f64, fraction: f64) -> f64 {
    eta_min + (lr - eta_min) * (1.0 + crate::trig::cos(PI * fraction)) / 2.0
}

/// OneCycleLR's `_annealing_cos(start, end, pct)`.
fn cosine_between(start: f64, end: f64, pct: f64) -> f64 {
    end + (start - end) / 2.0 * (crate::trig::cos(PI * pct) + 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Golden values from torch (`/work/shared/golden/torch_reference.json`, `scheduler_cases`),
    // base_lr = 0.1 in every case; `lrs[k]` is the rate of optimizer step k.
    #[rustfmt::skip]
    const STEP: [f64; 40] = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.025, 0.025, 0.025, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125];
    #[rustfmt::skip]
    const EXPONENTIAL: [f64; 40] = [0.1, 0.095, 0.09025, 0.0857375, 0.08145062499999998, 0.07737809374999999, 0.07350918906249998, 0.06983372960937498, 0.06634204312890622, 0.0630249409724609, 0.05987369392383786, 0.05688000922764597, 0.05403600876626367, 0.05133420832795048, 0.04876749791155295, 0.046329123015975304, 0.04401266686517654, 0.04181203352191771, 0.039721431845821824, 0.037735360253530734, 0.035848592240854196, 0.03405616262881148, 0.03235335449737091, 0.030735686772502362, 0.029198902433877242, 0.027738957312183378, 0.026352009446574207, 0.025034408974245494, 0.023782688525533217, 0.022593554099256556, 0.021463876394293726, 0.020390682574579037, 0.019371148445850084, 0.01840259102355758, 0.0174824614723797, 0.016608338398760712, 0.015777921478822676, 0.014989025404881541, 0.014239574134637464, 0.01352759542790559];
    #[rustfmt::skip]
    const COSINE: [f64; 40] = [0.1, 0.09972883382072953, 0.09891830623632338, 0.0975772975566101, 0.09572050015330873, 0.09336825748732971, 0.0905463412215599, 0.08728566886113101, 0.08362196501476347, 0.07959536998847741, 0.07525, 0.07063346383225212, 0.0657963412215599, 0.060791628695479084, 0.05567415893174885, 0.05050000000000001, 0.04532584106825116, 0.04020837130452091, 0.03520365877844011, 0.030366536167747902, 0.025750000000000012, 0.021404630011522586, 0.017378034985236535, 0.013714331138868996, 0.010453658778440105, 0.0076317425126702825, 0.00527949984669125, 0.003422702443389899, 0.002081693763676618, 0.0012711661792704665, 0.001, 0.0012711661792704722, 0.00208169376367664, 0.003422702443389943, 0.005279499846691342, 0.00763174251267041, 0.010453658778440282, 0.013714331138869235, 0.01737803498523683, 0.021404630011522978];
    #[rustfmt::skip]
    const LINEAR_WARMUP: [f64; 20] = [0.010000000000000002, 0.019000000000000003, 0.028000000000000008, 0.03700000000000001, 0.04600000000000001, 0.055000000000000014, 0.06400000000000002, 0.07300000000000002, 0.08200000000000003, 0.09100000000000004, 0.10000000000000005, 0.10000000000000005, 0.10000000000000005, 0.10000000000000005, 0.10000000000000005, 0.10000000000000005, 0.10000000000000005, 0.10000000000000005, 0.10000000000000005, 0.10000000000000005];
    #[rustfmt::skip]
    const POLYNOMIAL: [f64; 25] = [0.1, 0.09025, 0.081, 0.07225, 0.064, 0.05625, 0.048999999999999995, 0.04225000000000001, 0.036000000000000004, 0.03025000000000001, 0.025000000000000005, 0.02025, 0.016000000000000007, 0.012250000000000002, 0.009000000000000005, 0.006250000000000002, 0.003999999999999999, 0.0022500000000000016, 0.0009999999999999998, 0.0002500000000000005, 0.0, 0.0, 0.0, 0.0, 0.0];
    fn assert_matches(schedule: &Schedule, base_lr: f64, expected: &[f64]) {
        for (k, &want) in expected.iter().enumerate() {
            let got = schedule.lr_at(base_lr, k);
            let err = (got - want).abs();
            assert!(
                err <= 1e-9 * want.abs() || err <= 1e-15,
                "{} step {k}: got {got}, torch {want}",
                schedule.name()
            );
        }
    }

    fn build(name: &str, args: &[(&str, ArgValue)]) -> Schedule {
        Schedule::from_name_and_args(name, args).unwrap()
    }

    #[test]
    fn golden_torch_cases() {
        // (scheduler, arguments, lrs)
        type Case<'a> = (&'a str, Vec<(&'a str, ArgValue)>, &'a [f64]);
        let cases: [Case; 5] = [
            (
                "StepLR",
                vec![("step_size", 10.0.into()), ("gamma", 0.5.into())],
                &STEP,
            ),
            ("ExponentialLR", vec![("gamma", 0.95.into())], &EXPONENTIAL),
            // 40 steps with T_max = 30: past T_max the rate climbs back up.
            (
                "CosineAnnealingLR",
                vec![("T_max", 30.0.into()), ("eta_min", 0.001.into())],
                &COSINE,
            ),
            (
                "LinearLR",
                vec![
                    ("start_factor", 0.1.into()),
                    ("end_factor", 1.0.into()),
                    ("total_iters", 10.0.into()),
                ],
                &LINEAR_WARMUP,
            ),
            (
                "PolynomialLR",
                vec![("total_iters", 20.0.into()), ("power", 2.0.into())],
                &POLYNOMIAL,
            ),
        ];
        for (name, args, lrs) in &cases {
            let schedule = build(name, args);
            assert_eq!(schedule.name(), *name);
            assert_matches(&schedule, 0.1, lrs);
        }
    }

    #[test]
    fn multistep_counts_passed_milestones() {
        let s = build(
            "MultiStepLR",
            &[
                ("milestones", vec![3.0, 5.0, 5.0].into()),
                ("gamma", 0.5.into()),
            ],
        );
        let lrs: Vec<f64> = (0..7).map(|k| s.lr_at(1.0, k)).collect();
        assert_eq!(lrs, [1.0, 1.0, 1.0, 0.5, 0.5, 0.125, 0.125]);
    }

    #[test]
    fn warm_restarts_restart_and_lengthen() {
        let s = Schedule::CosineAnnealingWarmRestarts {
            t_0: 2,
            t_mult: 2,
            eta_min: 0.0,
        };
        // Cycles: steps 0-1 (length 2), 2-5 (length 4), 6-13 (length 8).
        for &k in &[0, 2, 6, 14] {
            assert_eq!(s.lr_at(1.0, k), 1.0, "restart at step {k}");
        }
        assert!((s.lr_at(1.0, 1) - 0.5).abs() < 1e-15);
        assert!((s.lr_at(1.0, 4) - 0.5).abs() < 1e-15);
        assert!((s.lr_at(1.0, 10) - 0.5).abs() < 1e-15);
        let flat = Schedule::CosineAnnealingWarmRestarts {
            t_0: 3,
            t_mult: 1,
            eta_min: 0.0,
        };
        assert_eq!(flat.lr_at(1.0, 7), flat.lr_at(1.0, 1));
    }

    /// A link once set `T_0=2&T_mult=2147483648`: on a 32-bit target the cycle length wrapped
    /// to 0 and the restart loop never ended. The largest counts a link accepts, at the
    /// largest steps, must still give a finite rate at once.
    #[test]
    fn huge_cycle_factors_neither_wrap_nor_loop() {
        let most = u32::MAX as usize;
        for (t_0, t_mult) in [
            (2, 2_147_483_648),
            (65_536, 65_536),
            (most, most),
            (1, most),
        ] {
            let s = Schedule::CosineAnnealingWarmRestarts {
                t_0,
                t_mult,
                eta_min: 0.0,
            };
            for step in [0, 1, t_0, 65_536, most, usize::MAX] {
                let lr = s.lr_at(0.5, step);
                assert!(
                    (0.0..=0.5).contains(&lr),
                    "T_0={t_0} T_mult={t_mult} step {step}: {lr}"
                );
            }
        }
        let step = Schedule::StepLR {
            step_size: 1,
            gamma: 0.5,
        };
        assert_eq!(step.lr_at(1.0, usize::MAX), 0.0);
    }

    #[test]
    fn one_cycle_ignores_base_lr_and_hits_its_corners() {
        let s = build(
            "OneCycleLR",
            &[("max_lr", 1.0.into()), ("total_steps", 100.0.into())],
        );
        assert!((s.lr_at(123.0, 0) - 1.0 / 25.0).abs() < 1e-15);
        // The peak is at step pct_start * total_steps - 1 = 29.
        assert!((s.lr_at(0.0, 29) - 1.0).abs() < 1e-15);
        assert!((s.lr_at(0.0, 99) - 1.0 / 25.0 / 1e4).abs() < 1e-18);
        assert_eq!(s.lr_at(0.0, 500), s.lr_at(0.0, 99));
        // Warm-up: `max_lr + (initial - max_lr) / 2 * (1 + cos(pi * k / 29))`.
        assert!((s.lr_at(0.0, 14) - (0.52 - 0.48 * (PI * 14.0 / 29.0).cos())).abs() < 1e-15);
    }

    #[test]
    fn lecture_decays_start_at_lr0() {
        let inverse = build("inverse_time", &[("decay", 0.5.into())]);
        assert_eq!(inverse.lr_at(0.1, 0), 0.1);
        assert!((inverse.lr_at(0.1, 4) - 0.1 / 3.0).abs() < 1e-17);
        let power = build("power", &[("power", 0.3.into())]);
        assert_eq!(power.lr_at(0.1, 0), 0.1);
        assert!((power.lr_at(0.1, 9) - 0.1 / 10f64.powf(0.3)).abs() < 1e-17);
        assert_eq!(build("constant", &[]).lr_at(0.1, 1000), 0.1);
    }
}
