//! The handwritten digits (`www/data/digits.bin`) through the engine: a 64-pixel network
//! trains on them as on the 2-D data, with every optimizer of the registry.

use optimizer_playground::data::digits::{Digits, Scaling, CLASSES, PIXELS};
use optimizer_playground::data::Dataset;
use optimizer_playground::nn::{Activation, Init, Loss, Mlp, MlpSpec};
use optimizer_playground::optim::{HyperValue, OptimizerConfig, OptimizerKind};
use optimizer_playground::rng::Rng;

fn digits() -> Digits {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/digits.bin")).unwrap();
    Digits::decode(&bytes).unwrap()
}

/// Trains `sizes` on the digits' fixed split (pixels / 16) with `kind` (its default
/// hyperparameters but `lr` and `extra`) for `epochs` in batches of `batch`, L2 `l2`; the (test
/// accuracy, training loss) after each epoch.
fn run(
    sizes: &[usize],
    (kind, lr, extra): (OptimizerKind, f64, &[(&str, HyperValue)]),
    batch: usize,
    l2: f64,
    epochs: usize,
) -> Vec<(f64, f64)> {
    let (train, test) = digits().datasets(0.25, 1, Scaling::Unit);
    let targets = |d: &Dataset| d.labels.iter().map(|&l| l as f64).collect::<Vec<_>>();
    let (train_targets, test_targets) = (targets(&train), targets(&test));
    let (train_rows, test_rows): (Vec<usize>, Vec<usize>) =
        ((0..train.len()).collect(), (0..test.len()).collect());
    let spec = MlpSpec {
        hidden_activation: Activation::Relu,
        init: Init::HeNormal,
        l2,
        ..MlpSpec::new(sizes, Loss::SoftmaxCrossEntropy)
    };
    let mut rng = Rng::new(7);
    let mut net = Mlp::new(spec, &mut rng).unwrap();
    let mut config = OptimizerConfig::default_for(kind);
    config.set("lr", HyperValue::Number(lr)).unwrap();
    for (name, value) in extra {
        config.set(name, *value).unwrap();
    }
    let mut opt = config.build(net.param_count()).unwrap();
    let mut grad = vec![0.0; net.param_count()];
    let mut order = train_rows.clone();
    let mut accuracy = Vec::new();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for rows in order.chunks(batch) {
            net.loss_and_grad(&train.inputs, &train_targets, rows, &mut grad, &mut rng);
            opt.step(net.params_mut(), &grad);
        }
        let on_test = net.evaluate(&test.inputs, &test_targets, &test.labels, &test_rows);
        let on_train = net.evaluate(&train.inputs, &train_targets, &train.labels, &train_rows);
        accuracy.push((on_test.accuracy, on_train.loss));
    }
    accuracy
}

#[test]
fn adam_on_64_32_10_reaches_95_percent_test_accuracy_within_20_epochs() {
    assert_eq!((PIXELS, CLASSES), (64, 10));
    let accuracy: Vec<f64> = run(&[64, 32, 10], (OptimizerKind::Adam, 0.001, &[]), 8, 0.0, 20)
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    let best = accuracy.iter().copied().fold(0.0, f64::max);
    assert!(best >= 0.95, "test accuracy by epoch: {accuracy:?}");
}

/// ConvNetJS's trainer comparison on these digits (two hidden layers of 20 ReLU units, batch 8,
/// L2 0.001): at the same step budget, momentum and Adam reach a lower training loss than plain
/// SGD at its usual rate.
#[test]
fn momentum_and_adam_train_faster_than_plain_sgd() {
    let sizes = [64, 20, 20, 10];
    let loss = |kind, lr, extra: &[(&str, HyperValue)]| {
        run(&sizes, (kind, lr, extra), 8, 0.001, 2)
            .last()
            .unwrap()
            .1
    };
    let sgd = loss(OptimizerKind::Sgd, 0.01, &[]);
    let momentum = loss(
        OptimizerKind::Sgd,
        0.01,
        &[("momentum", HyperValue::Number(0.9))],
    );
    let adam = loss(OptimizerKind::Adam, 0.001, &[]);
    assert!(momentum < 0.8 * sgd, "SGD {sgd}, momentum {momentum}");
    assert!(adam < 0.8 * sgd, "SGD {sgd}, Adam {adam}");
}

/// The digits as a dataset of the page's state: a link names them, the race trains once the
/// page has installed the file, and 2-D-only settings are refused with the reason.
#[test]
fn a_digits_link_races_once_the_digits_are_installed() {
    use optimizer_playground::data::digits::{install, installed};
    use optimizer_playground::state::read_experiment;
    let link = "v=1&dataset=digits&pixels=standard&layers=20,20&activation=relu&batch_size=8&lanes=2&lane.0.optimizer=sgd&lane.0.param.lr=0.01&lane.0.param.momentum=0.9&lane.1.optimizer=adam&lane.1.param.lr=0.001";
    let (exp, ignored) = read_experiment(link);
    assert!(ignored.is_empty(), "{ignored:?}");
    assert_eq!(exp.pixels, Scaling::Standard);
    assert_eq!(exp.network().sizes, [64, 20, 20, 10]);
    assert_eq!(exp.classes(), 10);
    // The page has not fetched the file yet: no data, so no race (the page says it is loading).
    assert!(installed().is_none());
    assert!(exp.race().is_err());
    install(digits());
    let mut race = exp.race().unwrap();
    assert_eq!((race.train().len(), race.test().len()), (896, 901));
    assert_eq!(race.train().dim, 64);
    race.step_to(300);
    for lane in race.lanes() {
        let r = lane.latest();
        assert!(
            r.test_accuracy > 0.5,
            "{}: {}",
            lane.name(),
            r.test_accuracy
        );
    }
    // The link writes back what it read.
    assert_eq!(read_experiment(&exp.link()).0.link(), exp.link());
    // Drawn points belong to the plane; pixels to the digits.
    let (_, ignored) = read_experiment("v=1&dataset=digits&custom=1,1,0!2,2,1");
    assert_eq!(ignored.len(), 1);
    assert!(
        ignored[0].contains("the digits take no drawn points"),
        "{ignored:?}"
    );
    let (spiral, ignored) = read_experiment("v=1&dataset=spiral&pixels=raw");
    assert!(
        ignored[0].contains("only the digits have pixels"),
        "{ignored:?}"
    );
    assert!(!spiral.link().contains("pixels"));
}

/// The data export writes every pixel of the digits, as the network reads them.
#[test]
fn the_data_export_writes_each_digit_whole() {
    let (train, test) = digits().datasets(0.5, 1, Scaling::Raw);
    let csv = optimizer_playground::view::export::data_csv(&train, &test);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("p0,p1,") && header.ends_with(",p63,label,set"));
    let first: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(first.len(), 66);
    assert_eq!(first[65], "train");
    assert_eq!(csv.lines().count(), 1 + 1797);
}
