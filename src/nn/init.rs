//! How the weights start. Biases always start at 0, batch-norm scales at 1 and shifts at 0.

use crate::rng::Rng;

/// A weight initialisation scheme for a layer with `fan_in` inputs and `fan_out` outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Init {
    /// Every weight 0: every unit of a layer computes the same thing and gets the same gradient,
    /// so they never become different (the symmetry problem).
    Zeros,
    /// `U(-0.5, 0.5)`, whatever the layer's size.
    Uniform,
    /// Glorot and Bengio (2010): `U(-a, a)` with `a = √(6 / (fan_in + fan_out))`.
    XavierUniform,
    /// Glorot and Bengio (2010): `N(0, 2 / (fan_in + fan_out))`.
    XavierNormal,
    /// He et al. (2015), for ReLU layers: `N(0, 2 / fan_in)`.
    HeNormal,
}

impl Init {
    pub const ALL: [Init; 5] = [
        Init::Zeros,
        Init::Uniform,
        Init::XavierUniform,
        Init::XavierNormal,
        Init::HeNormal,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Init::Zeros => "zeros",
            Init::Uniform => "uniform",
            Init::XavierUniform => "xavier_uniform",
            Init::XavierNormal => "xavier_normal",
            Init::HeNormal => "he_normal",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        Self::ALL.into_iter().find(|i| i.name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            Init::Zeros => "Zeros (symmetric)",
            Init::Uniform => "Uniform ±0.5",
            Init::XavierUniform => "Xavier/Glorot uniform",
            Init::XavierNormal => "Xavier/Glorot normal",
            Init::HeNormal => "He/Kaiming normal",
        }
    }

    /// One weight of a layer with the given fans.
    pub fn draw(self, fan_in: usize, fan_out: usize, rng: &mut Rng) -> f64 {
        let (fi, fo) = (fan_in as f64, fan_out as f64);
        match self {
            Init::Zeros => 0.0,
            Init::Uniform => rng.uniform_in(-0.5, 0.5),
            Init::XavierUniform => {
                let a = (6.0 / (fi + fo)).sqrt();
                rng.uniform_in(-a, a)
            }
            Init::XavierNormal => (2.0 / (fi + fo)).sqrt() * rng.normal(),
            Init::HeNormal => (2.0 / fi).sqrt() * rng.normal(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(init: Init, fan_in: usize, fan_out: usize) -> Vec<f64> {
        let mut rng = Rng::new(3);
        (0..20_000)
            .map(|_| init.draw(fan_in, fan_out, &mut rng))
            .collect()
    }

    fn variance(xs: &[f64]) -> f64 {
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64
    }

    #[test]
    fn schemes_have_their_ranges_and_variances() {
        assert!(sample(Init::Zeros, 8, 8).iter().all(|&w| w == 0.0));
        assert!(sample(Init::Uniform, 8, 8).iter().all(|w| w.abs() <= 0.5));
        let a = (6.0f64 / 16.0).sqrt();
        let xu = sample(Init::XavierUniform, 8, 8);
        assert!(xu.iter().all(|w| w.abs() <= a));
        assert!((variance(&xu) - a * a / 3.0).abs() < 0.01);
        assert!((variance(&sample(Init::XavierNormal, 8, 8)) - 2.0 / 16.0).abs() < 0.01);
        assert!((variance(&sample(Init::HeNormal, 8, 4)) - 2.0 / 8.0).abs() < 0.02);
    }

    #[test]
    fn names_round_trip() {
        for i in Init::ALL {
            assert_eq!(Init::from_name(i.name()), Some(i));
        }
        assert_eq!(Init::from_name("lecun"), None);
    }
}
