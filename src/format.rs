//! Numbers as text, written once for every part that shows or stores them: the exact text of a
//! field and a link ([`exact`]), short axis ticks ([`tick`]), and figures a learner reads at a
//! glance ([`figure`], [`percent`]).

/// A number as a field or a link holds it: the shortest text that reads back as the same
/// number (as Rust's `{}` writes it), switched to an exponent when that is shorter to read
/// (`1e300`, `3.333333333333333e-1`), so a value round-trips exactly.
pub fn exact(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let plain = plain(v);
    if plain.len() <= 10 {
        plain
    } else {
        exponent(v)
    }
}

/// `v` as Rust's `{}` writes it (`0.001`, `1500`, `NaN`, `-inf`): the shortest digits that read
/// back as `v`, with no exponent (where two are equally near, the last digit may differ).
pub fn plain(v: f64) -> String {
    let Some((sign, digits, k)) = shortest(v) else {
        return special(v);
    };
    let mut out = String::from(sign);
    if k < 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-k - 1) as usize));
        out.push_str(&digits);
    } else {
        let whole = k as usize + 1;
        if digits.len() <= whole {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', whole - digits.len()));
        } else {
            out.push_str(&digits[..whole]);
            out.push('.');
            out.push_str(&digits[whole..]);
        }
    }
    out
}

/// `v` as Rust's `{:e}` writes it (`1e-7`, `-2.5e3`): the shortest digits, one before the point.
pub fn exponent(v: f64) -> String {
    let Some((sign, digits, k)) = shortest(v) else {
        return if v == 0.0 {
            special(v) + "e0"
        } else {
            special(v)
        };
    };
    let (first, rest) = digits.split_at(1);
    let point = if rest.is_empty() { "" } else { "." };
    format!("{sign}{first}{point}{rest}e{k}")
}

fn special(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v > 0.0 {
        "inf".into()
    } else if v < 0.0 {
        "-inf".into()
    } else if v.is_sign_negative() {
        "-0".into()
    } else {
        "0".into()
    }
}

/// The shortest decimal digits that read back as `v`, as `(sign, digits, k)` with
/// `|v| = d.ddd × 10^k`; `None` for zero and what is not finite. Ryū finds the digits (the
/// standard library's own printer is three times its size in the Wasm); its text is taken
/// apart here.
fn shortest(v: f64) -> Option<(&'static str, String, i32)> {
    if v == 0.0 || !v.is_finite() {
        return None;
    }
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(v.abs());
    let (mantissa, power) = text.split_once('e').unwrap_or((text, "0"));
    let power: i32 = power.parse().unwrap_or(0);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{whole}{fraction}");
    let leading = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0').to_string();
    let k = whole.len() as i32 - 1 - leading as i32 + power;
    let sign = if v < 0.0 { "-" } else { "" };
    Some((sign, digits, k))
}

/// `text` cut to at most `max` characters, an ellipsis marking the cut: a refused value echoed
/// in a notice stays a line, however long the value was.
pub fn brief(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `v` with `decimals` digits after the point (`fixed(0.6931, 2)` = `0.69`), rounded half away
/// from zero, for reading. Written here because the standard library's fixed-precision
/// formatting brings its own exact float printer, 8 KB of the page's Wasm; a value too large
/// for its fraction to matter is printed whole.
pub fn fixed(v: f64, decimals: usize) -> String {
    let decimals = decimals.min(9);
    if !v.is_finite() {
        return plain(v);
    }
    let scaled = (v.abs() * 10f64.powi(decimals as i32)).round();
    if scaled >= 9.0e15 {
        return plain(v.round());
    }
    let n = scaled as u64;
    let sign = if v < 0.0 && n != 0 { "-" } else { "" };
    if decimals == 0 {
        return format!("{sign}{n}");
    }
    let unit = 10u64.pow(decimals as u32);
    format!("{sign}{}.{:0width$}", n / unit, n % unit, width = decimals)
}

/// `v` in scientific notation with `decimals` digits after the mantissa's point (`3.22e-5`),
/// as `{:.Ne}` writes it.
pub fn scientific(v: f64, decimals: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{}e0", fixed(v, decimals));
    }
    let mut exponent = v.abs().log10().floor() as i32;
    // Below 1e-300 a power of ten would underflow: scale up first.
    let mut mantissa = if exponent < -300 {
        v * 1e300 / 10f64.powi(exponent + 300)
    } else {
        v / 10f64.powi(exponent)
    };
    // log10 can miss by one next to a power of ten, and rounding can carry to 10.
    if mantissa.abs() < 1.0 {
        mantissa *= 10.0;
        exponent -= 1;
    }
    let scale = 10f64.powi(decimals.min(9) as i32);
    if (mantissa.abs() * scale).round() >= 10.0 * scale {
        mantissa /= 10.0;
        exponent += 1;
    }
    format!("{}e{exponent}", fixed(mantissa, decimals))
}

/// A short tick label: `1e-7`, `2.5e7`, `0.125`, `40`, `10500` (step numbers stay whole).
pub fn tick(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if v.fract() == 0.0 && a < 1e7 {
        format!("{}", v as i64)
    } else if !(1e-3..1e4).contains(&a) {
        let s = scientific(v, 2);
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        format!("{}e{exponent}", trim(mantissa.to_string()))
    } else {
        trim(fixed(v, 3))
    }
}

