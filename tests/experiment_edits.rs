//! Editing an experiment through its fields, as the page's inputs do: what each edit
//! changes, what it refuses and why, and what it makes the page redo.

use optimizer_playground::nn::{Activation, Loss, MAX_HIDDEN_LAYERS};
use optimizer_playground::optim::HyperValue;
use optimizer_playground::schedule::Schedule;
use optimizer_playground::state::link::{hash, read_experiment};
use optimizer_playground::state::{Change, Experiment, Launch, MAX_LANES};
use optimizer_playground::surface::TestFunction;

#[test]
fn the_default_is_the_opening_race() {
    let p = Experiment::default();
    assert_eq!(p.network().sizes, vec![2, 8, 8, 1]);
    assert_eq!(p.batch_size, 10);
    let names: Vec<&str> = p.lanes.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["SGD", "Momentum", "Adam"]);
    assert_eq!(
        p.lanes[1].optimizer.get("momentum"),
        Some(HyperValue::Number(0.9))
    );
    assert_eq!(p.lanes[2].optimizer.lr(), 0.01);
    let race = p.race().unwrap();
    assert_eq!(race.lanes().len(), 3);
    assert_eq!(race.train().len() + race.test().len(), 400);
}

#[test]
fn the_same_experiment_gives_the_same_data() {
    let p = Experiment::default();
    assert_eq!(p.datasets(), p.datasets());
    let mut q = p.clone();
    q.apply("seed", "2").unwrap();
    assert_ne!(p.datasets().0.inputs, q.datasets().0.inputs);
}

#[test]
fn bad_input_leaves_the_experiment_unchanged_and_says_why() {
    let mut p = Experiment::default();
    let before = p.clone();
    assert_eq!(
        p.apply("noise", "abc").unwrap_err(),
        "\"abc\" is not a number"
    );
    assert_eq!(
        p.apply("noise", "3").unwrap_err(),
        "must be between 0 and 1"
    );
    assert_eq!(
        p.apply("layer.0", "40").unwrap_err(),
        "must be a whole number from 1 to 32"
    );
    assert_eq!(
        p.apply("lane.2.param.betas.0", "1.5").unwrap_err(),
        "adam: invalid betas[0] = 1.5: must be in [0, 1)"
    );
    assert_eq!(p.apply("lane.9.name", "x").unwrap_err(), "no such lane");
    assert_eq!(
        p.apply("bogus", "1").unwrap_err(),
        "unknown field \"bogus\""
    );
    assert_eq!(
        p.apply("embed", "1").unwrap_err(),
        "unknown field \"embed\""
    );
    assert_eq!(p, before);
}

#[test]
fn edits_say_what_to_redo() {
    let mut p = Experiment::default();
    assert_eq!(p.apply("noise", "0.2"), Ok(Change::Race));
    assert_eq!(p.apply("lane.0.param.lr", "0.1"), Ok(Change::Lane(0)));
    assert_eq!(p.lanes[0].optimizer.lr(), 0.1);
    assert_eq!(
        p.apply("lane.1.name", "Heavy ball"),
        Ok(Change::LaneName(1))
    );
    assert_eq!(p.apply("log_scale", "true"), Ok(Change::View));
    assert_eq!(p.apply("lane.0.optimizer", "rmsprop"), Ok(Change::Lane(0)));
    assert_eq!(
        p.lanes[0].optimizer.lr(),
        0.1,
        "the learning rate survives a switch"
    );
    assert_eq!(p.apply("lane.2.param.betas.1", "0.99"), Ok(Change::Lane(2)));
    assert_eq!(
        p.lanes[2].optimizer.get("betas"),
        Some(HyperValue::Pair(0.9, 0.99))
    );
    assert_eq!(p.apply("surface", "regression"), Ok(Change::Landscape));
}

