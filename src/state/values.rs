//! How the values of fields are read from text and written back: numbers in a range, whole
//! numbers, switches, lists of points. Each reader's error is the sentence a learner sees next
//! to the field (`must be between 0 and 1`), and each writer gives text its reader takes back
//! unchanged.

use crate::data::Dataset;
use crate::format::exact;
use crate::surface::GradientNoise;

/// A finite number.
pub fn number(value: &str) -> Result<f64, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("enter a number".into());
    }
    match crate::float::parse(value) {
        Some(v) if v.is_finite() => Ok(v),
        _ => Err(format!("{value:?} is not a number")),
    }
}

/// A finite number in `lo..=hi`.
pub fn in_range(value: &str, lo: f64, hi: f64) -> Result<f64, String> {
    let v = number(value)?;
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "must be between {} and {}",
            crate::format::plain(lo),
            crate::format::plain(hi)
        ))
    }
}

/// A whole number in `lo..=hi`. The bounds are `u32`s so no value overflows a 32-bit `usize`
/// (the Wasm target) and no later arithmetic on it can wrap there unnoticed.
pub fn whole(value: &str, lo: u32, hi: u32) -> Result<usize, String> {
    let v = number(value)?;
    if v.fract() != 0.0 || v < f64::from(lo) || v > f64::from(hi) {
        return Err(format!("must be a whole number from {lo} to {hi}"));
    }
    Ok(v as usize)
}

/// A switch: `true/false`, `1/0`, `yes/no`, `on/off` (a blank is off).
pub fn flag(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "on" | "1" | "yes" => Ok(true),
        "false" | "off" | "0" | "no" | "" => Ok(false),
        _ => Err(format!(
            "{:?} is not on or off (true or false)",
            value.trim()
        )),
    }
}

/// `exact`, `gaussian:STD` or `batch:SIZE`.
pub fn gradient_noise(value: &str) -> Result<GradientNoise, String> {
    let (kind, arg) = value.split_once(':').unwrap_or((value, ""));
    match kind {
        "exact" => Ok(GradientNoise::Exact),
        "gaussian" => Ok(GradientNoise::Gaussian {
            std: in_range(arg, 0.0, 100.0)?,
        }),
        "batch" => Ok(GradientNoise::MiniBatch {
            batch_size: whole(arg, 1, 2000)?,
        }),
        _ => Err(format!(
            "unknown gradient noise {value:?} (exact, gaussian:STD or batch:SIZE)"
        )),
    }
}

/// The text [`gradient_noise`] reads back.
pub fn gradient_noise_text(noise: GradientNoise) -> String {
    match noise {
        GradientNoise::Exact => "exact".into(),
        GradientNoise::Gaussian { std } => format!("gaussian:{}", exact(std)),
        GradientNoise::MiniBatch { batch_size } => format!("batch:{batch_size}"),
    }
}

/// Largest coordinate a drawn or imported point may have.
pub const POINT_RANGE: f64 = 1000.0;

/// Most drawn or imported points a state holds (train and test together): every one travels
/// in the link exactly, at about 15 to 40 characters a point.
pub const MAX_CUSTOM_POINTS: usize = 2000;

/// Points as a link holds them: `x,y,class;x,y,class` (train), `!`, then the test points;
/// prefixed `K~` when the points have `K` classes where the link's dataset has another number
/// (three-class points imported over a two-class dataset). Coordinates are written exactly
/// ([`exact`]), so a link gives back the same numbers.
pub fn points_text(train: &Dataset, test: &Dataset, dataset_classes: usize) -> String {
    let list = |d: &Dataset| {
        (0..d.len())
            .map(|i| {
                let [x, y] = d.point(i);
                format!("{},{},{}", exact(x), exact(y), d.labels[i])
            })
            .collect::<Vec<_>>()
            .join(";")
    };
    let classes = if train.classes == dataset_classes {
        String::new()
    } else {
        format!("{}~", train.classes)
    };
    format!("{classes}{}!{}", list(train), list(test))
}

