//! Every sentence the engine can show a learner reads in Russian and in Persian: the messages
//! the fuzzing suite's cases draw out of the page's own code (links, every optimizer's
//! hyperparameters, points files, race files, host messages), the divergence and instability
//! notes, every weight's name in the inspector and every hyperparameter's tooltip, each
//! translated through the catalogs the page fetches (`www/i18n/`). What stays in Latin letters
//! must be a name (an optimizer, a schedule, a parameter as PyTorch spells it, a link key) or
//! what the learner wrote.

use std::collections::{BTreeMap, BTreeSet};

use optimizer_playground::challenge::{judge, Goal};
use optimizer_playground::data::digits::Scaling;
use optimizer_playground::data::DatasetKind;
use optimizer_playground::fuzz::target;
use optimizer_playground::i18n::{self, Catalog, Lang};
use optimizer_playground::nn::{Activation, Init};
use optimizer_playground::optim::OptimizerKind;
use optimizer_playground::race::{Divergence, DivergenceCause, Instability};
use optimizer_playground::rng::Rng;
use optimizer_playground::schedule::{Schedule, SCHEDULE_NAMES};
use optimizer_playground::state::link::{read_address, read_experiment};
use optimizer_playground::state::{DigitView, Experiment, LossChoice, PANELS};
use optimizer_playground::surface::SurfaceKind;
use optimizer_playground::view::export::{check_race_file, parse_points_csv, read_race};
use optimizer_playground::view::protocol;

