//! The one list of optimizers, and what it generates: [`OptimizerKind`], [`OptimizerConfig`] and
//! [`Optimizer`], the enums the page, the URL state and the tests read.
//!
//! Everything about one optimizer is in its own file, on its config's [`Describe`]: name, label,
//! paper, hyperparameter specs, validation, build, update rule and caption (`Default` holds its
//! defaults). This file only lists the optimizers (`registry! { ... }` below, one line each) and
//! forwards to them.

use std::fmt;

use super::notation::math;
use super::{ConfigError, Describe, Hyper, HyperValue, Optim, ParamSpec, Slot, StepScale};

/// `match $value { $enum::$variant($x) => $body, ... }` over every variant of the list.
macro_rules! each {
    ($value:expr, $enum:ident[$($variant:ident)*], $x:ident => $body:expr) => {
        match $value {
            $($enum::$variant($x) => $body,)*
        }
    };
}

/// A doc line linking to a config: `$text [`Config`](super::module::Config).`
macro_rules! see {
    ($text:literal, $module:ident::$config:ident) => {
        concat!(
            $text,
            " [`",
            stringify!($config),
            "`](super::",
            stringify!($module),
            "::",
            stringify!($config),
            ")."
        )
    };
}

/// The three enums of the list and the methods that need the list.
macro_rules! registry {
    ($($variant:ident: $module:ident::$config:ident,)*) => {
        /// The optimizers of `torch.optim`, one per line of the list.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum OptimizerKind {
            $(
                #[doc = see!("See", $module::$config)]
                $variant,
            )*
        }

        impl OptimizerKind {
            /// Every kind, in the order of the list (the order the lectures meet them).
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            fn about(self) -> About {
                match self {
                    $(Self::$variant => About::of::<super::$module::$config>(),)*
                }
            }
        }

        /// The configuration of any one optimizer.
        #[derive(Clone, Debug, PartialEq)]
        pub enum OptimizerConfig {
            $(
                #[doc = see!("See", $module::$config)]
                $variant(super::$module::$config),
            )*
        }

        impl OptimizerConfig {
            /// Torch's defaults for `kind`.
            pub fn default_for(kind: OptimizerKind) -> Self {
                match kind {
                    $(OptimizerKind::$variant => Self::$variant(Default::default()),)*
                }
            }

            /// Which optimizer this configures.
            pub fn kind(&self) -> OptimizerKind {
                match self {
                    $(Self::$variant(_) => OptimizerKind::$variant,)*
                }
            }

            /// The learning rate.
            pub fn lr(&self) -> f64 {
                each!(self, Self[$($variant)*], c => c.lr)
            }

            fn slot(&mut self, name: &str) -> Option<Slot<'_>> {
                each!(self, Self[$($variant)*], c => c.slot(name))
            }

            /// Checks every hyperparameter (see each config's [`Describe::validate`]).
            pub fn validate(&self) -> Result<(), ConfigError> {
                each!(self, Self[$($variant)*], c => c.validate())
            }

            /// Validates and builds the optimizer for `n_params` parameters.
            pub fn build(&self, n_params: usize) -> Result<Optimizer, ConfigError> {
                Ok(match self.clone() {
                    $(Self::$variant(c) => Optimizer::$variant(c.build(n_params)?),)*
                })
            }

            /// The fields' names, in their order (for the test that each has a spec).
            #[cfg(test)]
            fn field_names(&mut self) -> Vec<&'static str> {
                each!(self, Self[$($variant)*], c => c.slots().into_iter().map(|s| s.0).collect())
            }

            /// See [`Describe::caption`].
            pub fn caption(&self) -> &'static str {
                each!(self, Self[$($variant)*], c => c.caption())
            }

            /// The update rule as the inspector shows it, one `<math>` per line (see
            /// [`Describe::rule`]).
            pub fn rule(&self) -> Vec<String> {
                let rows = each!(self, Self[$($variant)*], c => c.rule());
                rows.iter().map(|row| math(row)).collect()
            }

            /// See [`Describe::corrected_moments`].
            pub fn corrected_moments(
                &self,
                t: u64,
                state: &dyn Fn(&str) -> Option<f64>,
            ) -> Option<(f64, f64)> {
                each!(self, Self[$($variant)*], c => c.corrected_moments(t, state))
            }
        }

        /// Any one built optimizer, with its state.
        #[derive(Clone, Debug)]
        pub enum Optimizer {
            $(
                #[doc = see!("Built from a", $module::$config)]
                $variant(<super::$module::$config as Describe>::State),
            )*
        }

        impl Optimizer {
            /// Which optimizer this is.
            pub fn kind(&self) -> OptimizerKind {
                match self {
                    $(Self::$variant(_) => OptimizerKind::$variant,)*
                }
            }

            /// One update; see [`Optim::step`]. The match happens once per step, not per weight.
            pub fn step(&mut self, params: &mut [f64], grads: &[f64]) {
                each!(self, Self[$($variant)*], o => o.step(params, grads))
            }

            /// See [`Optim::lr`].
            pub fn lr(&self) -> f64 {
                each!(self, Self[$($variant)*], o => o.lr())
            }

            /// See [`Optim::set_lr`].
            pub fn set_lr(&mut self, lr: f64) {
                each!(self, Self[$($variant)*], o => o.set_lr(lr))
            }

            /// See [`Optim::steps_taken`].
            pub fn steps_taken(&self) -> u64 {
                each!(self, Self[$($variant)*], o => o.steps_taken())
            }

            /// See [`Optim::reset`].
            pub fn reset(&mut self) {
                each!(self, Self[$($variant)*], o => o.reset())
            }

            /// See [`Optim::state`].
            pub fn state(&self) -> Vec<(&'static str, &[f64])> {
                each!(self, Self[$($variant)*], o => o.state())
            }
        }
    };
}

