//! Layout of the network diagram: neurons in columns, one edge per weight, which weight a
//! click is on, where the keyboard's focus goes from an edge and how an edge is read out. Plain
//! geometry, so the page only paints it.

use crate::i18n::{self, Lang};
use crate::nn::MlpSpec;
use crate::view::cursor::Move;

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

    /// Columns of neurons, the inputs' included.
    pub fn columns(&self) -> usize {
        self.nodes.iter().map(|n| n.column + 1).max().unwrap_or(0)
    }

    /// The edge of weight `index`, if the diagram draws it.
    pub fn edge_of(&self, index: usize) -> Option<&Edge> {
        self.edges.iter().find(|e| e.index == index)
    }

    /// The weight the keyboard's focus moves to from the edge of weight `from` (from the first
    /// edge when there is none, or it is not drawn): Up and Down to the previous and next edge
    /// of the layer, Home and End to its first and last, Page Up and Page Down to the same
    /// source in the previous and next target unit; Right goes on along the path (to an edge
    /// leaving the unit this one enters), Left back (to one entering the unit this one leaves).
    /// Edges run by layer, then target unit, then source unit.
    pub fn next_edge(&self, from: Option<usize>, mv: Move) -> Option<usize> {
        let Some(at) = from.and_then(|f| self.edges.iter().position(|e| e.index == f)) else {
            return self.edges.first().map(|e| e.index);
        };
        let e = self.edges[at];
        let layer: Vec<usize> = (0..self.edges.len())
            .filter(|&k| self.edges[k].layer == e.layer)
            .collect();
        let (first, last) = (layer[0], layer[layer.len() - 1]);
        let find = |layer: usize, to: usize, from: usize| {
            self.edges
                .iter()
                .position(|x| x.layer == layer && x.to_unit == to && x.from_unit == from)
        };
        // Units of a layer's source and target sides, from its own edges.
        let sides = |layer: usize| {
            self.edges
                .iter()
                .filter(|x| x.layer == layer)
                .fold((0, 0), |(ins, outs), x| {
                    (ins.max(x.from_unit + 1), outs.max(x.to_unit + 1))
                })
        };
        let target = match mv {
            Move::Up => Some(at.saturating_sub(1).max(first)),
            Move::Down => Some((at + 1).min(last)),
            Move::Home => Some(first),
            Move::End => Some(last),
            Move::PageUp => find(e.layer, e.to_unit.saturating_sub(1), e.from_unit),
            Move::PageDown => find(e.layer, e.to_unit + 1, e.from_unit),
            Move::Right => {
                let (_, outs) = sides(e.layer + 1);
                find(
                    e.layer + 1,
                    e.to_unit.min(outs.saturating_sub(1)),
                    e.to_unit,
                )
            }
            Move::Left => e.layer.checked_sub(1).and_then(|l| {
                let (ins, _) = sides(l);
                find(l, e.from_unit, e.from_unit.min(ins.saturating_sub(1)))
            }),
        };
        Some(self.edges[target.unwrap_or(at)].index)
    }
}

/// A neuron as a learner reads it: `input x1`, `unit 3 of hidden layer 1`, `output 1`.
fn unit_words(lang: Lang, column: usize, unit: usize, columns: usize) -> String {
    let n = (unit + 1).to_string();
    if column == 0 {
        i18n::fill(i18n::t(lang, "kbd.input"), &[&n])
    } else if column + 1 == columns {
        i18n::fill(i18n::t(lang, "kbd.output"), &[&n])
    } else {
        i18n::fill(i18n::t(lang, "kbd.hidden"), &[&n, &column.to_string()])
    }
}

/// What an edge is, in `lang`: `weight from input x1 to unit 3 of hidden layer 1` (`columns`:
/// the network's layers of neurons, the inputs included). Numbers as `lang` writes them.
pub fn edge_words(lang: Lang, e: &Edge, columns: usize) -> String {
    let text = i18n::fill(
        i18n::t(lang, "kbd.weight"),
        &[
            &unit_words(lang, e.layer, e.from_unit, columns),
            &unit_words(lang, e.layer + 1, e.to_unit, columns),
        ],
    );
    i18n::numerals(lang, &text)
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

    #[test]
    fn the_keyboard_walks_a_layer_and_follows_paths_across_layers() {
        let d = Diagram::new(&spec(), 560.0, 300.0);
        let edge = |index: usize| *d.edge_of(index).unwrap();
        let first = d.next_edge(None, Move::Down).unwrap();
        assert_eq!(first, d.edges[0].index, "focus starts on the first edge");
        assert_eq!(d.next_edge(Some(usize::MAX), Move::Up), Some(first));
        // Up and Down within the layer; its ends hold.
        assert_eq!(d.next_edge(Some(first), Move::Up), Some(first));
        let second = d.next_edge(Some(first), Move::Down).unwrap();
        assert_eq!(second, d.edges[1].index);
        let end = d.next_edge(Some(first), Move::End).unwrap();
        assert_eq!(end, d.edges[5].index, "the last of the 2 x 3 first layer");
        assert_eq!(d.next_edge(Some(end), Move::Down), Some(end));
        assert_eq!(d.next_edge(Some(end), Move::Home), Some(first));
        // Page Down: the next target unit, same source.
        let down = edge(d.next_edge(Some(second), Move::PageDown).unwrap());
        assert_eq!((down.layer, down.to_unit, down.from_unit), (0, 1, 1));
        // Right leaves the unit the edge enters; Left comes back into it.
        let e = edge(second);
        let right = edge(d.next_edge(Some(second), Move::Right).unwrap());
        assert_eq!((right.layer, right.from_unit), (1, e.to_unit));
        let left = edge(d.next_edge(Some(right.index), Move::Left).unwrap());
        assert_eq!((left.layer, left.to_unit), (0, right.from_unit));
        // The last layer has nowhere further right; the first nowhere left.
        assert_eq!(
            d.next_edge(Some(right.index), Move::Right),
            Some(right.index)
        );
        assert_eq!(d.next_edge(Some(first), Move::Left), Some(first));
    }

    #[test]
    fn an_edge_reads_as_its_two_neurons() {
        let d = Diagram::new(&spec(), 560.0, 300.0);
        assert_eq!(
            edge_words(Lang::En, &d.edges[1], d.columns()),
            "weight from input x2 to unit 1 of hidden layer 1"
        );
        assert_eq!(
            edge_words(Lang::En, &d.edges[6], 3),
            "weight from unit 1 of hidden layer 1 to output 1"
        );
        crate::i18n::install_both();
        let fa = edge_words(Lang::Fa, &d.edges[1], 3);
        assert!(fa.contains('۲') && !fa.contains('2'), "{fa}");
    }
}