#[test]
fn schedules_are_picked_and_tuned() {
    let mut p = Experiment::default();
    p.apply("lane.0.schedule", "StepLR").unwrap();
    p.apply("lane.0.schedule.gamma", "0.25").unwrap();
    assert!(matches!(p.lanes[0].schedule, Schedule::StepLR { gamma, .. } if gamma == 0.25));
    p.apply("lane.0.schedule", "MultiStepLR").unwrap();
    p.apply("lane.0.schedule.milestones", "10, 20").unwrap();
    assert!(
        matches!(&p.lanes[0].schedule, Schedule::MultiStepLR { milestones, .. } if milestones == &[10, 20])
    );
    assert!(p.apply("lane.0.schedule.gamma", "-1").is_err());
    for name in optimizer_playground::schedule::SCHEDULE_NAMES {
        p.apply("lane.0.schedule", name).unwrap();
        assert_eq!(p.lanes[0].schedule.name(), name);
    }
}

#[test]
fn three_classes_get_softmax_or_one_hot_outputs() {
    let mut p = Experiment::default();
    p.apply("dataset", "spiral3").unwrap();
    let net = p.network();
    assert_eq!(net.outputs(), 3);
    assert_eq!(net.loss, Loss::SoftmaxCrossEntropy);
    p.apply("loss", "squared_error").unwrap();
    assert_eq!(p.network().loss, Loss::Mse);
    assert_eq!(p.network().output_activation, Activation::Linear);
    p.race().unwrap();
}

#[test]
fn lanes_and_layers_have_limits() {
    let mut p = Experiment::default();
    while p.lanes.len() < MAX_LANES {
        p.add_lane(Some(0)).unwrap();
    }
    assert_eq!(p.add_lane(None).unwrap_err(), "at most 6 lanes");
    assert_eq!(p.lanes[3].name, "SGD copy");
    assert_eq!(p.lanes[4].name, "SGD copy 2");
    for _ in 0..5 {
        p.remove_lane(0).unwrap();
    }
    assert_eq!(
        p.remove_lane(0).unwrap_err(),
        "a race needs at least one lane"
    );
    while p.hidden.len() < MAX_HIDDEN_LAYERS {
        p.add_layer().unwrap();
    }
    assert!(p.add_layer().is_err());
    while !p.hidden.is_empty() {
        p.remove_layer().unwrap();
    }
    assert_eq!(p.network().sizes, vec![2, 1]);
    p.race().unwrap();
}

#[test]
fn the_landscape_follows_surface_scale_start_and_noise() {
    let mut p = Experiment::default();
    p.apply("surface", "quadratic").unwrap();
    assert_eq!(p.scale, 25.0);
    let l = p.landscape();
    assert_eq!(l.start, [2.0, 1.0]);
    p.apply("start", "0.5,0.5").unwrap();
    p.apply("scale", "100").unwrap();
    let l = p.landscape();
    assert_eq!(l.start, [0.5, 0.5]);
    assert_eq!(l.surface.gradient([1.0, 1.0]), [1.0, 100.0]);
    assert_eq!(
        p.apply("gradient_noise", "loud").unwrap_err(),
        "unknown gradient noise \"loud\" (exact, gaussian:STD or batch:SIZE)"
    );
    p.apply("surface", "regression").unwrap();
    assert_eq!(p.start, None);
}

#[test]
fn drawn_points_replace_the_generated_sets_and_travel_exactly() {
    let mut p = Experiment::default();
    p.clear_points();
    assert!(p.race().is_err(), "no points, no race");
    p.add_point([1.0, 1.0], 0).unwrap();
    p.add_point([-1.23456, -1.0], 1).unwrap();
    assert_eq!(
        p.add_point([0.0, 0.0], 2).unwrap_err(),
        "there is no class 2"
    );
    let (train, _) = p.datasets();
    assert_eq!(train.labels, vec![0, 1]);
    assert_eq!(train.point(1), [-1.235, -1.0], "snapped to a thousandth");
    let (q, ignored) = read_experiment(&hash(&p, &Launch::default()));
    assert!(ignored.is_empty(), "{ignored:?}");
    assert_eq!(q, p);
    assert!(p.erase_point([0.9, 1.1], 0.5));
    assert_eq!(p.datasets().0.len(), 1);
    assert!(!p.erase_point([5.0, 5.0], 0.5));
    // Drawing on generated data keeps every point, snapped, and the link carries them all.
    let mut g = Experiment::default();
    g.add_point([0.5, 0.5], 1).unwrap();
    assert_eq!(g.datasets().0.len(), 201);
    let (h, _) = read_experiment(&hash(&g, &Launch::default()));
    assert_eq!(h.datasets(), g.datasets());
}