fn install() {
    for lang in [Lang::Ru, Lang::Fa] {
        let path = format!(
            "{}/www/i18n/{}.json",
            env!("CARGO_MANIFEST_DIR"),
            lang.code()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        i18n::install(lang, Catalog::parse(&text).unwrap());
    }
}

/// Names that stay as they are in every language.
use optimizer_playground::lessons::{parse_index, Lesson};

fn names() -> BTreeSet<String> {
    let mut names: BTreeSet<String> = [
        // A lesson file's header keys and the views' names, written as in the files and links.
        "id",
        "challenge",
        "free",
        "points",
        "classifier",
        "landscape",
        "NaN",
        "inf",
        "PyTorch",
        "torch",
        "SCORM",
        "LMS",
        "JSON",
        "CSV",
        "PNG",
        "API",
        "HTTP",
        "Optimizer",
        "Playground",
        "true",
        "false",
        "x",
        "y",
        "label",
        "set",
        "train",
        "test",
        "lr",
        "ms",
        "AMSGrad",
        "exact",
        "gaussian",
        "batch",
        "en",
        "ru",
        "fa",
        "state",
        "load",
        "format",
        "optimizer-playground",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for &kind in OptimizerKind::ALL {
        names.insert(kind.name().into());
        names.insert(kind.label().into());
        for spec in kind.params() {
            names.insert(spec.name.into());
        }
    }
    for &name in SCHEDULE_NAMES.iter() {
        names.insert(name.into());
        if let Some(schedule) = Schedule::suggested(name) {
            for (arg, _) in schedule.args() {
                names.insert(arg.to_string());
            }
        }
    }
    names.extend(PANELS.iter().map(|p| p.to_string()));
    names.extend(DatasetKind::ALL.iter().map(|k| k.name().to_string()));
    names.extend(SurfaceKind::ALL.iter().map(|k| k.name().to_string()));
    names.extend(Activation::ALL.iter().map(|k| k.name().to_string()));
    names.extend(Init::ALL.iter().map(|k| k.name().to_string()));
    names.extend(LossChoice::ALL.iter().map(|k| k.name().to_string()));
    names.extend(Scaling::ALL.iter().map(|s| s.name().to_string()));
    names.extend(DigitView::ALL.iter().map(|v| v.name().to_string()));
    // The race file's format name and the example course folder (lessons/week5/), as they are.
    names.extend(["playground", "week5", "week"].map(String::from));
    names
}

/// The words in Latin letters `text` still holds once names, identifiers (`lane.0.param.lr`,
/// `betas[0]`, `T_0`), single letters (symbols) and the learner's own words are set aside.
fn english<'a>(text: &'a str, names: &BTreeSet<String>, own: &BTreeSet<&str>) -> Vec<&'a str> {
    let is_part = |c: char| c.is_ascii_alphanumeric() || "_.[]".contains(c);
    let mut out = Vec::new();
    for token in text.split(|c: char| !is_part(c)) {
        let token = token.trim_matches('.');
        let identifier =
            token.contains(['_', '.', '[']) || token.contains(|c: char| c.is_ascii_digit());
        if identifier || token.chars().filter(|c| c.is_ascii_alphabetic()).count() < 2 {
            continue;
        }
        let mine = token
            .split(|c: char| !c.is_ascii_alphabetic())
            .all(|part| part.len() < 2 || own.contains(part));
        if !names.contains(token) && !mine {
            out.push(token);
        }
    }
    out
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every untranslated sentence by its first untranslated words, one example each.
struct Misses(BTreeMap<String, String>);

impl Misses {
    fn check(&mut self, english_text: &str, input: &str, names: &BTreeSet<String>) {
        for lang in [Lang::Ru, Lang::Fa] {
            let shown = i18n::message(lang, english_text);
            self.check_shown(lang, &shown, english_text, input, names);
        }
    }

    /// `shown`, what the page shows in `lang` for `english_text`.
    fn check_shown(
        &mut self,
        lang: Lang,
        shown: &str,
        english_text: &str,
        input: &str,
        names: &BTreeSet<String>,
    ) {
        // The learner's words as typed and as a link decodes them (`%45` is `E`).
        let decoded = percent_decoded(input);
        let own: BTreeSet<&str> = input
            .split(|c: char| !c.is_ascii_alphabetic())
            .chain(decoded.split(|c: char| !c.is_ascii_alphabetic()))
            .collect();
        let left = english(shown, names, &own);
        if !left.is_empty() {
            let key = format!("{}: {}", lang.code(), left.join(" "));
            self.0
                .entry(key)
                .or_insert_with(|| english_text.to_string());
        }
    }
}

#[test]
fn every_message_the_engine_shows_reads_in_russian_and_persian() {
    install();
    let names = names();
    let mut misses = Misses(BTreeMap::new());
    let mut rng = Rng::new(20261203);
    let draw = |name: &str, rng: &mut Rng, case: usize| {
        let t = target(name).unwrap();
        (t.draw)(rng, case).join(t.separator)
    };
    for case in 0..1500 {
        let text = draw("links", &mut rng, case);
        let address = read_address("", &format!("#{text}"));
        for m in &address.ignored {
            misses.check(m, &text, &names);
        }
        if let Err(e) = address.experiment.unwrap_or_default().race() {
            misses.check(&e.to_string(), &text, &names);
        }
    }
    for case in 0..1100 {
        let text = draw("hyperparameters", &mut rng, case);
        for m in read_experiment(&text).1 {
            misses.check(&m, &text, &names);
        }
    }
    for case in 0..800 {
        let text = draw("points-csv", &mut rng, case);
        let import = parse_points_csv(&text);
        for lang in [Lang::Ru, Lang::Fa] {
            let notice = import.refusals_in(|m| i18n::message(lang, m));
            misses.check_shown(lang, &notice, &import.refusals(), &text, &names);
        }
    }
    for case in 0..800 {
        let text = draw("race-json", &mut rng, case);
        match read_race(&text) {
            Err(m) => misses.check(&m, &text, &names),
            Ok(file) => {
                let (exp, _) = read_experiment(&file.state);
                if let Ok(race) = exp.race() {
                    if let Err(m) = check_race_file(&file, &race) {
                        misses.check(&m, &text, &names);
                    }
                }
            }
        }
    }
    for case in 0..800 {
        let text = draw("host-messages", &mut rng, case);
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
        };
        let version = field("version").and_then(|v| v.parse::<f64>().ok());
        if let Err(m) = protocol::command(
            field("source"),
            version,
            field("type"),
            field("state"),
            None,
        ) {
            misses.check(&m, &text, &names);
        }
    }
    // What a lane's badge, a walker's line and the inspector say.
    for cause in [
        DivergenceCause::LossNan,
        DivergenceCause::LossInfinite,
        DivergenceCause::LossExploded,
        DivergenceCause::WeightsNotFinite,
        DivergenceCause::ZeroOverZero,
    ] {
        misses.check(&Divergence { step: 12, cause }.to_string(), "", &names);
    }
    let unstable = Instability {
        since: 40,
        first_loss: 0.7,
        loss: 27.5,
    };
    misses.check(&unstable.to_string(), "", &names);
    // A teacher's damaged lesson files and course index, as the page names them.
    let head = "id: a\nstate: v=1\n";
    for source in [
        "state: v=1\n== en\n# T\nx".to_string(),
        "id: a\n== en\n# T\nx".to_string(),
        head.to_string(),
        "id: a b\nstate: v=1\n== en\n# T\nx".to_string(),
        "id: a\nstate: v=1&lanes=99\n== en\n# T\nx".to_string(),
        format!("{head}colour: red\n== en\n# T\nx"),
        format!("{head}hello\n"),
        format!("{head}== de\n# T\nx"),
        format!("{head}== en\nx\n"),
        format!("{head}== en\n# T\n== ru\n# T\nx"),
        format!("{head}== en\n# T\n# U\nx"),
        format!("{head}== en\n# T\nx\n== en\n# T\nx"),
        format!("{head}challenge: loss <= 1 within ten steps\n== en\n# T\nx"),
        format!("{head}challenge: loss <= 1 within 10 steps\n== en\n# T\nx"),
        format!("{head}challenge: test_accuracy >= 2 within 10 steps\nfree: lane.5.param.lr\n== en\n# T\nx"),
        format!("{head}challenge: test_accuracy >= 2 within 10 steps\npoints: 0\n== en\n# T\nx"),
        format!("{head}points: 5\n== en\n# T\nx"),
    ] {
        let why = Lesson::parse("lessons/week1/rate.md", &source).unwrap_err();
        misses.check(&why, &format!("{source} lessons/week1/rate.md"), &names);
    }
    for index in ["../x.md", "# nothing", &"a.md\n".repeat(101)] {
        let why = parse_index("lessons/week1/index.txt", index).unwrap_err();
        misses.check(&why, &format!("{index} lessons/week1/index.txt"), &names);
    }
    // A challenge's goal and verdicts, as a lesson card shows them.
    for goal in [
        "loss of lane 1 <= 0.05 within 300 steps",
        "train_loss <= 0.3 within 20 steps",
        "test_loss <= 0.2 within 20 steps",
        "train_accuracy >= 0.99 within 20 steps",
        "test_accuracy >= 0.5 within 20 steps",
    ] {
        let goal = Goal::parse(goal).unwrap();
        misses.check(&goal.describe(), "", &names);
        for state in ["v=1&view=landscape&lanes=2", "v=1&lanes=2"] {
            let (state, _) = read_experiment(state);
            let verdict = judge(&goal, &state);
            misses.check(&verdict.text, "", &names);
        }
    }
    // A damaged digits file, as the page says it.
    {
        use optimizer_playground::data::digits::Digits;
        let good =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/digits.bin")).unwrap();
        let mut flipped = good.clone();
        flipped[100] ^= 1;
        let mut version = good.clone();
        version[8] = 2;
        for bytes in [&b"<html>"[..], &good[..100], &flipped, &version] {
            misses.check(&Digits::decode(bytes).unwrap_err(), "", &names);
        }
    }
    let exp = Experiment {
        batch_norm: true,
        ..Default::default()
    };
    let spec = exp.network();
    let race = exp.race().unwrap();
    for index in 0..race.lanes()[0].net().param_count() {
        misses.check(&spec.describe(index).to_string(), "", &names);
    }
    for &kind in OptimizerKind::ALL {
        for spec in kind.params() {
            misses.check(spec.doc, "", &names);
        }
    }
    let report: Vec<String> = misses
        .0
        .iter()
        .map(|(words, example)| format!("{words}\n    in: {example}"))
        .collect();
    assert!(
        report.is_empty(),
        "{} sentences keep English words:\n{}",
        report.len(),
        report.join("\n")
    );
}
