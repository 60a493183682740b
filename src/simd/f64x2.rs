//! Two `f64` lanes: WebAssembly's `v128` as `f64x2`, SSE2's `__m128d`, or a plain pair.

#[cfg(target_arch = "wasm32")]
use core::arch::wasm32 as arch;
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64 as arch;

/// Two `f64` lanes.
#[derive(Clone, Copy)]
pub struct F64x2(Repr);

#[cfg(target_arch = "wasm32")]
type Repr = arch::v128;
#[cfg(target_arch = "x86_64")]
type Repr = arch::__m128d;
#[cfg(not(any(target_arch = "wasm32", target_arch = "x86_64")))]
type Repr = [f64; 2];

// One definition per operation and architecture; every lane operation is the IEEE one.
#[cfg(target_arch = "wasm32")]
impl F64x2 {
    #[inline(always)]
    pub fn splat(v: f64) -> F64x2 {
        F64x2(arch::f64x2_splat(v))
    }
    #[inline(always)]
    pub fn load(s: &[f64; 2]) -> F64x2 {
        // SAFETY: `s` is two readable f64; v128_load needs no alignment.
        F64x2(unsafe { arch::v128_load(s.as_ptr().cast()) })
    }
    #[inline(always)]
    pub fn store(self, s: &mut [f64; 2]) {
        // SAFETY: `s` is two writable f64; no alignment needed.
        unsafe { arch::v128_store(s.as_mut_ptr().cast(), self.0) }
    }
    #[inline(always)]
    pub fn plus(self, o: F64x2) -> F64x2 {
        F64x2(arch::f64x2_add(self.0, o.0))
    }
    #[inline(always)]
    pub fn minus(self, o: F64x2) -> F64x2 {
        F64x2(arch::f64x2_sub(self.0, o.0))
    }
    #[inline(always)]
    pub fn times(self, o: F64x2) -> F64x2 {
        F64x2(arch::f64x2_mul(self.0, o.0))
    }
    #[inline(always)]
    pub fn over(self, o: F64x2) -> F64x2 {
        F64x2(arch::f64x2_div(self.0, o.0))
    }
    #[inline(always)]
    pub fn sqrt(self) -> F64x2 {
        F64x2(arch::f64x2_sqrt(self.0))
    }
    /// `self` limited to `[−limit, limit]`; NaN stays NaN (one instruction each way: the
    /// "pseudo" min and max are `b < a ? b : a` and `a < b ? b : a`).
    #[inline(always)]
    pub(super) fn clamp_to(self, limit: f64) -> F64x2 {
        let below = arch::f64x2_pmin(self.0, arch::f64x2_splat(limit));
        F64x2(arch::f64x2_pmax(below, arch::f64x2_splat(-limit)))
    }
    /// Low 32 bits of each lane's bit pattern, as signed integers.
    #[inline(always)]
    pub(super) fn low_words(self) -> [i32; 2] {
        [
            arch::i64x2_extract_lane::<0>(self.0) as i32,
            arch::i64x2_extract_lane::<1>(self.0) as i32,
        ]
    }
    /// Lanes whose bit patterns are `(bits(self) & mask) << 47` plus `add` (wrapping).
    #[inline(always)]
    pub(super) fn mask_shl47_add(self, mask: u64, add: u64) -> F64x2 {
        let m = arch::v128_and(self.0, arch::u64x2_splat(mask));
        F64x2(arch::i64x2_add(
            arch::i64x2_shl(m, 47),
            arch::u64x2_splat(add),
        ))
    }
    /// `(a[0], b[0])` and `(a[1], b[1])`.
    #[inline(always)]
    pub(super) fn unzip(a: F64x2, b: F64x2) -> (F64x2, F64x2) {
        (
            F64x2(arch::i64x2_shuffle::<0, 2>(a.0, b.0)),
            F64x2(arch::i64x2_shuffle::<1, 3>(a.0, b.0)),
        )
    }
}

