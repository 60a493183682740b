//! Decimal text to `f64`, correctly rounded, as `str::parse::<f64>` reads it (the same
//! grammar, the same bits), without its 10 KB table of powers of five: in the Wasm, random
//! bytes that no compressor shrinks, and 4% of the page's download.
//!
//! Most numbers a link or a file holds take the exact fast path (Clinger, 1990): at most 15
//! significant digits and a power of ten up to 10²², one correctly rounded operation on exact
//! operands. The rest are divided exactly: the digits and the power of ten as big integers,
//! the quotient's 56 leading bits by long division, the remainder as the sticky bit, and
//! rounding to nearest, ties to even, subnormals included.

/// Significant digits kept; the rest only say whether something nonzero follows (768 decide
/// any rounding).
const MAX_DIGITS: usize = 800;

/// The text's number, or `None` where `str::parse::<f64>` refuses it.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = if ["inf", "infinity"]
        .iter()
        .any(|w| body.eq_ignore_ascii_case(w))
    {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        decimal(body.as_bytes())?
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `digits` (significant, no leading zero) × 10^`exp`, read from an unsigned decimal.
fn decimal(s: &[u8]) -> Option<f64> {
    let mut digits: Vec<u8> = Vec::new();
    let mut exp: i64 = 0;
    let (mut any, mut dropped) = (false, false);
    let mut i = 0;
    let mut fraction = false;
    while i < s.len() {
        let c = s[i];
        if c == b'.' && !fraction {
            fraction = true;
        } else if c.is_ascii_digit() {
            any = true;
            let d = c - b'0';
            if digits.is_empty() && d == 0 {
                exp -= fraction as i64;
            } else if digits.len() < MAX_DIGITS {
                digits.push(d);
                exp -= fraction as i64;
            } else {
                exp += !fraction as i64;
                dropped |= d != 0;
            }
        } else {
            break;
        }
        i += 1;
    }
    if !any {
        return None;
    }
    if i < s.len() {
        if !matches!(s[i], b'e' | b'E') {
            return None;
        }
        i += 1;
        let sign = match s.get(i) {
            Some(b'-') => -1,
            Some(b'+') => 1,
            _ => 0,
        };
        i += (sign != 0) as usize;
        if i == s.len() {
            return None;
        }
        let mut e: i64 = 0;
        for &c in &s[i..] {
            if !c.is_ascii_digit() {
                return None;
            }
            // Far beyond any double's range either way: saturate.
            e = (e * 10 + (c - b'0') as i64).min(1 << 40);
        }
        exp += if sign < 0 { -e } else { e };
    }
    if dropped {
        // Something nonzero beyond the kept digits: a last digit that breaks a tie.
        digits.push(1);
        exp -= 1;
    }
    let n = digits.len() as i64;
    if n == 0 {
        return Some(0.0);
    }
    if n + exp > 310 {
        return Some(f64::INFINITY);
    }
    if n + exp < -324 {
        return Some(0.0);
    }
    if n <= 15 && (-22..=22).contains(&exp) {
        let d = digits.iter().fold(0u64, |v, &d| v * 10 + d as u64) as f64;
        let p = POW10[exp.unsigned_abs() as usize];
        return Some(if exp < 0 { d / p } else { d * p });
    }
    if n <= 19 {
        // Up to 19 digits fit a u64, and times or over a power of ten up to 10^21 a u128:
        // exact integer arithmetic, no big numbers (a 17-digit weight of a race file).
        let d = digits.iter().fold(0u64, |v, &d| v * 10 + d as u64) as u128;
        if (0..=19).contains(&exp) {
            let v = d * 10u128.pow(exp as u32);
            let s = 56 - (128 - v.leading_zeros() as i64);
            return Some(if s >= 0 {
                round((v << s) as u64, false, s)
            } else {
                let low = v & ((1u128 << -s) - 1);
                round((v >> -s) as u64, low != 0, s)
            });
        }
        if (-21..0).contains(&exp) {
            let p = 10u128.pow(exp.unsigned_abs() as u32);
            let bits = |x: u128| 128 - x.leading_zeros() as i64;
            let s = 55 - (bits(d) - bits(p));
            let (num, den) = if s >= 0 { (d << s, p) } else { (d, p << -s) };
            return Some(round((num / den) as u64, num % den != 0, s));
        }
    }
    let mut num = Big(vec![]);
    for chunk in digits.chunks(9) {
        let v = chunk.iter().fold(0u32, |v, &d| v * 10 + d as u32);
        num.mul_add(10u32.pow(chunk.len() as u32), v);
    }
    let mut den = Big(vec![1]);
    let target = if exp >= 0 { &mut num } else { &mut den };
    let e = exp.unsigned_abs() as u32;
    for _ in 0..e / 9 {
        target.mul_add(1_000_000_000, 0);
    }
    target.mul_add(10u32.pow(e % 9), 0);
    Some(quotient(&num, &den))
}

/// Exact powers of ten in `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `num / den` rounded to the nearest `f64` (ties to even); `num` > 0.
fn quotient(num: &Big, den: &Big) -> f64 {
    // num/den lies in (2^(b-1), 2^(b+1)): scaled by 2^s, in (2^54, 2^56).
    let b = num.bits() as i64 - den.bits() as i64;
    let s = 55 - b;
    let (mut rest, den) = if s >= 0 {
        (num.shl(s as usize), den.clone())
    } else {
        (num.clone(), den.shl((-s) as usize))
    };
    // Long division, a bit at a time from the top: the remainder doubles instead of the
    // divisor halving, so nothing is allocated in the loop.
    let top = den.shl(55);
    let mut q: u64 = 0;
    for i in (0..56).rev() {
        if rest.at_least(&top) {
            rest.sub(&top);
            q |= 1 << i;
        }
        rest.double();
    }
    round(q, !rest.is_zero(), s)
}

/// `q · 2^-s`, plus something below its last bit when `sticky`, rounded to the nearest `f64`
/// (ties to even); `q` has 55 or 56 bits.
fn round(q: u64, sticky: bool, s: i64) -> f64 {
    let len = 64 - q.leading_zeros() as i64;
    // The value is q · 2^-s; its leading bit is 2^e.
    let e = len - 1 - s;
    if e > 1023 {
        return f64::INFINITY;
    }
    // Bits of precision there: 53, fewer among the subnormals.
    let keep = if e >= -1022 { 53 } else { e + 1075 };
    if keep < 0 {
        return 0.0;
    }
    let drop = (len - keep) as u32;
    let mut m = if drop >= 64 { 0 } else { q >> drop };
    let half = (q >> (drop - 1)) & 1 == 1;
    let below = q & ((1u64 << (drop - 1)) - 1) != 0 || sticky;
    if half && (below || m & 1 == 1) {
        m += 1;
    }
    if e < -1022 {
        // A subnormal (or, carried, the smallest normal): the mantissa is the bits.
        return f64::from_bits(m);
    }
    let (m, e) = if m == 1 << 53 {
        (m >> 1, e + 1)
    } else {
        (m, e)
    };
    if e > 1023 {
        return f64::INFINITY;
    }
    f64::from_bits((((e + 1023) as u64) << 52) | (m & ((1 << 52) - 1)))
}

/// An unsigned big integer, 32-bit limbs, least significant first.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    /// `self · m + a`.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = a as u64;
        for limb in self.0.iter_mut() {
            let v = *limb as u64 * m as u64 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn trimmed(&self) -> &[u32] {
        let n = self.0.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
        &self.0[..n]
    }

    fn is_zero(&self) -> bool {
        self.trimmed().is_empty()
    }

    fn bits(&self) -> usize {
        let t = self.trimmed();
        t.last()
            .map_or(0, |&top| 32 * t.len() - top.leading_zeros() as usize)
    }

    /// `self · 2`.
    fn double(&mut self) {
        let mut carry = 0;
        for limb in self.0.iter_mut() {
            let next = *limb >> 31;
            *limb = (*limb << 1) | carry;
            carry = next;
        }
        if carry > 0 {
            self.0.push(carry);
        }
    }

    fn shl(&self, n: usize) -> Big {
        let (words, bits) = (n / 32, n % 32);
        let mut out = vec![0u32; words];
        let mut carry = 0u32;
        for &l in &self.0 {
            out.push(if bits == 0 { l } else { (l << bits) | carry });
            carry = if bits == 0 { 0 } else { l >> (32 - bits) };
        }
        out.push(carry);
        Big(out)
    }

    fn at_least(&self, other: &Big) -> bool {
        let (a, b) = (self.trimmed(), other.trimmed());
        if a.len() != b.len() {
            return a.len() > b.len();
        }
        for (x, y) in a.iter().rev().zip(b.iter().rev()) {
            if x != y {
                return x > y;
            }
        }
        true
    }

    /// `self - other`, with `self ≥ other`.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = *limb as i64 - other.0.get(i).copied().unwrap_or(0) as i64 - borrow;
            *limb = v as u32;
            borrow = (v < 0) as i64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn same(text: &str) {
        let theirs = text.parse::<f64>().ok();
        let ours = parse(text);
        match (ours, theirs) {
            (Some(a), Some(b)) => assert!(
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                "{text}: {a:e} (ours) vs {b:e}"
            ),
            _ => assert_eq!(ours.is_some(), theirs.is_some(), "{text:?}"),
        }
    }

    #[test]
    fn every_double_printed_shortest_or_long_reads_back_exactly() {
        let mut rng = Rng::new(11);
        for _ in 0..100_000 {
            let v = f64::from_bits(rng.next_u64());
            same(&format!("{v:e}"));
            same(&format!("{v:.20e}"));
            same(&format!("{:.3e}", v));
            same(&crate::format::exact(v));
        }
    }

    #[test]
    fn random_decimals_round_as_the_standard_library_does() {
        let mut rng = Rng::new(12);
        for _ in 0..100_000 {
            let n = 1 + rng.below(30);
            let digits: String = (0..n)
                .map(|_| (b'0' + rng.below(10) as u8) as char)
                .collect();
            let e = rng.below(700) as i64 - 360;
            same(&format!("{digits}e{e}"));
            let cut = rng.below(n + 1);
            same(&format!("{}.{}e{e}", &digits[..cut], &digits[cut..]));
        }
    }

    #[test]
    fn hard_cases() {
        for text in [
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000000000000001",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.47032822920623272088e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "179769313486231580793728971405301e276",
            "0.1",
            "0.30000000000000004",
            "123456789012345678901234567890",
            "1e23",
            "8.589973e9",
            "1e400",
            "-1e400",
            "1e-400",
            "-0",
            "0e999999999999999999999",
            "1e-99999999999999999999",
            "1e99999999999999999999",
        ] {
            same(text);
        }
        // A number just above the halfway point between 1 and its successor, written with
        // more digits than are kept.
        let long = format!("1.00000000000000011102230246251565{}1", "0".repeat(900));
        same(&long);
        same(&long[..long.len() - 1]);
        let long_int = format!("{}e-900", "9".repeat(1000));
        same(&long_int);
    }

    #[test]
    fn the_same_grammar() {
        for text in [
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.e1",
            ".5",
            "5.",
            "+.5e-3",
            "1..2",
            "1.2.3",
            " 1",
            "1 ",
            "1_0",
            "0x10",
            "inf",
            "-Infinity",
            "NaN",
            "nan1",
            "infinit",
            "+-1",
            "1e+-1",
            "١",
            "1e1.5",
            "00.00",
            "-.e1",
        ] {
            same(text);
        }
        let mut rng = Rng::new(13);
        let alphabet = b"0123456789.eE+-inafINFty ";
        for _ in 0..200_000 {
            let n = rng.below(9);
            let text: String = (0..n)
                .map(|_| alphabet[rng.below(alphabet.len())] as char)
                .collect();
            same(&text);
        }
    }
}