// The list: one line per optimizer, `Variant: module::Config`, in the order the lectures meet
// them. `module.rs` holds everything about the optimizer; its `Config` implements `Describe`.
registry! {
    Sgd: sgd::SgdConfig,
    Adagrad: adagrad::AdagradConfig,
    RmsProp: rmsprop::RmsPropConfig,
    Adadelta: adadelta::AdadeltaConfig,
    Adam: adam::AdamConfig,
    AdamW: adamw::AdamWConfig,
    Adamax: adamax::AdamaxConfig,
    NAdam: nadam::NAdamConfig,
    RAdam: radam::RAdamConfig,
    Rprop: rprop::RpropConfig,
    Asgd: asgd::AsgdConfig,
}

/// What a kind reads from its config's [`Describe`].
struct About {
    name: &'static str,
    label: &'static str,
    paper: &'static str,
    params: &'static [ParamSpec],
    step: StepScale,
    classifier_lr: Option<f64>,
}

impl About {
    fn of<C: Describe>() -> Self {
        Self {
            name: C::NAME,
            label: C::LABEL,
            paper: C::PAPER,
            params: C::PARAMS,
            step: C::STEP,
            classifier_lr: C::CLASSIFIER_LR,
        }
    }
}

impl OptimizerKind {
    /// Torch's class name in lower case: `"sgd"`, `"adamw"`, `"rmsprop"`, ...
    pub fn name(self) -> &'static str {
        self.about().name
    }

    /// The inverse of [`OptimizerKind::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Torch's class name as people write it: `"SGD"`, `"AdamW"`, `"RMSprop"`, ...
    pub fn label(self) -> &'static str {
        self.about().label
    }

    /// The paper that introduced the method (authors, year, title).
    pub fn paper(self) -> &'static str {
        self.about().paper
    }

    /// The hyperparameters, with torch's keywords, in torch's order; their defaults are
    /// [`OptimizerConfig::default_for`]'s values.
    pub fn params(self) -> &'static [ParamSpec] {
        self.about().params
    }

    /// How the learning rate sizes a step (see [`StepScale`]).
    pub fn step_scale(self) -> StepScale {
        self.about().step
    }

    /// The learning rate a lane of this kind starts with on the classifier.
    pub fn classifier_lr(self) -> f64 {
        self.about()
            .classifier_lr
            .unwrap_or_else(|| OptimizerConfig::default_for(self).lr())
    }
}

impl fmt::Display for OptimizerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl OptimizerConfig {
    /// The value of the hyperparameter with torch keyword `name`, if this optimizer has one.
    pub fn get(&self, name: &str) -> Option<HyperValue> {
        self.clone().slot(name).map(|slot| match slot {
            Slot::Number(x) => HyperValue::Number(*x),
            Slot::Bool(b) => HyperValue::Bool(*b),
            Slot::Pair(p) => HyperValue::Pair(p.0, p.1),
        })
    }

