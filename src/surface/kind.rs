//! The catalogue of test surfaces, with the names a URL or a menu uses.

/// Which test function a race runs on; see [`Surface::new`](super::Surface::new).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SurfaceKind {
    /// [`Quadratic`](super::Quadratic): an ill-conditioned bowl.
    Quadratic,
    /// [`Rosenbrock`](super::Rosenbrock): a curved valley.
    Rosenbrock,
    /// [`Beale`](super::Beale): plateaus and ridges.
    Beale,
    /// [`Himmelblau`](super::Himmelblau): four minima.
    Himmelblau,
    /// [`Saddle`](super::Saddle): a saddle point between two minima.
    Saddle,
    /// [`Rastrigin`](super::Rastrigin): many local minima.
    Rastrigin,
    /// The linear-regression loss over `(w, b)`, see [`Regression`](crate::data::Regression).
    Regression,
}

impl SurfaceKind {
    /// Every surface, in menu order.
    pub const ALL: [SurfaceKind; 7] = [
        SurfaceKind::Quadratic,
        SurfaceKind::Rosenbrock,
        SurfaceKind::Beale,
        SurfaceKind::Himmelblau,
        SurfaceKind::Saddle,
        SurfaceKind::Rastrigin,
        SurfaceKind::Regression,
    ];

    /// The short lower-case name used in URLs and settings.
    pub fn name(self) -> &'static str {
        match self {
            SurfaceKind::Quadratic => "quadratic",
            SurfaceKind::Rosenbrock => "rosenbrock",
            SurfaceKind::Beale => "beale",
            SurfaceKind::Himmelblau => "himmelblau",
            SurfaceKind::Saddle => "saddle",
            SurfaceKind::Rastrigin => "rastrigin",
            SurfaceKind::Regression => "regression",
        }
    }

    /// The surface with this [`name`](Self::name), if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// A human-readable label for a menu.
    pub fn label(self) -> &'static str {
        match self {
            SurfaceKind::Quadratic => "Elongated bowl",
            SurfaceKind::Rosenbrock => "Rosenbrock valley",
            SurfaceKind::Beale => "Beale",
            SurfaceKind::Himmelblau => "Himmelblau (four minima)",
            SurfaceKind::Saddle => "Saddle point",
            SurfaceKind::Rastrigin => "Rastrigin (many local minima)",
            SurfaceKind::Regression => "Linear regression loss",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_distinct() {
        for k in SurfaceKind::ALL {
            assert_eq!(SurfaceKind::from_name(k.name()), Some(k));
            assert!(!k.label().is_empty());
        }
        let mut names: Vec<_> = SurfaceKind::ALL.iter().map(|k| k.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SurfaceKind::ALL.len());
        assert_eq!(SurfaceKind::from_name("sphere"), None);
    }
}
