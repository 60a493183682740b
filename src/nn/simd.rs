//! Two doubles at a time: the few slice kernels a small network's step spends its time in
//! (a layer's affine map, its weight and bias gradients, back-propagation through its weights,
//! `tanh`, `d *= 1 − a²`), on WebAssembly SIMD (`f64x2`) in the browser and SSE2
//! natively. Each lane does exactly what the scalar code does, in the same order and without
//! fused multiply-adds, so results are bit for bit those of the scalar loops (and torch parity
//! holds unchanged).
//!
//! The kernels are always inlined, and in WebAssembly every function that calls them carries
//! `#[target_feature(enable = "simd128")]` (elsewhere the SIMD instructions would stay behind
//! calls). So the module needs an engine with SIMD: every browser since 2021–2023 (Chrome 91,
//! Firefox 89, Safari 16.4).

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
    fn clamp_to(self, limit: f64) -> F64x2 {
        let below = arch::f64x2_pmin(self.0, arch::f64x2_splat(limit));
        F64x2(arch::f64x2_pmax(below, arch::f64x2_splat(-limit)))
    }
    /// Low 32 bits of each lane's bit pattern, as signed integers.
    #[inline(always)]
    fn low_words(self) -> [i32; 2] {
        [
            arch::i64x2_extract_lane::<0>(self.0) as i32,
            arch::i64x2_extract_lane::<1>(self.0) as i32,
        ]
    }
    /// Lanes whose bit patterns are `(bits(self) & mask) << 47` plus `add` (wrapping).
    #[inline(always)]
    fn mask_shl47_add(self, mask: u64, add: u64) -> F64x2 {
        let m = arch::v128_and(self.0, arch::u64x2_splat(mask));
        F64x2(arch::i64x2_add(
            arch::i64x2_shl(m, 47),
            arch::u64x2_splat(add),
        ))
    }
    /// `(a[0], b[0])` and `(a[1], b[1])`.
    #[inline(always)]
    fn unzip(a: F64x2, b: F64x2) -> (F64x2, F64x2) {
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
    fn clamp_to(self, limit: f64) -> F64x2 {
        // minpd/maxpd return their second operand when either is NaN.
        unsafe {
            let below = arch::_mm_min_pd(arch::_mm_set1_pd(limit), self.0);
            F64x2(arch::_mm_max_pd(arch::_mm_set1_pd(-limit), below))
        }
    }
    #[inline(always)]
    fn low_words(self) -> [i32; 2] {
        unsafe {
            let bits = arch::_mm_castpd_si128(self.0);
            [
                arch::_mm_cvtsi128_si32(bits),
                arch::_mm_cvtsi128_si32(arch::_mm_unpackhi_epi64(bits, bits)),
            ]
        }
    }
    #[inline(always)]
    fn mask_shl47_add(self, mask: u64, add: u64) -> F64x2 {
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
    fn unzip(a: F64x2, b: F64x2) -> (F64x2, F64x2) {
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
    fn clamp_to(self, limit: f64) -> F64x2 {
        F64x2([
            self.0[0].clamp(-limit, limit),
            self.0[1].clamp(-limit, limit),
        ])
    }
    #[inline(always)]
    fn low_words(self) -> [i32; 2] {
        [self.0[0].to_bits() as i32, self.0[1].to_bits() as i32]
    }
    #[inline(always)]
    fn mask_shl47_add(self, mask: u64, add: u64) -> F64x2 {
        let lane = |x: f64| f64::from_bits(((x.to_bits() & mask) << 47).wrapping_add(add));
        F64x2([lane(self.0[0]), lane(self.0[1])])
    }
    #[inline(always)]
    fn unzip(a: F64x2, b: F64x2) -> (F64x2, F64x2) {
        (F64x2([a.0[0], b.0[0]]), F64x2([a.0[1], b.0[1]]))
    }
}

/// Four `f32` lanes, for pictures: heatmaps need a few correct digits, not sixteen.
#[derive(Clone, Copy)]
pub struct F32x4(Repr32);

#[cfg(target_arch = "wasm32")]
type Repr32 = arch::v128;
#[cfg(target_arch = "x86_64")]
type Repr32 = arch::__m128;
#[cfg(not(any(target_arch = "wasm32", target_arch = "x86_64")))]
type Repr32 = [f32; 4];

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
    fn saturate_beyond(self, limit: f32, value: F32x4) -> F32x4 {
        let big = arch::f32x4_gt(arch::f32x4_abs(self.0), arch::f32x4_splat(limit));
        let sign = arch::v128_and(self.0, arch::f32x4_splat(-0.0));
        let one = arch::v128_or(sign, arch::f32x4_splat(1.0));
        F32x4(arch::v128_bitselect(one, value.0, big))
    }
    /// Lanes whose bit patterns are `bits(self) << 23` plus `add` (wrapping).
    #[inline(always)]
    fn shl23_add(self, add: u32) -> F32x4 {
        F32x4(arch::i32x4_add(
            arch::i32x4_shl(self.0, 23),
            arch::u32x4_splat(add),
        ))
    }
}

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
    fn saturate_beyond(self, limit: f32, value: F32x4) -> F32x4 {
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
    fn shl23_add(self, add: u32) -> F32x4 {
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
    fn saturate_beyond(self, limit: f32, value: F32x4) -> F32x4 {
        self.map(
            value,
            |x, v| if x.abs() > limit { 1f32.copysign(x) } else { v },
        )
    }
    #[inline(always)]
    fn shl23_add(self, add: u32) -> F32x4 {
        self.map(self, |x, _| {
            f32::from_bits((x.to_bits() << 23).wrapping_add(add))
        })
    }
}

/// `tanh` of four `f32` lanes to within a few `f32` ulp (about 1e-7), for pictures:
/// `expm1(2x) / (expm1(2x) + 2)` as in [`super::activation::tanh`], with `2x = k·ln 2 + r`,
/// |r| ≤ ln 2 / 2, `e^r − 1` by its Taylor series to `r^7` and `2^k` built from its bits (no
/// table, so the lanes never leave the vector). Beyond |x| = 9, tanh rounds to ±1 in `f32`.
#[inline(always)]
pub fn tanh4(x: F32x4) -> F32x4 {
    const LIMIT: f32 = 9.0;
    // ln 2 in two parts (the high one has 9 significant bits, so k · LN2_HI is exact).
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding 1.5·2^23 rounds to the nearest integer and leaves it in the low mantissa bits.
    const ROUND: f32 = 12_582_912.0;
    let s = F32x4::splat;
    let y = x.plus(x);
    let kd = y.times(s(std::f32::consts::LOG2_E)).plus(s(ROUND));
    let k = kd.minus(s(ROUND));
    let r = y.minus(k.times(s(LN2_HI))).minus(k.times(s(LN2_LO)));
    let r2 = r.times(r);
    let q = s(0.5).plus(r.times(s(1.0 / 6.0))).plus(
        r2.times(
            s(1.0 / 24.0)
                .plus(r.times(s(1.0 / 120.0)))
                .plus(r2.times(s(1.0 / 720.0).plus(r.times(s(1.0 / 5040.0))))),
        ),
    );
    let p = r.plus(r2.times(q));
    let scale = kd.shl23_add(127 << 23);
    let e = scale.minus(s(1.0)).plus(scale.times(p));
    x.saturate_beyond(LIMIT, e.over(e.plus(s(2.0))))
}

/// Two lanes of a slice, from `k`.
#[inline(always)]
fn pair(s: &[f64], k: usize) -> F64x2 {
    F64x2::load(s[k..k + 2].try_into().expect("two lanes"))
}

/// Stores two lanes into a slice, from `k`.
#[inline(always)]
fn put(v: F64x2, s: &mut [f64], k: usize) {
    v.store((&mut s[k..k + 2]).try_into().expect("two lanes"));
}

/// Eight lanes of a slice, from `k`, as four vectors (one bounds check for the eight).
#[inline(always)]
fn octet(s: &[f64], k: usize) -> [F64x2; 4] {
    let c: &[f64; 8] = s[k..k + 8].try_into().expect("eight lanes");
    let (c, _) = c.as_chunks::<2>();
    [
        F64x2::load(&c[0]),
        F64x2::load(&c[1]),
        F64x2::load(&c[2]),
        F64x2::load(&c[3]),
    ]
}

/// Stores four vectors into a slice, from `k`.
#[inline(always)]
fn put_octet(v: [F64x2; 4], s: &mut [f64], k: usize) {
    let c: &mut [f64; 8] = (&mut s[k..k + 8]).try_into().expect("eight lanes");
    let (c, _) = c.as_chunks_mut::<2>();
    v[0].store(&mut c[0]);
    v[1].store(&mut c[1]);
    v[2].store(&mut c[2]);
    v[3].store(&mut c[3]);
}

/// `acc[q] += w[q] · x` for the four vectors.
#[inline(always)]
fn mac_octet(acc: &mut [F64x2; 4], w: [F64x2; 4], x: F64x2) {
    acc[0] = acc[0].plus(w[0].times(x));
    acc[1] = acc[1].plus(w[1].times(x));
    acc[2] = acc[2].plus(w[2].times(x));
    acc[3] = acc[3].plus(w[3].times(x));
}

// The layer kernels below work on blocks of eight units (four vectors, their running sums in
// registers) and then on pairs: a WebAssembly engine checks the stack at every loop back edge and
// keeps few values in registers, so a small network's step costs per loop iteration, not per
// multiply. Every sum still runs in the scalar loops' order. (Index loops: at `opt-level = "s"`
// iterator adapters such as `zip` over chunks stay behind calls.)

/// A layer's affine map for one example: `u[j] = b[j] + w[j][0]·x[0] + w[j][1]·x[1] + …`, summed
/// in that order, given `Wᵀ` as `wt` (`wt[i·outs + j] = w[j][i]`).
#[inline(always)]
pub fn affine(wt: &[f64], bias: &[f64], x: &[f64], u: &mut [f64]) {
    let outs = u.len();
    let mut j = 0;
    while j + 8 <= outs {
        let mut acc = octet(bias, j);
        for (i, &xi) in x.iter().enumerate() {
            mac_octet(&mut acc, octet(wt, i * outs + j), F64x2::splat(xi));
        }
        put_octet(acc, u, j);
        j += 8;
    }
    while j + 2 <= outs {
        let mut acc = pair(bias, j);
        for (i, &xi) in x.iter().enumerate() {
            acc = acc.plus(pair(wt, i * outs + j).times(F64x2::splat(xi)));
        }
        put(acc, u, j);
        j += 2;
    }
    if j < outs {
        let mut sum = bias[j];
        let mut i = 0;
        while i + 4 <= x.len() {
            sum = sum
                + wt[i * outs + j] * x[i]
                + wt[(i + 1) * outs + j] * x[i + 1]
                + wt[(i + 2) * outs + j] * x[i + 2]
                + wt[(i + 3) * outs + j] * x[i + 3];
            i += 4;
        }
        while i < x.len() {
            sum += wt[i * outs + j] * x[i];
            i += 1;
        }
        u[j] = sum;
    }
}

/// The bias gradient of a layer over a mini-batch: `g[j] += δ[b][j]` for `b = 0, 1, …` in that
/// order, with `δ` batch-major (`batch × g.len()`).
#[inline(always)]
pub fn add_rows(g: &mut [f64], delta: &[f64]) {
    let outs = g.len();
    let batch = delta.len() / outs.max(1);
    let mut j = 0;
    while j + 8 <= outs {
        let mut acc = octet(g, j);
        for b in 0..batch {
            let d = octet(delta, b * outs + j);
            acc = [
                acc[0].plus(d[0]),
                acc[1].plus(d[1]),
                acc[2].plus(d[2]),
                acc[3].plus(d[3]),
            ];
        }
        put_octet(acc, g, j);
        j += 8;
    }
    while j + 2 <= outs {
        let mut acc = pair(g, j);
        for b in 0..batch {
            acc = acc.plus(pair(delta, b * outs + j));
        }
        put(acc, g, j);
        j += 2;
    }
    if j < outs {
        let mut sum = g[j];
        let mut b = 0;
        while b + 2 <= batch {
            sum = sum + delta[b * outs + j] + delta[(b + 1) * outs + j];
            b += 2;
        }
        if b < batch {
            sum += delta[b * outs + j];
        }
        g[j] = sum;
    }
}

/// The weight gradient of a layer over a mini-batch: `g[j][i] += δ[b][j] · x[b][i]` for
/// `b = 0, 1, …` in that order, with `δ` (`batch × outs`) and `x` (`batch × ins`) batch-major
/// and `g` as `W` (`outs × ins`).
#[inline(always)]
pub fn add_outer_products(g: &mut [f64], delta: &[f64], x: &[f64], ins: usize, outs: usize) {
    let batch = delta.len() / outs;
    for j in 0..outs {
        let row = j * ins;
        let mut i = 0;
        while i + 8 <= ins {
            let mut acc = octet(g, row + i);
            for b in 0..batch {
                mac_octet(
                    &mut acc,
                    octet(x, b * ins + i),
                    F64x2::splat(delta[b * outs + j]),
                );
            }
            put_octet(acc, g, row + i);
            i += 8;
        }
        while i + 2 <= ins {
            let mut acc = pair(g, row + i);
            for b in 0..batch {
                acc = acc.plus(F64x2::splat(delta[b * outs + j]).times(pair(x, b * ins + i)));
            }
            put(acc, g, row + i);
            i += 2;
        }
        if i < ins {
            for b in 0..batch {
                g[row + i] += delta[b * outs + j] * x[b * ins + i];
            }
        }
    }
}

/// Backpropagation through a layer's weights: `dx[b][i] = Σ_j w[j][i] · δ[b][j]`, summed from 0
/// over `j = 0, 1, …` in that order, with `w` as stored (`outs × ins`), `δ` (`batch × outs`)
/// and `dx` (`batch × ins`).
#[inline(always)]
pub fn back_through_weights(w: &[f64], delta: &[f64], dx: &mut [f64], ins: usize, outs: usize) {
    let batch = delta.len() / outs;
    for b in 0..batch {
        let mut i = 0;
        while i + 8 <= ins {
            let mut acc = [F64x2::splat(0.0); 4];
            for j in 0..outs {
                mac_octet(
                    &mut acc,
                    octet(w, j * ins + i),
                    F64x2::splat(delta[b * outs + j]),
                );
            }
            put_octet(acc, dx, b * ins + i);
            i += 8;
        }
        while i + 2 <= ins {
            let mut acc = F64x2::splat(0.0);
            for j in 0..outs {
                acc = acc.plus(pair(w, j * ins + i).times(F64x2::splat(delta[b * outs + j])));
            }
            put(acc, dx, b * ins + i);
            i += 2;
        }
        if i < ins {
            let mut sum = 0.0;
            for j in 0..outs {
                sum += w[j * ins + i] * delta[b * outs + j];
            }
            dx[b * ins + i] = sum;
        }
    }
}

/// `d[i] *= 1 − a[i]²`: the tanh derivative in terms of its output.
#[inline(always)]
pub fn scale_by_tanh_derivative(d: &mut [f64], a: &[f64]) {
    let n = d.len().min(a.len());
    let (d2, d1) = d[..n].as_chunks_mut::<2>();
    let (a2, a1) = a[..n].as_chunks::<2>();
    let one = F64x2::splat(1.0);
    for (d, a) in d2.iter_mut().zip(a2) {
        let y = F64x2::load(a);
        F64x2::load(d).times(one.minus(y.times(y))).store(d);
    }
    if let ([d], [a]) = (d1, a1) {
        *d *= 1.0 - a * a;
    }
}

/// `a[i] = tanh(z[i])`, lane for lane [`super::activation::tanh`].
#[inline(always)]
pub fn tanh_to(z: &[f64], a: &mut [f64]) {
    let n = z.len().min(a.len());
    let (z2, z1) = z[..n].as_chunks::<2>();
    let (a2, a1) = a[..n].as_chunks_mut::<2>();
    for (a, z) in a2.iter_mut().zip(z2) {
        tanh2(F64x2::load(z)).store(a);
    }
    if let ([a], [z]) = (a1, z1) {
        *a = super::activation::tanh(*z);
    }
}

/// `v[i] = tanh(v[i])`.
#[inline(always)]
pub fn tanh_in_place(v: &mut [f64]) {
    let (v2, v1) = v.as_chunks_mut::<2>();
    for v in v2 {
        tanh2(F64x2::load(v)).store(v);
    }
    if let [v] = v1 {
        *v = super::activation::tanh(*v);
    }
}

/// Two lanes of [`super::activation::tanh`]: the same operations, table look-ups per lane.
#[inline(always)]
fn tanh2(x: F64x2) -> F64x2 {
    use super::activation::expm1_parts as c;
    let x = x.clamp_to(c::LIMIT);
    let y = x.plus(x);
    let kd = y
        .times(F64x2::splat(c::INV_STEP))
        .plus(F64x2::splat(c::ROUND));
    let [k0, k1] = kd.low_words();
    let k = kd.minus(F64x2::splat(c::ROUND));
    let r = y
        .minus(k.times(F64x2::splat(c::STEP_HI)))
        .minus(k.times(F64x2::splat(c::STEP_LO)));
    let r2 = r.times(r);
    let s = F64x2::splat;
    let q = s(c::P[0]).plus(r.times(s(c::P[1]))).plus(
        r2.times(
            s(c::P[2])
                .plus(r.times(s(c::P[3])))
                .plus(r2.times(s(c::P[4]).plus(r.times(s(c::P[5]))))),
        ),
    );
    let p = r.plus(r2.times(q));
    let (t_hi, t_lo) = F64x2::unzip(
        F64x2::load(&c::TABLE[(k0 & 31) as usize]),
        F64x2::load(&c::TABLE[(k1 & 31) as usize]),
    );
    let scale = kd.mask_shl47_add(!31, 1023 << 52);
    let e = scale
        .times(t_hi)
        .minus(s(1.0))
        .plus(scale.times(t_lo.plus(t_hi.times(p))));
    e.over(e.plus(s(2.0)))
}

#[cfg(test)]
mod tests {
    use super::super::activation::tanh;
    use super::*;

    #[test]
    fn kernels_match_the_scalar_loops_bit_for_bit() {
        let z: Vec<f64> = (-3000..3001)
            .map(|k| k as f64 * 0.0137 + 1e-12)
            .chain([
                0.0,
                -0.0,
                1e-300,
                19.999,
                20.0,
                20.5,
                -25.0,
                800.0,
                f64::INFINITY,
            ])
            .collect();
        let mut a = vec![0.0; z.len()];
        tanh_to(&z, &mut a);
        let mut b = z.clone();
        tanh_in_place(&mut b);
        for (k, &x) in z.iter().enumerate() {
            assert_eq!(a[k].to_bits(), tanh(x).to_bits(), "tanh({x})");
            assert_eq!(b[k].to_bits(), a[k].to_bits());
        }
        let mut nan = [f64::NAN, 0.5];
        tanh_in_place(&mut nan);
        assert!(nan[0].is_nan());

        // The f32 tanh for pictures: a few f32 ulp from the f64 one.
        let mut worst = 0.0f64;
        for k in -20_000..=20_000 {
            let x = k as f32 * 6.1e-4 + 1e-7;
            let mut out = [0.0f32; 4];
            tanh4(F32x4::splat(x)).store(&mut out);
            let exact = (x as f64).tanh();
            worst = worst.max((out[0] as f64 - exact).abs() / exact.abs().max(1e-3));
        }
        assert!(worst < 5e-7, "f32 tanh off by {worst}");
        let mut out = [0.0f32; 4];
        tanh4(F32x4::load(&[50.0, -50.0, 0.0, f32::NEG_INFINITY])).store(&mut out);
        assert_eq!(out, [1.0, -1.0, 0.0, -1.0]);

        // The layer kernels against the plain loops, for odd and even sizes.
        let value = |k: usize| ((k * 7919) % 113) as f64 / 37.0 - 1.3;
        for (ins, outs, batch) in [
            (2, 8, 10),
            (8, 8, 10),
            (3, 5, 4),
            (8, 1, 3),
            (1, 2, 2),
            (32, 32, 2),
            (19, 11, 3),
            (11, 19, 1),
        ] {
            let w: Vec<f64> = (0..ins * outs).map(value).collect();
            let wt: Vec<f64> = (0..ins * outs)
                .map(|k| w[(k % outs) * ins + k / outs])
                .collect();
            let bias: Vec<f64> = (0..outs).map(|k| value(k + 5)).collect();
            let x: Vec<f64> = (0..batch * ins).map(|k| value(k + 11)).collect();
            let delta: Vec<f64> = (0..batch * outs).map(|k| value(k + 17)).collect();
            let mut u = vec![0.0; outs];
            affine(&wt, &bias, &x[..ins], &mut u);
            for j in 0..outs {
                let mut sum = bias[j];
                for i in 0..ins {
                    sum += w[j * ins + i] * x[i];
                }
                assert_eq!(u[j].to_bits(), sum.to_bits());
            }
            let mut gb: Vec<f64> = (0..outs).map(|k| value(k + 7)).collect();
            let mut expected = gb.clone();
            add_rows(&mut gb, &delta);
            for b in 0..batch {
                for j in 0..outs {
                    expected[j] += delta[b * outs + j];
                }
            }
            assert_eq!(gb, expected);
            let mut g: Vec<f64> = (0..ins * outs).map(|k| value(k + 3)).collect();
            let mut expected = g.clone();
            add_outer_products(&mut g, &delta, &x, ins, outs);
            for b in 0..batch {
                for j in 0..outs {
                    for i in 0..ins {
                        expected[j * ins + i] += delta[b * outs + j] * x[b * ins + i];
                    }
                }
            }
            assert_eq!(g, expected);
            let mut dx = vec![9.0; batch * ins];
            back_through_weights(&w, &delta, &mut dx, ins, outs);
            for b in 0..batch {
                for i in 0..ins {
                    let mut sum = 0.0;
                    for j in 0..outs {
                        sum += w[j * ins + i] * delta[b * outs + j];
                    }
                    assert_eq!(dx[b * ins + i].to_bits(), sum.to_bits());
                }
            }
        }

        for n in 0..6 {
            let x: Vec<f64> = (0..n).map(|i| 0.3 * i as f64 - 0.7).collect();
            let y: Vec<f64> = (0..n).map(|i| 1.1 - 0.2 * i as f64).collect();
            let mut d = y.clone();
            scale_by_tanh_derivative(&mut d, &x);
            for i in 0..n {
                assert_eq!(d[i], y[i] * (1.0 - x[i] * x[i]));
            }
        }
    }
}
