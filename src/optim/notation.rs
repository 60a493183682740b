//! MathML for the update rules the inspector shows, as plain text: each optimizer's file writes
//! its rule with these, and the page puts the text in the DOM as it is.
//!
//! The symbols follow the lectures (w weight, g gradient, η learning rate, ε the small
//! constant), not torch's docs (θ, γ), because the page teaches from the lectures.

/// The weight.
pub const W: &str = "<mi>w</mi>";
/// The gradient.
pub const G: &str = "<mi>g</mi>";
/// The learning rate.
pub const ETA: &str = "<mi>η</mi>";
/// The small constant of a denominator.
pub const EPSILON: &str = "<mi>ε</mi>";
/// Assignment: the left side takes the right side's value.
pub const GETS: &str = "<mo>←</mo>";
/// A definition, or a value shown.
pub const EQUALS: &str = "<mo>=</mo>";
pub const MINUS: &str = "<mo>−</mo>";
pub const PLUS: &str = "<mo>+</mo>";
pub const TIMES: &str = "<mo>·</mo>";
pub const ONE: &str = "<mn>1</mn>";
pub const TWO: &str = "<mn>2</mn>";

/// An identifier (a variable).
pub fn mi(s: &str) -> String {
    format!("<mi>{s}</mi>")
}

/// An operator.
pub fn mo(s: &str) -> String {
    format!("<mo>{s}</mo>")
}

/// `base` with a subscript.
pub fn sub(base: &str, index: &str) -> String {
    format!("<msub>{base}{index}</msub>")
}

/// `base` with a superscript.
pub fn sup(base: &str, power: &str) -> String {
    format!("<msup>{base}{power}</msup>")
}

/// `base²`.
pub fn squared(base: &str) -> String {
    sup(base, TWO)
}

pub fn frac(top: &str, bottom: &str) -> String {
    format!("<mfrac><mrow>{top}</mrow><mrow>{bottom}</mrow></mfrac>")
}

pub fn sqrt(inner: &str) -> String {
    format!("<msqrt>{inner}</msqrt>")
}

/// `(inner)`.
pub fn paren(inner: &str) -> String {
    format!("<mo>(</mo>{inner}<mo>)</mo>")
}

/// `top / (√under + ε)`, the adaptive step of Adagrad, RMSprop and Adam.
pub fn over_root(top: &str, under: &str) -> String {
    frac(top, &format!("{}{PLUS}{EPSILON}", sqrt(under)))
}

/// The parts side by side: one line of a rule.
pub fn row(parts: &[&str]) -> String {
    format!("<mrow>{}</mrow>", parts.concat())
}

/// A line shown as a formula of its own.
pub fn math(line: &str) -> String {
    format!(r#"<math display="block">{line}</math>"#)
}

/// A running average, `state ← factor·state + (1 − factor)·value`.
pub fn average(state: &str, factor: &str, value: &str) -> String {
    row(&[
        state,
        GETS,
        factor,
        state,
        PLUS,
        &paren(&format!("{ONE}{MINUS}{factor}")),
        value,
    ])
}

/// The common last line, `w ← w − step`.
pub fn weight_step(step: &[&str]) -> String {
    row(&[&[W, GETS, W, MINUS], step].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_nest_and_average_reads_as_the_lectures_write_it() {
        assert_eq!(
            weight_step(&[ETA, TIMES, G]),
            "<mrow><mi>w</mi><mo>←</mo><mi>w</mi><mo>−</mo><mi>η</mi><mo>·</mo><mi>g</mi></mrow>"
        );
        assert_eq!(
            average("<mi>v</mi>", "<mi>α</mi>", &squared(G)),
            "<mrow><mi>v</mi><mo>←</mo><mi>α</mi><mi>v</mi><mo>+</mo><mo>(</mo><mn>1</mn>\
             <mo>−</mo><mi>α</mi><mo>)</mo><msup><mi>g</mi><mn>2</mn></msup></mrow>"
        );
        assert!(math(&frac(ONE, &sqrt(TWO))).starts_with(r#"<math display="block"><mfrac>"#));
    }
}