// SAFETY (every `unsafe` below): SSE2 is part of the x86_64 baseline, so its intrinsics are
// always available; loads and stores are unaligned ones of two checked values.
#[cfg(target_arch = "x86_64")]
impl F64x2 {
    #[inline(always)]
    pub fn splat(v: f64) -> F64x2 {
        F64x2(unsafe { arch::_mm_set1_pd(v) })
    }
    #[inline(always)]
    pub fn load(s: &[f64; 2]) -> F64x2 {
        F64x2(unsafe { arch::_mm_loadu_pd(s.as_ptr()) })
    }
    #[inline(always)]
    pub fn store(self, s: &mut [f64; 2]) {
        unsafe { arch::_mm_storeu_pd(s.as_mut_ptr(), self.0) }
    }
    #[inline(always)]
    pub fn plus(self, o: F64x2) -> F64x2 {
        F64x2(unsafe { arch::_mm_add_pd(self.0, o.0) })
    }
    #[inline(always)]
    pub fn minus(self, o: F64x2) -> F64x2 {
        F64x2(unsafe { arch::_mm_sub_pd(self.0, o.0) })
    }
    #[inline(always)]
    pub fn times(self, o: F64x2) -> F64x2 {
        F64x2(unsafe { arch::_mm_mul_pd(self.0, o.0) })
    }
    #[inline(always)]
    pub fn over(self, o: F64x2) -> F64x2 {
        F64x2(unsafe { arch::_mm_div_pd(self.0, o.0) })
    }
    #[inline(always)]
    pub fn sqrt(self) -> F64x2 {
        F64x2(unsafe { arch::_mm_sqrt_pd(self.0) })
    }
    #[inline(always)]
    pub(super) fn clamp_to(self, limit: f64) -> F64x2 {
        // minpd/maxpd return their second operand when either is NaN.
        unsafe {
            let below = arch::_mm_min_pd(arch::_mm_set1_pd(limit), self.0);
            F64x2(arch::_mm_max_pd(arch::_mm_set1_pd(-limit), below))
        }
    }
    #[inline(always)]
    pub(super) fn low_words(self) -> [i32; 2] {
        unsafe {
            let bits = arch::_mm_castpd_si128(self.0);
            [
                arch::_mm_cvtsi128_si32(bits),
                arch::_mm_cvtsi128_si32(arch::_mm_unpackhi_epi64(bits, bits)),
            ]
        }
    }
    #[inline(always)]
    pub(super) fn mask_shl47_add(self, mask: u64, add: u64) -> F64x2 {
        unsafe {
            let m = arch::_mm_and_si128(
                arch::_mm_castpd_si128(self.0),
                arch::_mm_set1_epi64x(mask as i64),
            );
            F64x2(arch::_mm_castsi128_pd(arch::_mm_add_epi64(
                arch::_mm_slli_epi64::<47>(m),
                arch::_mm_set1_epi64x(add as i64),
            )))
        }
    }
    #[inline(always)]
    pub(super) fn unzip(a: F64x2, b: F64x2) -> (F64x2, F64x2) {
        unsafe {
            (
                F64x2(arch::_mm_unpacklo_pd(a.0, b.0)),
                F64x2(arch::_mm_unpackhi_pd(a.0, b.0)),
            )
        }
    }
}

#[cfg(not(any(target_arch = "wasm32", target_arch = "x86_64")))]
impl F64x2 {
    #[inline(always)]
    pub fn splat(v: f64) -> F64x2 {
        F64x2([v, v])
    }
    #[inline(always)]
    pub fn load(s: &[f64; 2]) -> F64x2 {
        F64x2(*s)
    }
    #[inline(always)]
    pub fn store(self, s: &mut [f64; 2]) {
        *s = self.0;
    }
    #[inline(always)]
    pub fn plus(self, o: F64x2) -> F64x2 {
        F64x2([self.0[0] + o.0[0], self.0[1] + o.0[1]])
    }
    #[inline(always)]
    pub fn minus(self, o: F64x2) -> F64x2 {
        F64x2([self.0[0] - o.0[0], self.0[1] - o.0[1]])
    }
    #[inline(always)]
    pub fn times(self, o: F64x2) -> F64x2 {
        F64x2([self.0[0] * o.0[0], self.0[1] * o.0[1]])
    }
    #[inline(always)]
    pub fn over(self, o: F64x2) -> F64x2 {
        F64x2([self.0[0] / o.0[0], self.0[1] / o.0[1]])
    }
    #[inline(always)]
    pub fn sqrt(self) -> F64x2 {
        F64x2([self.0[0].sqrt(), self.0[1].sqrt()])
    }
    #[inline(always)]
    pub(super) fn clamp_to(self, limit: f64) -> F64x2 {
        F64x2([
            self.0[0].clamp(-limit, limit),
            self.0[1].clamp(-limit, limit),
        ])
    }
    #[inline(always)]
    pub(super) fn low_words(self) -> [i32; 2] {
        [self.0[0].to_bits() as i32, self.0[1].to_bits() as i32]
    }
    #[inline(always)]
    pub(super) fn mask_shl47_add(self, mask: u64, add: u64) -> F64x2 {
        let lane = |x: f64| f64::from_bits(((x.to_bits() & mask) << 47).wrapping_add(add));
        F64x2([lane(self.0[0]), lane(self.0[1])])
    }
    #[inline(always)]
    pub(super) fn unzip(a: F64x2, b: F64x2) -> (F64x2, F64x2) {
        (F64x2([a.0[0], b.0[0]]), F64x2([a.0[1], b.0[1]]))
    }
}