    /// Sets the hyperparameter `name`. Fails on an unknown name or a value of the wrong kind;
    /// ranges are checked by [`OptimizerConfig::validate`] and [`OptimizerConfig::build`], so
    /// related fields (like `momentum` and `nesterov`) can be set in any order.
    pub fn set(&mut self, name: &str, value: HyperValue) -> Result<(), ConfigError> {
        let optimizer = self.kind().name();
        let slot = self.slot(name).ok_or_else(|| ConfigError::Unknown {
            optimizer,
            name: name.to_string(),
        })?;
        let expected = match (slot, value) {
            (Slot::Number(x), HyperValue::Number(v)) => {
                *x = v;
                return Ok(());
            }
            (Slot::Bool(x), HyperValue::Bool(v)) => {
                *x = v;
                return Ok(());
            }
            (Slot::Pair(x), HyperValue::Pair(a, b)) => {
                *x = (a, b);
                return Ok(());
            }
            (Slot::Number(_), _) => "a number",
            (Slot::Bool(_), _) => "a bool",
            (Slot::Pair(_), _) => "a pair",
        };
        Err(ConfigError::WrongType {
            optimizer,
            name: name.to_string(),
            expected,
        })
    }
}

impl Optim for Optimizer {
    fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        Optimizer::step(self, params, grads)
    }

    fn lr(&self) -> f64 {
        Optimizer::lr(self)
    }

    fn set_lr(&mut self, lr: f64) {
        Optimizer::set_lr(self, lr)
    }

    fn steps_taken(&self) -> u64 {
        Optimizer::steps_taken(self)
    }

    fn reset(&mut self) {
        Optimizer::reset(self)
    }

    fn state(&self) -> Vec<(&'static str, &[f64])> {
        Optimizer::state(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        assert_eq!(OptimizerKind::ALL.len(), 11);
        for &kind in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::from_name(kind.name()), Some(kind));
            assert_eq!(kind.name(), kind.label().to_lowercase());
            assert!(kind.paper().contains('('));
        }
        assert_eq!(
            OptimizerKind::from_name("adamw"),
            Some(OptimizerKind::AdamW)
        );
        assert_eq!(OptimizerKind::RmsProp.label(), "RMSprop");
        assert_eq!(OptimizerKind::from_name("Adam"), None);
    }

    #[test]
    fn specs_match_the_configs() {
        for &kind in OptimizerKind::ALL {
            let mut config = OptimizerConfig::default_for(kind);
            assert_eq!(config.kind(), kind);
            assert_eq!(kind.params()[0].name, "lr");
            for spec in kind.params() {
                let default = config.get(spec.name);
                let fits = default.is_some_and(|value| spec.kind.fits(value));
                assert!(fits, "{kind:?} {}", spec.name);
                config.set(spec.name, default.unwrap()).unwrap();
            }
            // Every optimizer of torch has `maximize`.
            assert!(kind.params().iter().any(|s| s.name == "maximize"));
            assert!(config.validate().is_ok());
            let mut opt = config.build(3).unwrap();
            assert_eq!(
                (opt.kind(), opt.steps_taken(), opt.lr()),
                (kind, 0, config.lr())
            );
            opt.step(&mut [1.0, 2.0, 3.0], &[0.1, 0.2, 0.3]);
            assert_eq!(opt.steps_taken(), 1);
        }
    }

    /// Adding an optimizer is its file and its line in the list; this fails if the file leaves
    /// out a paper, the rule, the caption, or a spec for each hyperparameter field (and a field
    /// for each spec).
    #[test]
    fn every_optimizer_of_the_list_is_fully_described() {
        for &kind in OptimizerKind::ALL {
            let mut config = OptimizerConfig::default_for(kind);
            assert!(kind.paper().contains('('), "{kind:?}: paper");
            assert!(!config.caption().is_empty(), "{kind:?}: caption");
            let specs: Vec<_> = kind.params().iter().map(|s| s.name).collect();
            assert_eq!(config.field_names(), specs, "{kind:?}: fields and specs");
            let rule = config.rule();
            assert!(!rule.is_empty(), "{kind:?}: rule");
            for line in &rule {
                assert!(line.starts_with("<math"), "{line}");
                let rows = (
                    line.matches("<mrow>").count(),
                    line.matches("</mrow>").count(),
                );
                assert_eq!(rows.0, rows.1, "{line}");
            }
        }
    }

    #[test]
    fn set_reports_unknown_names_and_wrong_kinds() {
        let mut adam = OptimizerConfig::default_for(OptimizerKind::Adam);
        assert_eq!(
            adam.set("foo", HyperValue::Number(1.0))
                .unwrap_err()
                .to_string(),
            "adam: unknown hyperparameter \"foo\""
        );
        assert_eq!(
            adam.set("betas", HyperValue::Number(0.9))
                .unwrap_err()
                .to_string(),
            "adam: hyperparameter \"betas\" takes a pair"
        );
        let mut adamw = OptimizerConfig::default_for(OptimizerKind::AdamW);
        assert!(adamw
            .set("decoupled_weight_decay", HyperValue::Bool(false))
            .is_err());
        adam.set("betas", HyperValue::Pair(1.5, 0.9)).unwrap();
        assert_eq!(
            adam.build(2).unwrap_err().to_string(),
            "adam: invalid betas[0] = 1.5: must be in [0, 1)"
        );
    }

    #[test]
    fn nesterov_can_be_set_before_momentum() {
        let mut sgd = OptimizerConfig::default_for(OptimizerKind::Sgd);
        sgd.set("nesterov", HyperValue::Bool(true)).unwrap();
        assert_eq!(
            sgd.validate().unwrap_err().to_string(),
            "sgd: invalid nesterov = true: needs momentum > 0 and dampening = 0"
        );
        sgd.set("momentum", HyperValue::Number(0.9)).unwrap();
        assert!(sgd.build(1).is_ok());
    }

    #[test]
    fn state_set_lr_and_reset() {
        let mut config = OptimizerConfig::default_for(OptimizerKind::Adam);
        config.set("amsgrad", HyperValue::Bool(true)).unwrap();
        let mut opt = config.build(2).unwrap();
        let names: Vec<_> = opt.state().iter().map(|s| s.0).collect();
        assert_eq!(names, ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"]);
        let mut x = [1.0, 1.0];
        opt.set_lr(0.5);
        opt.step(&mut x, &[1.0, -1.0]);
        assert!((x[0] - 0.5).abs() < 1e-6 && (x[1] - 1.5).abs() < 1e-6);
        opt.reset();
        assert_eq!(opt.steps_taken(), 0);
        assert_eq!(opt.lr(), 0.5);
        assert!(opt.state().iter().all(|(_, b)| b.iter().all(|&v| v == 0.0)));
        let sgd = OptimizerConfig::default_for(OptimizerKind::Sgd)
            .build(2)
            .unwrap();
        assert!(sgd.state().is_empty());
    }

    #[test]
    fn adamw_differs_from_adam_by_decoupled_decay() {
        let mut adam = OptimizerConfig::default_for(OptimizerKind::Adam);
        adam.set("weight_decay", HyperValue::Number(1e-2)).unwrap();
        adam.set("decoupled_weight_decay", HyperValue::Bool(true))
            .unwrap();
        let mut a = adam.build(2).unwrap();
        let mut w = OptimizerConfig::default_for(OptimizerKind::AdamW)
            .build(2)
            .unwrap();
        let (mut xa, mut xw) = ([1.0, -2.0], [1.0, -2.0]);
        for _ in 0..5 {
            let (ga, gw) = ([xa[0], 3.0 * xa[1]], [xw[0], 3.0 * xw[1]]);
            a.step(&mut xa, &ga);
            w.step(&mut xw, &gw);
        }
        assert_eq!(xa, xw);
        assert_eq!(w.kind(), OptimizerKind::AdamW);
    }

    /// The README's "Adding an optimizer" names these files and, in them, these names: if one
    /// is renamed or moved, the section is no longer true.
    #[test]
    fn the_readme_on_adding_an_optimizer_is_true() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        let section = readme
            .split("\n## Adding an optimizer\n")
            .nth(1)
            .expect("the section");
        let section = section.split("\n## ").next().unwrap();
        let named = [
            ("src/optim/mod.rs", &["pub mod sgd;"][..]),
            (
                "src/optim/registry.rs",
                &[
                    "registry! {",
                    "fn names_round_trip_and_are_unique",
                    "fn every_optimizer_of_the_list_is_fully_described",
                ],
            ),
            (
                "tests/optim_convergence.rs",
                &["fn the_table_covers_every_optimizer_on_both_functions"],
            ),
            (
                "tests/torch_parity.rs",
                &["optimizer_cases", "TORCH_REFERENCE"],
            ),
            ("www/i18n/ru.json", &["\"phrases\""]),
            ("www/i18n/fa.json", &["\"phrases\""]),
        ];
        for (file, names) in named {
            assert!(section.contains(&format!("`{file}`")), "{file} not named");
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            for name in names {
                assert!(text.contains(name), "{file} has no {name}");
            }
        }
        // ... and the items a file implements, as `optim/mod.rs` declares them.
        let traits = std::fs::read_to_string(root.join("src/optim/mod.rs")).unwrap();
        let items = [
            "trait Describe",
            "trait Hyper",
            "trait Optim",
            "const NAME",
            "const LABEL",
            "const PAPER",
            "const PARAMS",
            "fn validate",
            "fn build",
            "fn rule",
            "fn caption",
        ];
        for item in items {
            assert!(traits.contains(item), "optim/mod.rs has no {item}");
            let name = item.rsplit(' ').next().unwrap();
            assert!(section.contains(name), "{name} not named");
        }
    }
}