/// A figure with four significant digits (`0.6931`, `12.35`, `3.2e-5`), `–` when it is not a
/// number (not evaluated yet, or diverged), `∞` when infinite.
pub fn figure(v: f64) -> String {
    if v.is_nan() {
        return "–".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞" } else { "−∞" }.into();
    }
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        scientific(v, 2)
    } else {
        let decimals = (3 - a.log10().floor() as i32).max(0) as usize;
        trim(fixed(v, decimals))
    }
}

/// A fraction as a percentage: `87.5%`, `–` when it is not a number.
pub fn percent(v: f64) -> String {
    if v.is_finite() {
        format!("{}%", trim(fixed(100.0 * v, 1)))
    } else {
        "–".into()
    }
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_short() {
        assert_eq!(tick(1e-7), "1e-7");
        assert_eq!(tick(1.0000000000000002e-7), "1e-7");
        assert_eq!(tick(25000.0), "25000");
        assert_eq!(tick(10500.0), "10500");
        assert_eq!(tick(2.5e7), "2.5e7");
        assert_eq!(tick(1.05e-4), "1.05e-4");
        assert_eq!(tick(25.0), "25");
        assert_eq!(tick(0.125), "0.125");
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(-2.5), "-2.5");
    }

    #[test]
    fn figures_keep_four_significant_digits() {
        assert_eq!(figure(0.693157), "0.6932");
        assert_eq!(figure(12.3456), "12.35");
        assert_eq!(figure(1234.56), "1235");
        assert_eq!(figure(0.00003217), "3.22e-5");
        assert_eq!(figure(f64::NAN), "–");
        assert_eq!(figure(f64::INFINITY), "∞");
        assert_eq!(figure(2.0), "2");
    }

    #[test]
    fn exact_numbers_are_short_and_read_back() {
        assert_eq!(exact(0.03), "0.03");
        assert_eq!(exact(1e-8), "0.00000001");
        assert_eq!(exact(0.0), "0");
        assert_eq!(exact(1.0 / 3.0), "3.333333333333333e-1");
        assert_eq!(exact(1e300), "1e300");
        for v in [
            0.1,
            1.0 / 3.0,
            -2.5e-7,
            123456789.123,
            f64::MIN_POSITIVE,
            1e-300,
        ] {
            assert_eq!(exact(v).parse::<f64>(), Ok(v));
        }
    }

    #[test]
    fn plain_and_exponent_write_what_the_standard_formats_write() {
        let mut rng = crate::rng::Rng::new(11);
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.3,
            1.5,
            10.0,
            1e21,
            1e22,
            1e-7,
            123456789.123,
            5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            -f64::MAX,
            1.0 / 3.0,
            2.0 / 3.0,
            100.0,
            0.001,
            1e15,
            1e16,
            1e17,
            9007199254740993.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for _ in 0..20_000 {
            // Any bit pattern, and numbers of the sizes a learner types.
            values.push(f64::from_bits(rng.next_u64()));
            values.push((rng.uniform() - 0.5) * 10f64.powi(rng.below(40) as i32 - 20));
        }
        for (i, v) in values.into_iter().enumerate() {
            let (ours, theirs) = ((plain(v), exponent(v)), (format!("{v}"), format!("{v:e}")));
            if i < 27 {
                assert_eq!(ours, theirs);
            } else if ours != theirs {
                // Where two shortest texts are equally near, Ryū and the standard library may
                // round the last digit differently; both read back as `v`.
                assert_eq!(ours.0.len(), theirs.0.len(), "{v:e}");
                assert_eq!(ours.0.parse::<f64>(), Ok(v));
                assert_eq!(ours.1.parse::<f64>(), Ok(v));
            }
        }
    }

    #[test]
    fn brief_texts_stay_short() {
        assert_eq!(brief("short", 10), "short");
        assert_eq!(brief(&"x".repeat(100), 10), format!("{}…", "x".repeat(9)));
        assert_eq!(brief("ааааа", 3), "аа…");
    }

    #[test]
    fn fixed_and_scientific_write_what_the_standard_formats_write() {
        for v in [
            0.0, 0.6932, -0.6932, 12.3456, 1234.56, 0.0005, 99.96, -0.004, 1e10, 3.0,
        ] {
            for d in 0..5 {
                // A negative that rounds to zero reads 0 here, not the standard's -0.
                let standard = format!("{v:.d$}");
                let zero = standard.trim_start_matches(['-', '0', '.']).is_empty();
                let standard = if zero {
                    standard.replace('-', "")
                } else {
                    standard
                };
                assert_eq!(fixed(v, d), standard, "{v} {d}");
            }
        }
        for v in [
            1e-7, 3.217e-5, -2.5e7, 9.996e-4, 1e300, 5e-324, 123456.0, 0.001,
        ] {
            assert_eq!(scientific(v, 2), format!("{v:.2e}"), "{v}");
        }
        assert_eq!(fixed(f64::NAN, 2), "NaN");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(0.875), "87.5%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(f64::NAN), "–");
    }
}
