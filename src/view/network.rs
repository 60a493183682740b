//! Layout of the network diagram: neurons in columns, one edge per weight, and which weight a
//! click is on. Plain geometry, so the page only paints it.

use crate::nn::MlpSpec;

/// Where one neuron sits (its small heatmap tile is centred there).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node {
    pub x: f64,
    pub y: f64,
    /// Column: 0 for the inputs, then one per layer.
    pub column: usize,
    pub unit: usize,
}

/// One weight drawn as a line between two neurons.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub from: (f64, f64),
    pub to: (f64, f64),
    /// Index of the weight in the flat parameter vector.
    pub index: usize,
    /// Layer of the weight (0 = first `Linear`), target unit and source unit.
    pub layer: usize,
    pub to_unit: usize,
    pub from_unit: usize,
}

/// The diagram of a network on a `width x height` canvas.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagram {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Side of each neuron's tile, in pixels.
    pub tile: f64,
}

impl Diagram {
    pub fn new(spec: &MlpSpec, width: f64, height: f64) -> Diagram {
        let columns = spec.sizes.len();
        let tallest = spec.sizes.iter().copied().max().unwrap_or(1) as f64;
        let margin = 12.0;
        let tile = ((height - 2.0 * margin) / tallest * 0.7)
            .min((width - 2.0 * margin) / columns as f64 * 0.45)
            .clamp(4.0, 36.0);
        let x_of = |c: usize| {
            if columns < 2 {
                width / 2.0
            } else {
                margin
                    + tile / 2.0
                    + (width - 2.0 * margin - tile) * c as f64 / (columns - 1) as f64
            }
        };
        let y_of = |unit: usize, count: usize| {
            let gap = (height - 2.0 * margin) / count as f64;
            margin + gap * (unit as f64 + 0.5)
        };
        let mut nodes = Vec::new();
        for (column, &count) in spec.sizes.iter().enumerate() {
            for unit in 0..count {
                nodes.push(Node {
                    x: x_of(column),
                    y: y_of(unit, count),
                    column,
                    unit,
                });
            }
        }
        let mut edges = Vec::new();
        for layer in 0..columns.saturating_sub(1) {
            let (ins, outs) = (spec.sizes[layer], spec.sizes[layer + 1]);
            for to_unit in 0..outs {
                for from_unit in 0..ins {
                    edges.push(Edge {
                        from: (x_of(layer), y_of(from_unit, ins)),
                        to: (x_of(layer + 1), y_of(to_unit, outs)),
                        index: spec.weight_index(layer, to_unit, from_unit),
                        layer,
                        to_unit,
                        from_unit,
                    });
                }
            }
        }
        Diagram { nodes, edges, tile }
    }

    /// The edge nearest to `(x, y)` within `reach` pixels, outside the neuron tiles.
    pub fn edge_at(&self, x: f64, y: f64, reach: f64) -> Option<&Edge> {
        let mut best: Option<(&Edge, f64)> = None;
        for e in &self.edges {
            let d = distance_to_segment((x, y), e.from, e.to);
            if d <= reach && best.is_none_or(|(_, bd)| d < bd) {
                best = Some((e, d));
            }
        }
        best.map(|(e, _)| e)
    }
}

fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Loss;

    fn spec() -> MlpSpec {
        MlpSpec::new(&[2, 3, 1], Loss::BceWithLogits)
    }

    #[test]
    fn one_node_per_neuron_and_one_edge_per_weight() {
        let d = Diagram::new(&spec(), 560.0, 300.0);
        assert_eq!(d.nodes.len(), 6);
        assert_eq!(d.edges.len(), 2 * 3 + 3);
        let mut indices: Vec<usize> = d.edges.iter().map(|e| e.index).collect();
        indices.sort();
        indices.dedup();
        assert_eq!(indices.len(), 9, "each weight once");
        assert!(d
            .nodes
            .iter()
            .all(|n| n.x > 0.0 && n.x < 560.0 && n.y > 0.0 && n.y < 300.0));
    }

    #[test]
    fn a_click_on_an_edge_finds_its_weight() {
        let d = Diagram::new(&spec(), 560.0, 300.0);
        let e = d.edges[4];
        let mid = ((e.from.0 + e.to.0) / 2.0, (e.from.1 + e.to.1) / 2.0);
        assert_eq!(d.edge_at(mid.0, mid.1, 6.0).map(|f| f.index), Some(e.index));
        assert_eq!(d.edge_at(-100.0, -100.0, 6.0), None);
    }
}
