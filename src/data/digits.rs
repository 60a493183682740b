//! The 8×8 handwritten digits (1,797 images, pixel values 0–16, ten classes): UCI's "Optical
//! Recognition of Handwritten Digits" (Alpaydin and Kaynak, 1998; CC BY 4.0) as scikit-learn
//! ships them. `make data` (`.ci/digits.py`) writes them as `www/data/digits.bin`, which the
//! page fetches beside itself; this module reads that file, refusing one that is cut short or
//! damaged (its FNV-1a checksum), and splits it the same way on every machine.
//!
//! The file: `OPDIGITS`, a `u16` version (1), a `u16` count, a `u32` FNV-1a of the rest; then
//! per image its label byte and its 64 pixels in base 17, four `u64` of 15 pixels and a `u32`
//! of 4 (little-endian, the first pixel the least significant digit): 37 bytes an image.

use super::Dataset;
use crate::rng::Rng;

/// Pixels of one image, row by row.
pub const PIXELS: usize = 64;
/// Brightest pixel value.
pub const MAX_PIXEL: u8 = 16;
/// The classes, 0 to 9.
pub const CLASSES: usize = 10;
/// Bytes of one image in the file.
const RECORD: usize = 1 + 4 * 8 + 4;
const HEADER: usize = 16;
const MAGIC: &[u8; 8] = b"OPDIGITS";

thread_local! {
    /// The digits the page fetched (none until a learner picks them; natively, until a test or
    /// the bench installs them).
    static INSTALLED: std::cell::RefCell<Option<std::rc::Rc<Digits>>> =
        const { std::cell::RefCell::new(None) };
}

/// Makes `digits` the ones every digits experiment trains on.
pub fn install(digits: Digits) {
    INSTALLED.with(|d| *d.borrow_mut() = Some(std::rc::Rc::new(digits)));
}

/// The installed digits, if any.
pub fn installed() -> Option<std::rc::Rc<Digits>> {
    INSTALLED.with(|d| d.borrow().clone())
}

/// How the pixels reach the network (input scale is itself a lesson): as they are (0–16),
/// divided by 16, or standardised per pixel with the training part's mean and deviation (a
/// pixel that never changes there is only centred).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scaling {
    Raw,
    Unit,
    Standard,
}

impl Scaling {
    pub const ALL: [Scaling; 3] = [Scaling::Raw, Scaling::Unit, Scaling::Standard];

    /// The name in links.
    pub fn name(self) -> &'static str {
        match self {
            Scaling::Raw => "raw",
            Scaling::Unit => "unit",
            Scaling::Standard => "standard",
        }
    }

    pub fn from_name(name: &str) -> Option<Scaling> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Per pixel, the value subtracted and the divisor.
#[derive(Clone, PartialEq)]
pub struct Scaler {
    shift: [f64; PIXELS],
    divide: [f64; PIXELS],
}

impl Scaler {
    /// The network's inputs for an image's 64 pixels.
    pub fn apply(&self, pixels: &[u8], out: &mut [f64]) {
        for (p, v) in out.iter_mut().enumerate().take(PIXELS) {
            *v = (pixels[p] as f64 - self.shift[p]) / self.divide[p];
        }
    }
}

/// The digits, in the file's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digits {
    /// `len × 64` pixel values in `0..=16`.
    pub pixels: Vec<u8>,
    pub labels: Vec<u8>,
}

/// FNV-1a, 32 bits: the file's checksum (a damaged download, not an attacker, is what it
/// catches).
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h: u32, &b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

impl Digits {
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Image `i`'s pixels.
    pub fn image(&self, i: usize) -> &[u8] {
        &self.pixels[i * PIXELS..(i + 1) * PIXELS]
    }

