//! Four `f32` lanes: WebAssembly's `v128` as `f32x4`, SSE2's `__m128`, or a plain array.

#[cfg(target_arch = "wasm32")]
use core::arch::wasm32 as arch;
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64 as arch;

/// Four `f32` lanes, for pictures: heatmaps need a few correct digits, not sixteen.
#[derive(Clone, Copy)]
pub struct F32x4(Repr);

#[cfg(target_arch = "wasm32")]
type Repr = arch::v128;
#[cfg(target_arch = "x86_64")]
type Repr = arch::__m128;
#[cfg(not(any(target_arch = "wasm32", target_arch = "x86_64")))]
type Repr = [f32; 4];

// One definition per operation and architecture; every lane operation is the IEEE one.
#[cfg(target_arch = "wasm32")]
impl F32x4 {
    #[inline(always)]
    pub fn splat(v: f32) -> F32x4 {
        F32x4(arch::f32x4_splat(v))
    }
    #[inline(always)]
    pub fn load(s: &[f32; 4]) -> F32x4 {
        // SAFETY: `s` is four readable f32; v128_load needs no alignment.
        F32x4(unsafe { arch::v128_load(s.as_ptr().cast()) })
    }
    #[inline(always)]
    pub fn store(self, s: &mut [f32; 4]) {
        // SAFETY: `s` is four writable f32; no alignment needed.
        unsafe { arch::v128_store(s.as_mut_ptr().cast(), self.0) }
    }
    #[inline(always)]
    pub fn plus(self, o: F32x4) -> F32x4 {
        F32x4(arch::f32x4_add(self.0, o.0))
    }
    #[inline(always)]
    pub fn minus(self, o: F32x4) -> F32x4 {
        F32x4(arch::f32x4_sub(self.0, o.0))
    }
    #[inline(always)]
    pub fn times(self, o: F32x4) -> F32x4 {
        F32x4(arch::f32x4_mul(self.0, o.0))
    }
    #[inline(always)]
    pub fn over(self, o: F32x4) -> F32x4 {
        F32x4(arch::f32x4_div(self.0, o.0))
    }
    #[inline(always)]
    pub(super) fn saturate_beyond(self, limit: f32, value: F32x4) -> F32x4 {
        let big = arch::f32x4_gt(arch::f32x4_abs(self.0), arch::f32x4_splat(limit));
        let sign = arch::v128_and(self.0, arch::f32x4_splat(-0.0));
        let one = arch::v128_or(sign, arch::f32x4_splat(1.0));
        F32x4(arch::v128_bitselect(one, value.0, big))
    }
    /// Lanes whose bit patterns are `bits(self) << 23` plus `add` (wrapping).
    #[inline(always)]
    pub(super) fn shl23_add(self, add: u32) -> F32x4 {
        F32x4(arch::i32x4_add(
            arch::i32x4_shl(self.0, 23),
            arch::u32x4_splat(add),
        ))
    }
}

// SAFETY (every `unsafe` below): SSE2 is part of the x86_64 baseline, so its intrinsics are
// always available; loads and stores are unaligned ones of four checked values.
#[cfg(target_arch = "x86_64")]
impl F32x4 {
    #[inline(always)]
    pub fn splat(v: f32) -> F32x4 {
        F32x4(unsafe { arch::_mm_set1_ps(v) })
    }
    #[inline(always)]
    pub fn load(s: &[f32; 4]) -> F32x4 {
        F32x4(unsafe { arch::_mm_loadu_ps(s.as_ptr()) })
    }
    #[inline(always)]
    pub fn store(self, s: &mut [f32; 4]) {
        unsafe { arch::_mm_storeu_ps(s.as_mut_ptr(), self.0) }
    }
    #[inline(always)]
    pub fn plus(self, o: F32x4) -> F32x4 {
        F32x4(unsafe { arch::_mm_add_ps(self.0, o.0) })
    }
    #[inline(always)]
    pub fn minus(self, o: F32x4) -> F32x4 {
        F32x4(unsafe { arch::_mm_sub_ps(self.0, o.0) })
    }
    #[inline(always)]
    pub fn times(self, o: F32x4) -> F32x4 {
        F32x4(unsafe { arch::_mm_mul_ps(self.0, o.0) })
    }
    #[inline(always)]
    pub fn over(self, o: F32x4) -> F32x4 {
        F32x4(unsafe { arch::_mm_div_ps(self.0, o.0) })
    }
    #[inline(always)]
    pub(super) fn saturate_beyond(self, limit: f32, value: F32x4) -> F32x4 {
        unsafe {
            let sign_bit = arch::_mm_set1_ps(-0.0);
            let abs = arch::_mm_andnot_ps(sign_bit, self.0);
            let big = arch::_mm_cmpgt_ps(abs, arch::_mm_set1_ps(limit));
            let one = arch::_mm_or_ps(arch::_mm_and_ps(self.0, sign_bit), arch::_mm_set1_ps(1.0));
            F32x4(arch::_mm_or_ps(
                arch::_mm_and_ps(big, one),
                arch::_mm_andnot_ps(big, value.0),
            ))
        }
    }
    #[inline(always)]
    pub(super) fn shl23_add(self, add: u32) -> F32x4 {
        unsafe {
            let bits = arch::_mm_castps_si128(self.0);
            F32x4(arch::_mm_castsi128_ps(arch::_mm_add_epi32(
                arch::_mm_slli_epi32::<23>(bits),
                arch::_mm_set1_epi32(add as i32),
            )))
        }
    }
}

#[cfg(not(any(target_arch = "wasm32", target_arch = "x86_64")))]
impl F32x4 {
    #[inline(always)]
    fn map(self, o: F32x4, f: impl Fn(f32, f32) -> f32) -> F32x4 {
        F32x4(std::array::from_fn(|k| f(self.0[k], o.0[k])))
    }
    #[inline(always)]
    pub fn splat(v: f32) -> F32x4 {
        F32x4([v; 4])
    }
    #[inline(always)]
    pub fn load(s: &[f32; 4]) -> F32x4 {
        F32x4(*s)
    }
    #[inline(always)]
    pub fn store(self, s: &mut [f32; 4]) {
        *s = self.0;
    }
    #[inline(always)]
    pub fn plus(self, o: F32x4) -> F32x4 {
        self.map(o, |a, b| a + b)
    }
    #[inline(always)]
    pub fn minus(self, o: F32x4) -> F32x4 {
        self.map(o, |a, b| a - b)
    }
    #[inline(always)]
    pub fn times(self, o: F32x4) -> F32x4 {
        self.map(o, |a, b| a * b)
    }
    #[inline(always)]
    pub fn over(self, o: F32x4) -> F32x4 {
        self.map(o, |a, b| a / b)
    }
    #[inline(always)]
    pub(super) fn saturate_beyond(self, limit: f32, value: F32x4) -> F32x4 {
        self.map(
            value,
            |x, v| if x.abs() > limit { 1f32.copysign(x) } else { v },
        )
    }
    #[inline(always)]
    pub(super) fn shl23_add(self, add: u32) -> F32x4 {
        self.map(self, |x, _| {
            f32::from_bits((x.to_bits() << 23).wrapping_add(add))
        })
    }
}
