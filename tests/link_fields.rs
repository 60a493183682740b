//! The field tables against the link, both ways: every declared key round-trips with valid
//! random values, and a damaged value of any key is skipped alone, with a reason.

use optimizer_playground::rng::Rng;
use optimizer_playground::state::fields::FIELDS;
use optimizer_playground::state::launch::LAUNCH_FIELDS;
use optimizer_playground::state::link::{self, hash, read_address, read_experiment};
use optimizer_playground::state::samples;
use optimizer_playground::state::table::Field;
use optimizer_playground::state::{Experiment, Launch};

/// Applies `field`'s samples to `target` until one is accepted (a sample may break a rule that
/// ties two fields, like Nesterov needing momentum); returns the accepted pairs.
fn accept<T: Clone>(
    field: &Field<T>,
    target: &mut T,
    rng: &mut Rng,
    sample: impl Fn(&Field<T>, &T, &mut Rng) -> Vec<(String, String)>,
    apply: impl Fn(&mut T, &str, &str) -> Result<(), String>,
) -> Option<Vec<(String, String)>> {
    for _ in 0..20 {
        let pairs = sample(field, target, rng);
        if pairs.is_empty() {
            return None;
        }
        let mut next = target.clone();
        if pairs.iter().all(|(k, v)| apply(&mut next, k, v).is_ok()) {
            *target = next;
            return Some(pairs);
        }
    }
    None
}

fn edit(e: &mut Experiment, k: &str, v: &str) -> Result<(), String> {
    e.apply(k, v).map(drop)
}

fn launch_edit(l: &mut Launch, k: &str, v: &str) -> Result<(), String> {
    l.apply(k, v).map(drop)
}

/// A random experiment: every field once, in a random order, with valid random values.
fn random_experiment(rng: &mut Rng) -> Experiment {
    let mut e = Experiment::default();
    let mut order: Vec<usize> = (0..FIELDS.len()).collect();
    rng.shuffle(&mut order);
    for i in order {
        accept(&FIELDS[i], &mut e, rng, samples::experiment, edit);
    }
    e
}

#[test]
fn every_key_round_trips_with_valid_random_values() {
    let mut accepted = vec![0; FIELDS.len()];
    let mut launch_accepted = vec![0; LAUNCH_FIELDS.len()];
    for seed in 0..300 {
        let mut rng = Rng::new(seed);
        let mut e = random_experiment(&mut rng);
        for (i, field) in FIELDS.iter().enumerate() {
            if accept(field, &mut e, &mut rng, samples::experiment, edit).is_some() {
                accepted[i] += 1;
            }
        }
        let mut l = Launch::default();
        for (i, field) in LAUNCH_FIELDS.iter().enumerate() {
            if accept(
                field,
                &mut l,
                &mut rng,
                |f, _, r| samples::launch(f, r),
                launch_edit,
            )
            .is_some()
            {
                launch_accepted[i] += 1;
            }
        }
        let text = hash(&e, &l);
        let read = read_address("", &format!("#{text}"));
        assert_eq!(read.ignored, Vec::<String>::new(), "seed {seed}: {text}");
        assert_eq!(read.experiment.as_ref(), Some(&e), "seed {seed}: {text}");
        assert_eq!(read.launch, l, "seed {seed}: {text}");
        // Written again, the link is the same text: nothing is lost or reordered.
        assert_eq!(hash(read.experiment.as_ref().unwrap(), &read.launch), text);
        // The experiment's own link leaves the launch out.
        let (alone, ignored) = read_experiment(&link::join(&e.fields()));
        assert!(ignored.is_empty() && alone == e);
    }
    for (field, n) in FIELDS.iter().zip(&accepted) {
        assert!(
            *n > 30,
            "{}: only {n} of 300 random values accepted",
            field.key
        );
    }
    for (field, n) in LAUNCH_FIELDS.iter().zip(&launch_accepted) {
        assert!(
            *n > 30,
            "{}: only {n} of 300 random values accepted",
            field.key
        );
    }
}

/// Candidates for a damaged value: each field refuses at least one of them.
const DAMAGED: [&str; 9] = [
    "",
    "abc",
    "-1",
    "1e999",
    "NaN",
    "0.5.5",
    "🙂",
    "1,2,3,4,5,6,7,8",
    "\u{1}",
];

#[test]
fn a_damaged_value_skips_only_its_key_with_a_reason() {
    for seed in 0..60 {
        let mut rng = Rng::new(1000 + seed);
        let e = random_experiment(&mut rng);
        let good = e.fields();
        for (i, field) in FIELDS.iter().enumerate() {
            // A key of this field as the experiment writes it, or a sample's key for a field
            // that travels under another key.
            let key = good
                .iter()
                .map(|(k, _)| k.clone())
                .find(|k| field.matches(k).is_some())
                .or_else(|| {
                    samples::experiment(field, &e, &mut rng)
                        .first()
                        .map(|(k, _)| k.clone())
                });
            let Some(key) = key else { continue };
            let Some(bad) = DAMAGED.iter().find(|v| e.clone().apply(&key, v).is_err()) else {
                panic!("{}: accepts every damaged candidate", field.key);
            };
            let mut pairs = good.clone();
            let at = rng.below(pairs.len() + 1);
            pairs.insert(at, (key.clone(), bad.to_string()));
            let (read, ignored) = read_experiment(&link::join(&pairs));
            assert_eq!(read, e, "field {} (#{i}), {key}={bad:?}", field.key);
            assert_eq!(ignored.len(), 1, "{key}={bad:?}: {ignored:?}");
            assert!(
                ignored[0].starts_with(&format!("{key}={bad}: ")),
                "{ignored:?}"
            );
        }
    }
}

