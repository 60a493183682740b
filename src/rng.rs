//! The one seedable random generator of the project.
//!
//! Data, initial weights, dropout masks and mini-batch order all draw from [`Rng`], so the same
//! seed gives the same run on every machine. The generator is PCG-64 MCG (O'Neill, 2014) from
//! `rand_pcg`; the conversions to floats below are written out so they never change under us.

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// A seeded pseudo-random generator with the few draws the project needs.
#[derive(Clone, Debug)]
pub struct Rng {
    inner: Pcg64Mcg,
}

impl Rng {
    /// A generator whose whole stream is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            inner: Pcg64Mcg::seed_from_u64(seed),
        }
    }

    /// A fresh seed from the operating system (the browser's `crypto.getRandomValues`).
    /// Only used when the learner asks for a new seed; falls back to 1 if none is available.
    pub fn fresh_seed() -> u64 {
        let mut bytes = [0u8; 8];
        match getrandom::fill(&mut bytes) {
            // Keep seeds short enough to read aloud and to type into a URL.
            Ok(()) => u64::from_le_bytes(bytes) % 1_000_000,
            Err(_) => 1,
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Uniform in `[0, 1)` with 53 bits of precision.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[lo, hi)`.
    pub fn uniform_in(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Standard normal, by the Box–Muller transform (Box and Muller, 1958).
    pub fn normal(&mut self) -> f64 {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * crate::trig::cos(std::f64::consts::TAU * u2)
    }

    /// Uniform integer in `0..n` (`n > 0`), by Lemire's multiply-shift without bias correction;
    /// the bias is below 2^-32 for the sizes used here.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        let (x, n) = (self.next_u64(), n as u64);
        if n >> 32 == 0 {
            // ⌊x·n / 2^64⌋ from two 64-bit products, the same number: WebAssembly has no
            // 64 × 64 → 128-bit multiply, and the library call for one was a visible part of
            // a shuffle.
            let high = (x >> 32) * n;
            let low = (x & 0xffff_ffff) * n;
            ((high + (low >> 32)) >> 32) as usize
        } else {
            ((x as u128 * n as u128) >> 64) as usize
        }
    }

    /// Fisher–Yates shuffle in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// A generator for a sub-task (say, dropout) whose stream depends only on this one's seed
    /// and `stream`, so adding a draw elsewhere does not shift it.
    pub fn fork(seed: u64, stream: u64) -> Self {
        Self::new(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn uniform_and_normal_moments() {
        let mut r = Rng::new(7);
        let n = 200_000;
        let (mut su, mut sn, mut sn2) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let u = r.uniform();
            assert!((0.0..1.0).contains(&u));
            su += u;
            let z = r.normal();
            sn += z;
            sn2 += z * z;
        }
        let n = n as f64;
        assert!((su / n - 0.5).abs() < 0.01);
        assert!((sn / n).abs() < 0.01);
        assert!((sn2 / n - 1.0).abs() < 0.02);
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut r = Rng::new(3);
        let mut v: Vec<usize> = (0..50).collect();
        r.shuffle(&mut v);
        assert_ne!(v, (0..50).collect::<Vec<_>>());
        v.sort();
        assert_eq!(v, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn below_is_the_high_half_of_the_full_product() {
        let mut r = Rng::new(11);
        let mut x = Rng::new(11);
        for k in 0..20_000u64 {
            let n = match k % 4 {
                0 => 1 + k % 700,
                1 => u64::from(u32::MAX) - k % 3,
                2 => 1 << 32,
                _ => u64::MAX - k,
            };
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            let full = ((x.next_u64() as u128 * n as u128) >> 64) as usize;
            assert_eq!(r.below(n), full, "n = {n}");
        }
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::new(9);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            seen[r.below(7)] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
