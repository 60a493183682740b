//! The catalogue of classification datasets, with the names a URL or a menu uses.

/// Which 2-D classification dataset to draw; see [`Dataset::generate`](super::Dataset::generate).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatasetKind {
    /// A disc of class 1 inside a ring of class 0 (TensorFlow Playground's "circle").
    Circle,
    /// Class 1 where `x·y ≥ 0`, class 0 elsewhere (TensorFlow Playground's "exclusive or").
    Xor,
    /// Two Gaussian clouds centred at `(2, 2)` (class 1) and `(-2, -2)` (class 0).
    Gaussians,
    /// Two interleaved spiral arms (TensorFlow Playground's "spiral").
    Spiral,
    /// Three interleaved spiral arms, labels 0, 1, 2.
    Spiral3,
    /// Two interleaving half circles (scikit-learn's `make_moons`).
    Moons,
    /// A 4 × 4 board of alternating squares.
    Checkerboard,
    /// The 8 × 8 handwritten digits ([`super::digits`]): 64 inputs, ten classes, read from a
    /// file (not generated on the plane).
    Digits,
}

impl DatasetKind {
    /// Every dataset, in menu order.
    pub const ALL: [DatasetKind; 8] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gaussians,
        DatasetKind::Spiral,
        DatasetKind::Spiral3,
        DatasetKind::Moons,
        DatasetKind::Checkerboard,
        DatasetKind::Digits,
    ];

    /// The datasets generated on the plane: all but the digits, which come last.
    pub const PLANE: &'static [DatasetKind] = Self::ALL.split_at(Self::ALL.len() - 1).0;

    /// The short lower-case name used in URLs and settings.
    pub fn name(self) -> &'static str {
        match self {
            DatasetKind::Circle => "circle",
            DatasetKind::Xor => "xor",
            DatasetKind::Gaussians => "gaussians",
            DatasetKind::Spiral => "spiral",
            DatasetKind::Spiral3 => "spiral3",
            DatasetKind::Moons => "moons",
            DatasetKind::Checkerboard => "checkerboard",
            DatasetKind::Digits => "digits",
        }
    }

    /// The dataset with this [`name`](Self::name), if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// A human-readable label for a menu.
    pub fn label(self) -> &'static str {
        match self {
            DatasetKind::Circle => "Circle",
            DatasetKind::Xor => "Exclusive or",
            DatasetKind::Gaussians => "Two Gaussians",
            DatasetKind::Spiral => "Spiral",
            DatasetKind::Spiral3 => "Three-arm spiral",
            DatasetKind::Moons => "Moons",
            DatasetKind::Checkerboard => "Checkerboard",
            DatasetKind::Digits => "Handwritten digits (8×8)",
        }
    }

    /// How many classes the dataset has.
    pub fn classes(self) -> usize {
        match self {
            DatasetKind::Spiral3 => 3,
            DatasetKind::Digits => super::digits::CLASSES,
            _ => 2,
        }
    }

    /// Values per point: 2 on the plane, the digits' 64 pixels.
    pub fn dim(self) -> usize {
        match self {
            DatasetKind::Digits => super::digits::PIXELS,
            _ => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_distinct() {
        for k in DatasetKind::ALL {
            assert_eq!(DatasetKind::from_name(k.name()), Some(k));
            assert!(!k.label().is_empty());
        }
        let mut names: Vec<_> = DatasetKind::ALL.iter().map(|k| k.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), DatasetKind::ALL.len());
        assert_eq!(DatasetKind::from_name("nope"), None);
    }

    #[test]
    fn only_the_three_arm_spiral_has_three_classes_on_the_plane() {
        for &k in DatasetKind::PLANE {
            let expected = if k == DatasetKind::Spiral3 { 3 } else { 2 };
            assert_eq!((k.classes(), k.dim()), (expected, 2));
        }
        assert_eq!(
            (DatasetKind::Digits.classes(), DatasetKind::Digits.dim()),
            (10, 64)
        );
    }
}
