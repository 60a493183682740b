//! Colours that stay distinguishable with colour-vision deficiency, and the non-colour cues
//! beside them.
//!
//! Lane colours are the Okabe–Ito palette (Okabe and Ito, 2008). Class colours are its orange,
//! blue and bluish green, the blue and green darkened so the three also differ in lightness
//! alone (greyscale, or a monochromat's eye); the heatmap fades each towards white as the
//! network grows unsure, so the decision boundary is the palest line. Six colours cannot all
//! differ in lightness, so each lane also has a dash pattern ([`DASHES`]) in every chart and a
//! marker ([`MARKERS`]) on the loss landscape, both shown in its card's key ([`key_svg`]). The
//! tests below check the colour distances under simulated protanopia, deuteranopia and
//! tritanopia and in greyscale.

use crate::format::{fixed, plain};

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

/// Class colours: class 0 orange, class 1 blue, class 2 bluish green (lightness L* 66, 34 and
/// 50: apart by more than 15 in greyscale too).
pub const CLASSES: [Rgb; 3] = [Rgb(230, 140, 0), Rgb(0, 80, 155), Rgb(0, 136, 100)];

/// Colour of class `c`.
pub fn class(c: usize) -> Rgb {
    CLASSES[c % CLASSES.len()]
}

/// Each lane's dash pattern: lengths of dash, gap, dash, gap, ... in line widths (empty:
/// solid), so a line drawn `w` pixels wide dashes at `w` times these. Every pattern reads
/// differently at a glance, by the kinds of dash in one period (long, short, dot), and one
/// period fits in a legend's sample ([`KEY_WIDTHS`]). Lanes whose colours are closest in
/// lightness get the most different patterns (lane 1 orange and lane 4 sky blue, nearly the
/// same grey: dashes and dots).
pub const DASHES: [&[f64]; 6] = [
    &[],                             // solid
    &[5.0, 2.5],                     // dashed
    &[6.0, 2.0, 2.5, 2.0],           // long and short dashes
    &[5.0, 1.5, 1.0, 1.5],           // dash and dot
    &[1.0, 1.5],                     // dotted
    &[5.0, 1.5, 1.0, 1.5, 1.0, 1.5], // dash and two dots
];

/// A legend's line sample is this many line widths long: a whole period of every pattern.
pub const KEY_WIDTHS: f64 = 14.0;

/// The dash pattern of lane `i`, in line widths.
pub fn dash(i: usize) -> &'static [f64] {
    DASHES[i % DASHES.len()]
}

/// The dash pattern of lane `i` for a line `width` pixels wide, in pixels.
pub fn dash_px(i: usize, width: f64) -> Vec<f64> {
    dash(i).iter().map(|d| d * width).collect()
}

/// A filled shape that marks a lane's point (its position on the loss landscape).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Cross,
}

/// Each lane's marker, in lane order.
pub const MARKERS: [Marker; 6] = [
    Marker::Circle,
    Marker::Square,
    Marker::TriangleUp,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Cross,
];

/// The marker of lane `i`.
pub fn marker(i: usize) -> Marker {
    MARKERS[i % MARKERS.len()]
}

impl Marker {
    /// The outline of the shape around `(0, 0)` for a marker of radius `r`, y pointing down
    /// (canvas and SVG); empty for the circle, which is drawn as an arc. Sizes are chosen so
    /// the shapes look about as large as a circle of radius `r`.
    pub fn outline(self, r: f64) -> Vec<(f64, f64)> {
        let (s, t, d) = (0.9 * r, 1.3 * r, 1.25 * r);
        match self {
            Marker::Circle => Vec::new(),
            Marker::Square => vec![(-s, -s), (s, -s), (s, s), (-s, s)],
            Marker::TriangleUp => vec![(0.0, -t), (t * 0.95, t * 0.7), (-t * 0.95, t * 0.7)],
            Marker::TriangleDown => vec![(0.0, t), (-t * 0.95, -t * 0.7), (t * 0.95, -t * 0.7)],
            Marker::Diamond => vec![(0.0, -d), (d, 0.0), (0.0, d), (-d, 0.0)],
            Marker::Cross => {
                // A plus sign of arms a third of its span wide.
                let (a, b) = (1.15 * r, 0.4 * r);
                vec![
                    (-b, -a),
                    (b, -a),
                    (b, -b),
                    (a, -b),
                    (a, b),
                    (b, b),
                    (b, a),
                    (-b, a),
                    (-b, b),
                    (-a, b),
                    (-a, -b),
                    (-b, -b),
                ]
            }
        }
    }
}