#[test]
fn a_link_reads_the_same_in_any_order() {
    let mut rng = Rng::new(7);
    for _ in 0..50 {
        let e = random_experiment(&mut rng);
        let mut pairs = e.fields();
        rng.shuffle(&mut pairs);
        let (read, ignored) = read_experiment(&link::join(&pairs));
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!(read, e);
    }
}

#[test]
fn launch_settings_come_from_the_query_and_the_hash_and_stay_apart() {
    let a = read_address("?lang=fa&embed=1&autoplay=yes", "");
    assert_eq!(a.launch.lang.as_deref(), Some("fa"));
    assert!(a.launch.embed && a.launch.autoplay);
    assert_eq!(
        a.experiment, None,
        "no experiment field: the page restores the last one"
    );
    assert!(a.ignored.is_empty());
    // The hash wins for a key given twice; experiment keys may come from either.
    let a = read_address("?lang=fa&dataset=moons", "#v=1&lang=ru&seed=5&lock=network");
    assert_eq!(a.launch.lang.as_deref(), Some("ru"));
    assert_eq!(a.launch.lock, ["network"]);
    let e = a.experiment.unwrap();
    assert_eq!((e.seed, e.dataset.name()), (5, "moons"));
    // Unknown keys, from an LMS or a typo, are named; the rest loads.
    let a = read_address("?scoid=12", "#v=1&noise=lots&bogus=1&embed=maybe");
    assert_eq!(
        a.ignored,
        [
            "embed=maybe: \"maybe\" is not on or off (true or false)",
            "noise=lots: \"lots\" is not a number",
            "scoid=12: unknown field \"scoid\"",
            "bogus=1: unknown field \"bogus\"",
        ]
    );
    // A lesson or a host's link read as an experiment does not carry launch settings in.
    let (e, ignored) = read_experiment("v=1&embed=true&lock=network&seed=3");
    assert!(ignored.is_empty());
    assert_eq!(e.seed, 3);
}

#[test]
fn a_damaged_link_keeps_what_it_can_and_says_what_it_ignored() {
    let (e, ignored) =
        read_experiment("v=2&seed=7&noise=lots&bogus=1&lane.0.param.lr=%ZZ&dataset=moons&junk");
    assert_eq!(e.seed, 7);
    assert_eq!(e.dataset.name(), "moons");
    assert_eq!(e.noise, 0.0);
    assert_eq!(ignored.len(), 5, "{ignored:?}");
    assert!(ignored[0].contains("version 2"));
    assert!(ignored.contains(&"noise=lots: \"lots\" is not a number".to_string()));
    assert!(ignored.contains(&"bogus=1: unknown field \"bogus\"".to_string()));
    assert_eq!(read_experiment("").0, Experiment::default());
}

/// A long link is read field by field with the cheap check (no race built per field): the
/// page's own test times it.
#[test]
fn long_links_are_read_whole() {
    let mut text = String::from("v=1&points=2000&layers=32,32,32,32,32,32&lanes=6");
    for _ in 0..400 {
        text.push_str("&noise=0");
    }
    let (e, ignored) = read_experiment(&text);
    assert!(ignored.is_empty(), "{ignored:?}");
    assert_eq!((e.points, e.lanes.len(), e.hidden.len()), (2000, 6, 6));
}

#[test]
fn a_setting_that_needs_a_later_one_is_read_once_that_one_is_in() {
    // Written by hand in this order: Nesterov first, the momentum it needs after.
    let (e, ignored) = read_experiment(
        "v=1&lanes=1&lane.0.optimizer=sgd&lane.0.param.nesterov=true&lane.0.param.momentum=0.9",
    );
    assert!(ignored.is_empty(), "{ignored:?}");
    assert_eq!(
        e.fields()
            .iter()
            .find(|(k, _)| k == "lane.0.param.nesterov")
            .map(|(_, v)| v.as_str()),
        Some("true")
    );
    // Refused for good when it never fits, and a later value of the same key wins untouched.
    let (_, ignored) =
        read_experiment("v=1&lanes=1&lane.0.optimizer=sgd&lane.0.param.nesterov=true");
    assert_eq!(ignored.len(), 1, "{ignored:?}");
    let (e, ignored) = read_experiment(
        "v=1&lanes=1&lane.0.optimizer=sgd&lane.0.param.nesterov=true&lane.0.param.nesterov=false&lane.0.param.momentum=0.9",
    );
    assert_eq!(ignored.len(), 1, "{ignored:?}");
    assert_eq!(
        e.fields()
            .iter()
            .find(|(k, _)| k == "lane.0.param.nesterov")
            .map(|(_, v)| v.as_str()),
        Some("false")
    );
}