    /// Reads the file; an error says what is wrong with it.
    pub fn decode(bytes: &[u8]) -> Result<Digits, String> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err("not a digits file".into());
        }
        let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
        let version = u16_at(8);
        if version != 1 {
            return Err(format!(
                "a digits file of version {version}; this page reads version 1"
            ));
        }
        let count = u16_at(10) as usize;
        let want = HEADER + count * RECORD;
        if bytes.len() != want {
            return Err(format!(
                "the digits file is {} bytes, not the {want} its {count} images take (cut short or damaged)",
                bytes.len()
            ));
        }
        let checksum = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
        if fnv1a(&bytes[HEADER..]) != checksum {
            return Err("the digits file does not match its checksum (damaged)".into());
        }
        let mut pixels = Vec::with_capacity(count * PIXELS);
        let mut labels = Vec::with_capacity(count);
        for (n, record) in bytes[HEADER..].chunks_exact(RECORD).enumerate() {
            let label = record[0];
            if label as usize >= CLASSES {
                return Err(format!("image {n} has label {label}, not 0 to 9"));
            }
            labels.push(label);
            let mut rest = &record[1..];
            for width in [8, 8, 8, 8, 4] {
                let (group, tail) = rest.split_at(width);
                rest = tail;
                let mut bytes8 = [0u8; 8];
                bytes8[..width].copy_from_slice(group);
                let mut value = u64::from_le_bytes(bytes8);
                for _ in 0..if width == 8 { 15 } else { 4 } {
                    pixels.push((value % 17) as u8);
                    value /= 17;
                }
                if value != 0 {
                    return Err(format!("image {n} has a pixel above {MAX_PIXEL}"));
                }
            }
        }
        Ok(Digits { pixels, labels })
    }

    /// The training and test sets of [`Digits::split`], 64 values a point, scaled as asked.
    pub fn datasets(&self, test_share: f64, seed: u64, scaling: Scaling) -> (Dataset, Dataset) {
        let (train, test) = self.split(test_share, seed);
        let scaler = self.scaler(&train, scaling);
        let set = |indices: &[usize]| {
            let mut d = Dataset::with_dim(CLASSES, PIXELS);
            let mut row = [0.0; PIXELS];
            for &i in indices {
                scaler.apply(self.image(i), &mut row);
                d.push_row(&row, self.labels[i] as usize);
            }
            d
        };
        (set(&train), set(&test))
    }

    /// How `scaling` maps pixels, with the statistics of the training images `train` (the
    /// same map then serves the test images and a digit drawn on the page).
    pub fn scaler(&self, train: &[usize], scaling: Scaling) -> Scaler {
        let mut s = Scaler {
            shift: [0.0; PIXELS],
            divide: [1.0; PIXELS],
        };
        match scaling {
            Scaling::Raw => {}
            Scaling::Unit => s.divide = [MAX_PIXEL as f64; PIXELS],
            Scaling::Standard if !train.is_empty() => {
                let n = train.len() as f64;
                for p in 0..PIXELS {
                    let values = train.iter().map(|&i| self.image(i)[p] as f64);
                    let mean = values.clone().sum::<f64>() / n;
                    let var = values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
                    s.shift[p] = mean;
                    s.divide[p] = if var > 0.0 { var.sqrt() } else { 1.0 };
                }
            }
            Scaling::Standard => {}
        }
        s
    }

    /// A fixed, seeded split: `test_share` of each class held out (stratified, so both parts
    /// keep the classes' proportions), the same on every machine for a seed. Returns the
    /// indices of the training and the test images.
    pub fn split(&self, test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
        let mut rng = Rng::new(seed);
        let (mut train, mut test) = (Vec::new(), Vec::new());
        for class in 0..CLASSES as u8 {
            let mut of_class: Vec<usize> = (0..self.len())
                .filter(|&i| self.labels[i] == class)
                .collect();
            rng.shuffle(&mut of_class);
            let held = (test_share.clamp(0.0, 1.0) * of_class.len() as f64).round() as usize;
            test.extend_from_slice(&of_class[..held]);
            train.extend_from_slice(&of_class[held..]);
        }
        rng.shuffle(&mut train);
        rng.shuffle(&mut test);
        (train, test)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed asset, as `make data` wrote it.
    fn asset() -> Vec<u8> {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/digits.bin")).unwrap()
    }

    /// What `.ci/digits.py` writes, for files made up here.
    fn encode(images: &[([u8; PIXELS], u8)]) -> Vec<u8> {
        let mut payload = Vec::new();
        for (pixels, label) in images {
            payload.push(*label);
            for (start, count, width) in [
                (0, 15, 8),
                (15, 15, 8),
                (30, 15, 8),
                (45, 15, 8),
                (60, 4, 4),
            ] {
                let value = pixels[start..start + count]
                    .iter()
                    .rev()
                    .fold(0u64, |v, &p| v * 17 + p as u64);
                payload.extend_from_slice(&value.to_le_bytes()[..width]);
            }
        }
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&(images.len() as u16).to_le_bytes());
        out.extend_from_slice(&fnv1a(&payload).to_le_bytes());
        out.extend(payload);
        out
    }

    #[test]
    fn the_asset_holds_scikit_learns_digits() {
        let d = Digits::decode(&asset()).unwrap();
        assert_eq!(d.len(), 1797);
        let mut per_class = [0; CLASSES];
        for &l in &d.labels {
            per_class[l as usize] += 1;
        }
        // scikit-learn's load_digits: its class counts, and its first image (a zero).
        assert_eq!(
            per_class,
            [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
        );
        assert_eq!(d.labels[0], 0);
        assert_eq!(
            &d.image(0)[..16],
            &[0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0]
        );
        assert!(d.pixels.iter().all(|&p| p <= MAX_PIXEL));
        assert!(d.pixels.contains(&MAX_PIXEL));
    }

    #[test]
    fn a_damaged_or_short_file_is_refused_with_the_reason() {
        let mut bright = [0u8; PIXELS];
        bright[63] = 16;
        bright[0] = 16;
        let good = encode(&[([7; PIXELS], 3), (bright, 9)]);
        let d = Digits::decode(&good).unwrap();
        assert_eq!(d.image(1), &bright[..]);
        assert_eq!(d.labels, [3, 9]);
        let short = &good[..good.len() - 1];
        assert!(Digits::decode(short).unwrap_err().contains("cut short"));
        let mut flipped = good.clone();
        flipped[HEADER + 5] ^= 1;
        assert!(Digits::decode(&flipped).unwrap_err().contains("checksum"));
        assert_eq!(Digits::decode(b"<html>").unwrap_err(), "not a digits file");
        assert_eq!(Digits::decode(&[]).unwrap_err(), "not a digits file");
        let mut version = good.clone();
        version[8] = 2;
        assert!(Digits::decode(&version).unwrap_err().contains("version 2"));
        let wrong = encode(&[([0; PIXELS], 12)]);
        assert!(Digits::decode(&wrong).unwrap_err().contains("label 12"));
    }

    #[test]
    fn each_scaling_gives_the_network_what_it_says() {
        let d = Digits::decode(&asset()).unwrap();
        let (raw, raw_test) = d.datasets(0.25, 1, Scaling::Raw);
        assert_eq!(
            (raw.len(), raw_test.len(), raw.dim, raw.classes),
            (1346, 451, 64, 10)
        );
        assert!(raw.inputs.iter().all(|&v| (0.0..=16.0).contains(&v)));
        let (unit, _) = d.datasets(0.25, 1, Scaling::Unit);
        assert!(unit
            .inputs
            .iter()
            .zip(&raw.inputs)
            .all(|(u, r)| *u == r / 16.0));
        let (standard, standard_test) = d.datasets(0.25, 1, Scaling::Standard);
        for p in 0..PIXELS {
            let column: Vec<f64> = (0..standard.len()).map(|i| standard.row(i)[p]).collect();
            let mean = column.iter().sum::<f64>() / column.len() as f64;
            let var = column.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / column.len() as f64;
            assert!(mean.abs() < 1e-9, "pixel {p}: mean {mean}");
            assert!(
                (var - 1.0).abs() < 1e-9 || var == 0.0,
                "pixel {p}: variance {var}"
            );
        }
        // The test part is scaled by the training part's figures, not its own.
        assert_eq!(standard_test.labels, raw_test.labels);
        assert_eq!(
            Scaling::ALL.map(|s| Scaling::from_name(s.name())),
            Scaling::ALL.map(Some)
        );
    }

    #[test]
    fn the_split_keeps_each_class_and_is_the_same_every_time() {
        let d = Digits::decode(&asset()).unwrap();
        let (train, test) = d.split(0.25, 1);
        assert_eq!(train.len() + test.len(), d.len());
        assert_eq!((train.len(), test.len()), (1346, 451));
        for class in 0..CLASSES as u8 {
            let held = test.iter().filter(|&&i| d.labels[i] == class).count();
            assert!((43..=46).contains(&held), "class {class}: {held} held out");
        }
        let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..d.len()).collect::<Vec<_>>());
        assert_eq!(d.split(0.25, 1), (train, test));
        assert_ne!(d.split(0.25, 2).1, d.split(0.25, 1).1);
    }
}