/// Lane `i`'s key, as its card shows it: the lane's marker, then one period of its dash pattern
/// (at the charts' line width, 2 px), in its colour; decorative (the card names the lane).
pub fn key_svg(i: usize) -> String {
    let color = lane(i).hex();
    let (r, cx, cy) = (4.5, 6.0, 7.0);
    let outline = marker(i).outline(r);
    let shape = if outline.is_empty() {
        r#"<circle cx="6" cy="7" r="4.5"/>"#.to_string()
    } else {
        let points: Vec<String> = outline
            .iter()
            .map(|(x, y)| format!("{},{}", fixed(cx + x, 1), fixed(cy + y, 1)))
            .collect();
        format!(r#"<polygon points="{}"/>"#, points.join(" "))
    };
    let dashes: Vec<String> = dash_px(i, 2.0).iter().map(|&d| plain(d)).collect();
    format!(
        r#"<svg class="key" width="42" height="14" viewBox="0 0 42 14" aria-hidden="true" focusable="false" fill="{color}" stroke="{color}">{shape}<line x1="14" y1="7" x2="{x2}" y2="7" stroke-width="2" stroke-dasharray="{dashes}"/></svg>"#,
        x2 = plain(14.0 + 2.0 * KEY_WIDTHS),
        dashes = if dashes.is_empty() {
            "none".into()
        } else {
            dashes.join(" ")
        },
    )
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

    /// The kinds of dash in one period of a pattern: a dot (at most 1.2 line widths), a short
    /// dash (at most 3) or a long one.
    fn rhythm(pattern: &[f64]) -> Vec<char> {
        pattern
            .iter()
            .step_by(2)
            .map(|&on| match on {
                x if x <= 1.2 => '.',
                x if x <= 3.0 => '-',
                _ => '=',
            })
            .collect()
    }

    #[test]
    fn every_lane_has_its_own_dash_rhythm_and_marker() {
        let mut seen = Vec::new();
        for (i, pattern) in DASHES.iter().enumerate() {
            assert!(pattern.len() % 2 == 0, "lane {i}: dash and gap pairs");
            assert!(
                pattern.iter().all(|&d| d >= 1.0),
                "lane {i}: a dash or gap under a line width blurs"
            );
            let period: f64 = pattern.iter().sum();
            assert!(
                period <= KEY_WIDTHS,
                "lane {i}: a legend shows a whole period"
            );
            // Two patterns with the same dashes in another order (or repeated) read alike.
            let mut kinds = rhythm(pattern);
            kinds.sort();
            assert!(
                !seen.contains(&kinds),
                "lane {i} dashes like another lane: {kinds:?}"
            );
            seen.push(kinds);
        }
        assert_eq!(DASHES.len(), crate::state::MAX_LANES);
        assert_eq!(MARKERS.len(), crate::state::MAX_LANES);
        for (i, a) in MARKERS.iter().enumerate() {
            assert!(
                MARKERS[i + 1..].iter().all(|b| a != b),
                "marker {a:?} twice"
            );
            let outline = a.outline(5.0);
            assert!(outline
                .iter()
                .all(|&(x, y)| x.abs() <= 6.5 && y.abs() <= 6.5));
        }
        assert_eq!(dash_px(1, 2.0), [10.0, 5.0]);
        assert!(dash_px(0, 2.0).is_empty());
    }

    // Colour-vision deficiency, simulated as Machado, Oliveira and Fernandes (2009) do at full
    // severity: a 3x3 matrix on linear RGB. Distances are CIE76 ΔE in CIELAB (D65); about 2 is
    // the least a person notices side by side, and palette tools ask 15 to 20 of colours that
    // must tell things apart in a chart.
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const TRITANOPIA: [[f64; 3]; 3] = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];
    const TYPICAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    const VISIONS: [(&str, [[f64; 3]; 3]); 4] = [
        ("typical vision", TYPICAL),
        ("protanopia", PROTANOPIA),
        ("deuteranopia", DEUTERANOPIA),
        ("tritanopia", TRITANOPIA),
    ];

    fn linear(c: u8) -> f64 {
        let c = c as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    /// CIELAB of `c` as an eye with `vision` sees it.
    fn lab(c: Rgb, vision: &[[f64; 3]; 3]) -> [f64; 3] {
        let l = [linear(c.0), linear(c.1), linear(c.2)];
        let [r, g, b] =
            vision.map(|row| (row[0] * l[0] + row[1] * l[1] + row[2] * l[2]).clamp(0.0, 1.0));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            const D: f64 = 6.0 / 29.0;
            if t > D * D * D {
                t.cbrt()
            } else {
                t / (3.0 * D * D) + 4.0 / 29.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    /// The closest pair of `colours` as `vision` sees them: (ΔE, i, j).
    fn closest(colours: &[Rgb], vision: &[[f64; 3]; 3]) -> (f64, usize, usize) {
        let mut best = (f64::INFINITY, 0, 0);
        for i in 0..colours.len() {
            for j in i + 1..colours.len() {
                let d = delta_e(lab(colours[i], vision), lab(colours[j], vision));
                if d < best.0 {
                    best = (d, i, j);
                }
            }
        }
        best
    }

    #[test]
    fn simulation_matches_known_values() {
        // White stays white and black black under every simulation; pure red, to a protanope,
        // loses most of its lightness and looks a dark olive.
        for (name, v) in VISIONS {
            assert!(
                delta_e(lab(Rgb(255, 255, 255), &v), [100.0, 0.0, 0.0]) < 0.5,
                "{name}"
            );
            assert!(lab(Rgb(0, 0, 0), &v)[0].abs() < 1e-9, "{name}");
        }
        let red = lab(Rgb(255, 0, 0), &PROTANOPIA);
        assert!(
            red[0] < 45.0 && red[1].abs() < 15.0 && red[2] > 30.0,
            "{red:?}"
        );
        // The textbook confusion: red and green nearly merge for protanopes and deuteranopes.
        let (red, green) = (Rgb(213, 94, 0), Rgb(90, 150, 0));
        for v in [PROTANOPIA, DEUTERANOPIA] {
            assert!(delta_e(lab(red, &v), lab(green, &v)) < 15.0);
        }
        assert!(delta_e(lab(red, &TYPICAL), lab(green, &TYPICAL)) > 50.0);
    }

    #[test]
    fn lanes_stay_apart_under_every_colour_vision_deficiency() {
        // Okabe–Ito's closest pairs: sky blue and reddish purple for protanopes (ΔE 21), green
        // and purple for deuteranopes (18), green and sky blue for tritanopes (16).
        for (name, v) in VISIONS {
            let (d, i, j) = closest(&LANES, &v);
            assert!(
                d >= 15.0,
                "{name}: lanes {i} and {j} are only ΔE {d:.1} apart"
            );
        }
    }

    #[test]
    fn classes_stay_apart_under_every_colour_vision_deficiency_and_in_greyscale() {
        for (name, v) in VISIONS {
            let (d, i, j) = closest(&CLASSES, &v);
            assert!(
                d >= 20.0,
                "{name}: classes {i} and {j} are only ΔE {d:.1} apart"
            );
        }
        // Lightness alone (greyscale, a monochromat, a black-and-white printout).
        let l: Vec<f64> = CLASSES.iter().map(|&c| lab(c, &TYPICAL)[0]).collect();
        for i in 0..l.len() {
            for j in i + 1..l.len() {
                let d = (l[i] - l[j]).abs();
                assert!(
                    d >= 15.0,
                    "classes {i} and {j} differ by L* {d:.1} in greyscale"
                );
            }
        }
    }

    #[test]
    fn lanes_alike_in_greyscale_differ_by_dash_and_marker() {
        // Six colours cannot all differ in lightness: orange and sky blue are one grey (L* 71
        // and 70). Every pair closer than 15 in L* needs dash patterns of different rhythm and
        // different markers; the rhythm test above makes every pair differ, this names why.
        let l: Vec<f64> = LANES.iter().map(|&c| lab(c, &TYPICAL)[0]).collect();
        let mut alike = 0;
        for i in 0..l.len() {
            for j in i + 1..l.len() {
                if (l[i] - l[j]).abs() < 15.0 {
                    alike += 1;
                    let (mut a, mut b) = (rhythm(dash(i)), rhythm(dash(j)));
                    a.sort();
                    b.sort();
                    assert_ne!(a, b, "lanes {i} and {j}: one grey and one dash");
                    assert_ne!(marker(i), marker(j));
                }
            }
        }
        assert!(
            alike > 0,
            "the lanes now differ in lightness alone; update the doc"
        );
    }

    #[test]
    fn the_key_shows_marker_and_dashes_in_the_lane_colour() {
        let key = key_svg(1);
        assert!(key.contains(r##"fill="#e69f00""##), "{key}");
        assert!(key.contains(r#"<polygon points="#) && key.contains(r#"stroke-dasharray="10 5""#));
        assert!(
            key_svg(0).contains("<circle") && key_svg(0).contains(r#"stroke-dasharray="none""#)
        );
        assert!(key.contains(r#"aria-hidden="true""#));
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
