//! The hidden layer's view of the plane (ConvNetJS's classify2d): a grid of lines over the
//! input plane and the data, each point carried through the network to one hidden layer and
//! drawn at the outputs of two of its units. Training bends the grid until a straight line
//! separates the classes there, which is all the layers after it can draw.

use crate::data::{Dataset, BOX};
use crate::nn::Mlp;

/// Lines of the grid in each direction, and points along each.
pub const LINES: usize = 13;
pub const SAMPLES: usize = 41;

/// The plane as hidden layer `layer` sees it through units `units`.
#[derive(Clone, Debug, PartialEq)]
pub struct HiddenSpace {
    /// The grid's lines, vertical ones first, as points in the units' plane.
    pub lines: Vec<Vec<(f64, f64)>>,
    /// Each data point there, with its class.
    pub points: Vec<(f64, f64, usize)>,
    /// `(x min, x max, y min, y max)` of all of it (a finite box, never empty).
    pub bounds: (f64, f64, f64, f64),
}

/// Carries the grid and `data` through `net` to hidden layer `layer` (1 is the first) and
/// reads units `a` and `b` there (0-based). Says why when the layer cannot be drawn: there is
/// no such hidden layer, it has one unit, or a unit is out of its range.
pub fn hidden_space(
    net: &mut Mlp,
    layer: usize,
    (a, b): (usize, usize),
    data: &Dataset,
) -> Result<HiddenSpace, String> {
    let sizes = net.spec().sizes.clone();
    let hidden = sizes.len().saturating_sub(2);
    if hidden == 0 {
        return Err("the network has no hidden layer to look inside".into());
    }
    if layer == 0 || layer > hidden {
        return Err(format!("there is no hidden layer {layer}"));
    }
    let width = sizes[layer];
    if width < 2 {
        return Err(format!(
            "hidden layer {layer} has one unit: a plane needs two"
        ));
    }
    if a >= width || b >= width || a == b {
        return Err(format!(
            "pick two different units of hidden layer {layer}, from 1 to {width}"
        ));
    }
    if sizes[0] != 2 {
        return Err("only a network on the plane's points has a plane to carry".into());
    }
    // Every input: the grid's points, then the data's.
    let mut inputs = Vec::with_capacity(2 * (2 * LINES * SAMPLES + data.len()));
    let at = |k: usize, n: usize| -BOX + 2.0 * BOX * k as f64 / (n - 1) as f64;
    for vertical in [true, false] {
        for l in 0..LINES {
            for s in 0..SAMPLES {
                let (u, v) = (at(l, LINES), at(s, SAMPLES));
                inputs.extend_from_slice(&if vertical { [u, v] } else { [v, u] });
            }
        }
    }
    for i in 0..data.len() {
        inputs.extend_from_slice(&data.row(i)[..2]);
    }
    let n = inputs.len() / 2;
    let mut out = vec![0.0; n * net.neuron_count()];
    net.neuron_outputs(&inputs, &mut out);
    // Neurons are numbered layer by layer, the first hidden layer's first.
    let first = sizes[1..layer].iter().sum::<usize>();
    let (xa, xb) = ((first + a) * n, (first + b) * n);
    let point = |r: usize| (out[xa + r], out[xb + r]);
    let lines: Vec<Vec<(f64, f64)>> = (0..2 * LINES)
        .map(|l| (0..SAMPLES).map(|s| point(l * SAMPLES + s)).collect())
        .collect();
    let base = 2 * LINES * SAMPLES;
    let points: Vec<(f64, f64, usize)> = (0..data.len())
        .map(|i| {
            let (x, y) = point(base + i);
            (x, y, data.labels[i])
        })
        .collect();
    let mut bounds = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    let all = lines
        .iter()
        .flatten()
        .copied()
        .chain(points.iter().map(|p| (p.0, p.1)));
    for (x, y) in all.filter(|(x, y)| x.is_finite() && y.is_finite()) {
        bounds = (
            bounds.0.min(x),
            bounds.1.max(x),
            bounds.2.min(y),
            bounds.3.max(y),
        );
    }
    if !bounds.0.is_finite() {
        return Err("the lane's outputs there are not numbers (it diverged)".into());
    }
    // Never a flat box: a dead unit's axis still has some width.
    let widen = |lo: f64, hi: f64| {
        let pad = ((hi - lo) * 0.05).max(1e-6);
        (lo - pad, hi + pad)
    };
    let ((x0, x1), (y0, y1)) = (widen(bounds.0, bounds.1), widen(bounds.2, bounds.3));
    Ok(HiddenSpace {
        lines,
        points,
        bounds: (x0, x1, y0, y1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetKind;
    use crate::nn::{Loss, MlpSpec};
    use crate::rng::Rng;

    fn net(sizes: &[usize]) -> Mlp {
        Mlp::new(MlpSpec::new(sizes, Loss::BceWithLogits), &mut Rng::new(3)).unwrap()
    }

    #[test]
    fn the_grid_and_the_points_land_where_the_units_put_them() {
        let mut rng = Rng::new(1);
        let data = Dataset::generate(DatasetKind::Circle, 50, 0.0, &mut rng);
        let mut m = net(&[2, 4, 3, 1]);
        let space = hidden_space(&mut m, 2, (0, 2), &data).unwrap();
        assert_eq!(space.lines.len(), 2 * LINES);
        assert!(space.lines.iter().all(|l| l.len() == SAMPLES));
        assert_eq!(space.points.len(), 50);
        // The first data point, carried by hand: its outputs of units 0 and 2 of layer 2.
        let mut out = vec![0.0; m.neuron_count()];
        m.neuron_outputs(&data.row(0)[..2], &mut out);
        assert_eq!((space.points[0].0, space.points[0].1), (out[4], out[6]));
        assert_eq!(space.points[0].2, data.labels[0]);
        // tanh units: inside [-1, 1], with a margin around the box.
        let (x0, x1, y0, y1) = space.bounds;
        assert!(x0 < x1 && y0 < y1 && x0 >= -1.2 && x1 <= 1.2);
    }

    #[test]
    fn a_layer_that_cannot_be_drawn_says_why() {
        let data = Dataset::new(2);
        let why = |sizes: &[usize], layer, units| {
            hidden_space(&mut net(sizes), layer, units, &data).unwrap_err()
        };
        assert_eq!(
            why(&[2, 1], 1, (0, 1)),
            "the network has no hidden layer to look inside"
        );
        assert_eq!(
            why(&[2, 1, 4, 1], 1, (0, 1)),
            "hidden layer 1 has one unit: a plane needs two"
        );
        assert_eq!(why(&[2, 3, 1], 2, (0, 1)), "there is no hidden layer 2");
        assert_eq!(
            why(&[2, 3, 1], 1, (0, 3)),
            "pick two different units of hidden layer 1, from 1 to 3"
        );
        assert_eq!(
            why(&[2, 3, 1], 1, (1, 1)),
            "pick two different units of hidden layer 1, from 1 to 3"
        );
    }
}