/// Reads [`points_text`] for a link whose dataset has `dataset_classes` classes.
pub fn points(value: &str, dataset_classes: usize) -> Result<(Dataset, Dataset), String> {
    let (classes, value) = match value.split_once('~') {
        Some((k, rest)) => (whole(k, 2, 3)?, rest),
        None => (dataset_classes, value),
    };
    let mut count = 0;
    let mut parse = |part: &str| -> Result<Dataset, String> {
        let mut d = Dataset::new(classes);
        for p in part.split(';').filter(|p| !p.is_empty()) {
            count += 1;
            if count > MAX_CUSTOM_POINTS {
                return Err(format!("at most {MAX_CUSTOM_POINTS} points"));
            }
            let v: Vec<&str> = p.split(',').collect();
            let [x, y, c] = v.as_slice() else {
                return Err(format!("{p:?} is not x,y,class"));
            };
            let c = whole(c, 0, classes as u32 - 1)?;
            let coordinate = |t: &str| in_range(t, -POINT_RANGE, POINT_RANGE);
            d.push([coordinate(x)?, coordinate(y)?], c);
        }
        Ok(d)
    };
    let (train, test) = value.split_once('!').unwrap_or((value, ""));
    Ok((parse(train)?, parse(test)?))
}

/// A drawn point snapped to a thousandth: finer than a pixel of the maps, and a short exact
/// number in a link.
pub fn snap(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_say_why_they_refuse() {
        assert_eq!(number(" 2.5 "), Ok(2.5));
        assert_eq!(number(""), Err("enter a number".into()));
        assert_eq!(number("1e999"), Err("\"1e999\" is not a number".into()));
        assert_eq!(
            in_range("3", 0.0, 1.0),
            Err("must be between 0 and 1".into())
        );
        assert_eq!(whole("7", 1, 10), Ok(7));
        assert_eq!(
            whole("4294967296", 0, u32::MAX),
            Err("must be a whole number from 0 to 4294967295".into())
        );
        assert_eq!(
            whole("1.5", 1, 10).unwrap_err(),
            "must be a whole number from 1 to 10"
        );
        for (text, on) in [
            ("true", true),
            ("1", true),
            ("YES", true),
            ("0", false),
            ("no", false),
        ] {
            assert_eq!(flag(text), Ok(on));
        }
        assert!(flag("maybe").is_err());
    }

    #[test]
    fn points_round_trip_exactly() {
        let mut train = Dataset::new(3);
        train.push([0.1, -1.0 / 3.0], 2);
        train.push([999.5, -1e-7], 0);
        let mut test = Dataset::new(3);
        test.push([snap(1.23456), 0.0], 1);
        let text = points_text(&train, &test, 3);
        assert_eq!(points(&text, 3), Ok((train.clone(), test.clone())));
        // Three-class points over a two-class dataset carry their classes.
        let text = points_text(&train, &test, 2);
        assert!(text.starts_with("3~"));
        assert_eq!(points(&text, 2), Ok((train, test)));
        assert_eq!(points("", 2), Ok((Dataset::new(2), Dataset::new(2))));
        assert!(points("1,2,3", 2)
            .unwrap_err()
            .contains("whole number from 0 to 1"));
        assert!(points("1,2", 2).unwrap_err().contains("is not x,y,class"));
        assert!(points("1,2e9,0", 2)
            .unwrap_err()
            .contains("between -1000 and 1000"));
        let many = vec!["0,0,0"; MAX_CUSTOM_POINTS + 1].join(";");
        assert_eq!(points(&many, 2).unwrap_err(), "at most 2000 points");
    }

    #[test]
    fn gradient_noise_round_trips() {
        for noise in [
            GradientNoise::Exact,
            GradientNoise::Gaussian { std: 0.3 },
            GradientNoise::MiniBatch { batch_size: 7 },
        ] {
            assert_eq!(gradient_noise(&gradient_noise_text(noise)), Ok(noise));
        }
        assert!(gradient_noise("loud").is_err());
    }
}