/// `check` accepts exactly the experiments `race` builds (or that only lack points).
#[test]
fn the_cheap_check_agrees_with_building_the_race() {
    let mut p = Experiment::default();
    assert_eq!(p.check(), Ok(()));
    p.hidden = vec![40];
    assert_eq!(p.check().unwrap_err(), p.race().unwrap_err().to_string());
    p.hidden = vec![4];
    p.lanes[0]
        .optimizer
        .set("lr", HyperValue::Number(-1.0))
        .unwrap();
    assert_eq!(p.check().unwrap_err(), p.race().unwrap_err().to_string());
    let mut p = Experiment::default();
    p.clear_points();
    assert_eq!(p.check(), Ok(()), "an empty plane waits for points");
    p.add_point([0.0, 0.0], 0).unwrap();
    p.custom.as_mut().unwrap().0.labels[0] = 5;
    assert_eq!(p.check().unwrap_err(), p.race().unwrap_err().to_string());
}

/// SGD at a learning rate of 100 (or a million) on the default classifier keeps a finite but
/// huge loss: it is called unstable, while the others train on, untouched.
#[test]
fn a_runaway_lane_is_called_unstable() {
    for lr in ["100", "1000000"] {
        let mut e = Experiment::default();
        e.apply("lane.0.param.lr", lr).unwrap();
        let mut race = e.race().unwrap();
        race.step_to(300);
        let runaway = &race.lanes()[0];
        let u = runaway
            .unstable()
            .unwrap_or_else(|| panic!("lr {lr}: {:?}", runaway.latest()));
        assert!(u.to_string().starts_with("unstable since step "), "{u}");
        for lane in &race.lanes()[1..] {
            assert!(lane.unstable().is_none() && lane.diverged().is_none());
        }
    }
}

/// Adam with eps = 0 on zero weights divides 0 by 0 at its first step: the message names that,
/// not the learning rate.
#[test]
fn a_zero_over_zero_update_is_named() {
    let mut e = Experiment::default();
    e.apply("init", "zeros").unwrap();
    e.apply("lane.2.param.eps", "0").unwrap();
    let mut race = e.race().unwrap();
    race.step_to(5);
    let d = race.lanes()[2].diverged().expect("Adam stops");
    assert_eq!(
        d.to_string(),
        "stopped at step 1: an update divided 0 by 0 (a zero gradient with eps = 0); raise eps"
    );
}

/// Switching the default lanes to the loss landscape gives each a rate that walks Rosenbrock
/// to its minimum (the classifier's rates diverged there at step 2); back on the classifier,
/// they get theirs back. A rate the learner chose stays.
#[test]
fn the_default_landscape_converges_for_every_default_lane() {
    let mut e = Experiment::default();
    e.apply("lane.1.param.lr", "0.001").unwrap(); // the learner's own choice
    e.apply("view", "landscape").unwrap();
    assert_eq!(
        e.lanes[0].optimizer.lr(),
        0.002,
        "Rosenbrock's gradient rate"
    );
    assert_eq!(e.lanes[1].optimizer.lr(), 0.001, "a chosen rate stays");
    assert_eq!(e.lanes[2].optimizer.lr(), 0.05, "a normalized step");
    let land = e.landscape();
    let (start, least) = (land.surface.value(land.start), land.surface.min_value());
    for lane in &e.lanes {
        let w = land.walk(lane, e.walk_steps).unwrap();
        assert!(
            w.diverged().is_none() && w.unstable().is_none(),
            "{}",
            lane.name
        );
        assert!(
            (w.loss() - least) < 0.5 * (start - least),
            "{}: {}",
            lane.name,
            w.loss()
        );
    }
    e.apply("surface", "quadratic").unwrap();
    assert_eq!(e.lanes[0].optimizer.lr(), 0.05, "1.25 / κ for κ = 25");
    e.apply("scale", "100").unwrap();
    assert_eq!(e.lanes[0].optimizer.lr(), 0.0125);
    e.apply("view", "classifier").unwrap();
    let lrs: Vec<f64> = e.lanes.iter().map(|l| l.optimizer.lr()).collect();
    assert_eq!(lrs, [0.03, 0.001, 0.01]);
}
