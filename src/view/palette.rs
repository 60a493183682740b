//! Colours that stay distinguishable with colour-vision deficiency.
//!
//! Lane colours are the Okabe–Ito palette (Okabe and Ito, 2008). Class colours are the
//! blue/orange pair of the same palette (safe for deuteranopia, protanopia and tritanopia) plus
//! its bluish green for a third class; the heatmap fades each towards white as the network
//! grows unsure, so the decision boundary is the palest line.

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, for CSS.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Linear blend: `t = 0` gives `self`, `t = 1` gives `other`.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let m = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// One colour per race lane (up to six lanes).
pub const LANES: [Rgb; 6] = [
    Rgb(0, 114, 178),   // blue
    Rgb(230, 159, 0),   // orange
    Rgb(0, 158, 115),   // bluish green
    Rgb(204, 121, 167), // reddish purple
    Rgb(86, 180, 233),  // sky blue
    Rgb(213, 94, 0),    // vermillion
];

/// Colour of lane `i`.
pub fn lane(i: usize) -> Rgb {
    LANES[i % LANES.len()]
}

/// Class colours: class 0 orange, class 1 blue, class 2 bluish green.
pub const CLASSES: [Rgb; 3] = [Rgb(230, 140, 0), Rgb(0, 100, 178), Rgb(0, 150, 110)];

/// Colour of class `c`.
pub fn class(c: usize) -> Rgb {
    CLASSES[c % CLASSES.len()]
}

/// The heatmap background: white where the network is unsure.
pub const UNSURE: Rgb = Rgb(250, 250, 250);

/// Heatmap colour of a cell from its class probabilities (`probs` sums to 1; a single value is
/// the probability of class 1 in a two-class problem). Saturation grows with confidence, at most
/// `max_tint` so points drawn on top stay visible.
pub fn heat(probs: &[f64]) -> Rgb {
    const MAX_TINT: f64 = 0.75;
    let (best, p, k) = match probs {
        [p1] => {
            let p1 = if p1.is_finite() {
                p1.clamp(0.0, 1.0)
            } else {
                0.5
            };
            if p1 >= 0.5 {
                (1, p1, 2)
            } else {
                (0, 1.0 - p1, 2)
            }
        }
        _ => {
            let mut best = 0;
            for (i, p) in probs.iter().enumerate() {
                if p > &probs[best] {
                    best = i;
                }
            }
            let p = probs
                .get(best)
                .copied()
                .filter(|p| p.is_finite())
                .unwrap_or(0.0);
            (best, p, probs.len().max(2))
        }
    };
    // Confidence 0 at chance level (1/k), 1 when certain.
    let chance = 1.0 / k as f64;
    let confidence = ((p - chance) / (1.0 - chance)).clamp(0.0, 1.0);
    UNSURE.mix(class(best), MAX_TINT * confidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsure_cells_are_white_and_sure_ones_take_the_class_colour() {
        assert_eq!(heat(&[0.5]), UNSURE);
        assert_eq!(heat(&[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]), UNSURE);
        assert_eq!(heat(&[1.0]), UNSURE.mix(class(1), 0.75));
        assert_eq!(heat(&[0.0]), UNSURE.mix(class(0), 0.75));
        assert_eq!(heat(&[0.0, 0.0, 1.0]), UNSURE.mix(class(2), 0.75));
        // More confident, more colour.
        let dist =
            |c: Rgb| (c.0 as i32 - 250).abs() + (c.1 as i32 - 250).abs() + (c.2 as i32 - 250).abs();
        assert!(dist(heat(&[0.9])) > dist(heat(&[0.6])));
    }

    #[test]
    fn non_finite_probabilities_draw_as_unsure() {
        assert_eq!(heat(&[f64::NAN]), UNSURE);
    }

    #[test]
    fn hex_and_mix() {
        assert_eq!(Rgb(0, 114, 178).hex(), "#0072b2");
        assert_eq!(
            Rgb(0, 0, 0).mix(Rgb(255, 255, 255), 0.5),
            Rgb(128, 128, 128)
        );
    }
}
