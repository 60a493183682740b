//! The few slice kernels a small network's step spends its time in: a layer's affine map, its
//! weight and bias gradients, back-propagation through its weights, `tanh`, `d *= 1 − a²`, two
//! doubles at a time on [`F64x2`]. Every sum runs in the scalar loops' order, so results are bit
//! for bit those of the scalar loops (and torch parity holds unchanged). Like the vector
//! operations, the kernels are always inlined into callers that carry
//! `#[target_feature(enable = "simd128")]` in WebAssembly (see [`crate::simd`]).

use crate::simd::{tanh, tanh2, F64x2};

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

/// `a[i] = tanh(z[i])`, lane for lane [`tanh`].
#[inline(always)]
pub fn tanh_to(z: &[f64], a: &mut [f64]) {
    let n = z.len().min(a.len());
    let (z2, z1) = z[..n].as_chunks::<2>();
    let (a2, a1) = a[..n].as_chunks_mut::<2>();
    for (a, z) in a2.iter_mut().zip(z2) {
        tanh2(F64x2::load(z)).store(a);
    }
    if let ([a], [z]) = (a1, z1) {
        *a = tanh(*z);
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
        *v = tanh(*v);
    }
}

/// `wt[i][j] = w[j][i]` for a layer of `ins` inputs and `outs` outputs.
pub fn transpose(w: &[f64], ins: usize, outs: usize, wt: &mut Vec<f64>) {
    // Only ever grown: the layers take turns with one buffer.
    if wt.len() < ins * outs {
        wt.resize(ins * outs, 0.0);
    }
    for i in 0..ins {
        let column = &mut wt[i * outs..(i + 1) * outs];
        let mut j = 0;
        // Four per loop turn: the step pays per loop iteration (see the note above `affine`).
        while j + 4 <= outs {
            column[j] = w[j * ins + i];
            column[j + 1] = w[(j + 1) * ins + i];
            column[j + 2] = w[(j + 2) * ins + i];
            column[j + 3] = w[(j + 3) * ins + i];
            j += 4;
        }
        while j < outs {
            column[j] = w[j * ins + i];
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
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
