//! Sharing, exporting and importing: the link to this state and the `<iframe>` for a course
//! page; the comparison, a chart, the metrics, the data and the race as files; a race file or
//! the learner's own points read back (an imported race replays to its saved steps, a slice
//! per frame).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlCanvasElement;

use crate::format::{figure, percent};
use crate::i18n;
use crate::state::{link, Experiment, ViewKind, PANELS};
use crate::view::export::{self, PointsImport, Replay};
use crate::view::{controls, palette};
use crate::web::dom::{self, context};
use crate::web::model::Model;

/// The share panel's state: an imported race being replayed.
#[derive(Default)]
pub struct Share {
    replay: Option<Replay>,
    /// A checked race file waiting for its experiment to be loaded.
    pending: Option<export::RaceFile>,
}

/// The page's address without its query and hash: the launch settings travel in the hash, so
/// a course's own query parameters are not copied into a shared link.
fn page_url() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split(['#', '?'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Offers `data` as a file download named `name`.
fn download_text(name: &str, mime: &str, data: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(data));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    download_url(name, &url)?;
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Follows a (data or object) URL as a download named `name`.
fn download_url(name: &str, url: &str) -> Result<(), JsValue> {
    let a: web_sys::HtmlAnchorElement = dom::document().create_element("a")?.dyn_into()?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

impl Share {
    /// Fills the share box: the link to this state and the `<iframe>` for a course page.
    pub fn render(&self, model: &Model) {
        let url = page_url();
        dom::set_value(
            "share-link",
            &format!("{url}#{}", link::hash(&model.exp, &model.launch)),
        );
        let checked = |id: &str| {
            dom::by_id(id)
                .and_then(|e| dom::control_value(&e))
                .is_some_and(|v| v == "true")
        };
        // The check boxes start from the page's own launch settings (made once; "compact" is
        // ticked anyway, for a course page), so the snippet carries them unchanged until the
        // teacher ticks otherwise.
        let launch = &model.launch;
        if dom::by_id("share-show").is_some_and(|b| b.child_element_count() == 0) {
            let shown: Vec<bool> = PANELS
                .iter()
                .map(|p| {
                    launch
                        .show
                        .as_ref()
                        .is_none_or(|s| s.iter().any(|x| x == p))
                })
                .collect();
            let locked: Vec<bool> = PANELS
                .iter()
                .map(|p| launch.lock.iter().any(|x| x == p))
                .collect();
            for (box_id, on) in [("share-show", shown), ("share-lock", locked)] {
                let html: String = PANELS
                    .iter()
                    .zip(on)
                    .map(|(p, on)| {
                        // The panel's heading in the learner's language (`charts` is "Curves").
                        let key = if *p == "charts" { "curves" } else { p };
                        format!(
                            r#"<label class="check"><input type="checkbox" id="{box_id}-{p}" value="{p}"{}> <span data-i18n="{key}">{}</span></label>"#,
                            if on { " checked" } else { "" },
                            i18n::t(model.lang, key)
                        )
                    })
                    .collect();
                dom::set_html(box_id, &html);
            }
            dom::set_value("share-autoplay", &launch.autoplay.to_string());
            dom::set_value("share-lang", launch.lang.as_deref().unwrap_or(""));
        }
        let picked = |box_id: &str| -> Vec<String> {
            PANELS
                .iter()
                .filter(|p| checked(&format!("{box_id}-{p}")))
                .map(|p| p.to_string())
                .collect()
        };
        let mut embed = launch.clone();
        embed.embed = checked("share-embed");
        embed.autoplay = checked("share-autoplay");
        let shown = picked("share-show");
        embed.show = (shown.len() < PANELS.len()).then_some(shown);
        // Single fields a teacher locked stay locked; the panels are as ticked.
        embed.lock = launch
            .lock
            .iter()
            .filter(|l| !PANELS.contains(&l.as_str()))
            .cloned()
            .collect();
        embed.lock.extend(picked("share-lock"));
        let lang = dom::by_id("share-lang")
            .and_then(|e| dom::control_value(&e))
            .unwrap_or_default();
        embed.lang = (!lang.is_empty()).then_some(lang);
        let snippet = format!(
            r#"<iframe src="{url}#{}" width="1100" height="800" style="border:0" title="Optimizer Playground"></iframe>"#,
            controls::escape(&link::hash(&model.exp, &embed))
        );
        if let Some(area) = dom::by_id("share-iframe")
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            area.set_value(&snippet);
        }
    }

    /// Downloads what the button names; says what went wrong, if anything.
    pub fn export(&self, model: &Model, what: &str) -> Result<(), String> {
        let no_race = || model.tr("notice.no_race").to_string();
        let result = match what {
            "export-metrics" => {
                let race = model.race.as_ref().ok_or_else(no_race)?;
                download_text(
                    "optimizer-playground-metrics.csv",
                    "text/csv",
                    &export::metrics_csv(race),
                )
            }
            "export-config" => {
                let race = model.race.as_ref().ok_or_else(no_race)?;
                download_text(
                    "optimizer-playground-race.json",
                    "application/json",
                    &export::config_json(&model.exp, race),
                )
            }
            "export-data" => {
                let (train, test) = model.exp.datasets();
                download_text(
                    "optimizer-playground-data.csv",
                    "text/csv",
                    &export::data_csv(&train, &test),
                )
            }
            "export-png" => comparison_png(model),
            _ => Ok(()),
        };
        result.map_err(|e| format!("The export failed: {e:?}"))
    }

    /// Offers a drawn canvas as a PNG file named after `id`.
    pub fn download_png(canvas: &HtmlCanvasElement, id: &str) -> Result<(), String> {
        canvas
            .to_data_url()
            .and_then(|url| download_url(&format!("optimizer-playground-{id}.png"), &url))
            .map_err(|e| format!("The export failed: {e:?}"))
    }

    /// Reads and checks a race file in whole, against the race its state builds: a damaged
    /// one is refused with the reason and nothing changes. Returns the experiment to load; the
    /// replay starts with [`Share::start_replay`] once it is loaded.
    /// Whether `text` is a race on the handwritten digits (which must have come to open it).
    pub fn needs_digits(text: &str) -> bool {
        export::read_race(text).is_ok_and(|file| {
            link::read_experiment(&file.state).0.dataset == crate::data::DatasetKind::Digits
        })
    }

    pub fn import_race(&mut self, text: &str) -> Result<Experiment, String> {
        let file = export::read_race(text)?;
        let (experiment, _) = link::read_experiment(&file.state);
        let race = experiment.race().map_err(|e| e.to_string())?;
        export::check_race_file(&file, &race)?;
        self.pending = Some(file);
        Ok(experiment)
    }

    /// Replays the race on the page to `step` (a learner resuming an attempt an LMS kept).
    pub fn resume(&mut self, model: &Model, step: usize) {
        let lanes = model.exp.lanes.iter().map(|l| export::SavedLane {
            name: l.name.clone(),
            optimizer: l.optimizer.kind().name().to_string(),
            steps: step,
            weights: Vec::new(),
        });
        self.replay = Some(Replay::new(export::RaceFile {
            state: model.exp.link(),
            lanes: lanes.collect(),
        }));
    }

    /// Replays the checked race file on the race just built from its state.
    pub fn start_replay(&mut self) {
        self.replay = self.pending.take().map(Replay::new);
    }

    pub fn replaying(&self) -> bool {
        self.replay.is_some()
    }

    /// Replays for up to `budget_ms`; returns whether it has more to do, and a notice when it
    /// finished with lanes that did not reproduce their saved weights.
    pub fn work(&mut self, model: &mut Model, budget_ms: f64) -> (bool, Option<String>) {
        let (Some(replay), Some(race)) = (&mut self.replay, &mut model.race) else {
            self.replay = None;
            return (false, None);
        };
        let start = dom::now_ms();
        while dom::now_ms() - start < budget_ms {
            if replay.run(race, 200) {
                let replaced = replay.finish(race);
                self.replay = None;
                dom::set_hidden("busy", true);
                let notice = (replaced > 0).then(|| format!(
                    "{replaced} lane(s) did not replay to the saved weights (a file from another version?): the saved weights were put in, their histories start here."
                ));
                return (false, notice);
            }
        }
        let progress = format!(
            "Replaying the race: {} of {} steps (Escape stops it).",
            replay.done(),
            replay.total()
        );
        dom::set_text("busy-text", &i18n::message(model.lang, &progress));
        dom::set_hidden("busy", false);
        (true, None)
    }

    /// Stops a replay where it is; returns the notice saying so.
    pub fn cancel(&mut self) -> Option<String> {
        let replay = self.replay.take()?;
        dom::set_hidden("busy", true);
        Some(format!(
            "Replay stopped after {} of {} steps: the lanes stay where the replay left them.",
            replay.done(),
            replay.total()
        ))
    }

    /// The learner's own points from CSV text.
    pub fn read_points(text: &str) -> PointsImport {
        export::parse_points_csv(text)
    }
}

/// Every lane's map side by side with its name and figures, in one image.
fn comparison_png(model: &Model) -> Result<(), JsValue> {
    let lanes = &model.exp.lanes;
    let n = lanes.len();
    let (tile, pad, head) = (300.0, 16.0, 64.0);
    let canvas = dom::new_canvas()?;
    canvas.set_width((pad + n as f64 * (tile + pad)) as u32);
    canvas.set_height((head + tile + pad) as u32);
    let ctx = context(&canvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
    ctx.set_font("bold 16px sans-serif");
    ctx.set_fill_style_str("#1d2330");
    let step = model.race.as_ref().map_or(0, |r| r.steps());
    let say = |text: String| i18n::message(model.lang, &text);
    ctx.fill_text(
        &say(format!("Optimizer Playground · step {step}")),
        pad,
        22.0,
    )?;
    for (i, lane) in lanes.iter().enumerate() {
        let x = pad + i as f64 * (tile + pad);
        let source = if model.exp.view == ViewKind::Landscape {
            dom::canvas("landscape")
        } else {
            dom::canvas(&format!("heatmap-{i}"))
        };
        if let Some(src) = source {
            ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&src, x, head, tile, tile)?;
        }
        ctx.set_fill_style_str(&palette::lane(i).hex());
        crate::web::draw::marker_path(&ctx, palette::marker(i), (x + 6.0, head - 20.0), 6.0)?;
        ctx.fill();
        ctx.set_font("bold 14px sans-serif");
        ctx.fill_text(&lane.name, x + 18.0, head - 15.0)?;
        if let Some(lane) = model.race.as_ref().and_then(|r| r.lanes().get(i)) {
            let r = lane.latest();
            ctx.set_font("12px sans-serif");
            ctx.set_fill_style_str("#1d2330");
            ctx.fill_text(
                &say(format!(
                    "train loss {} · test accuracy {}",
                    figure(r.train_loss),
                    percent(r.test_accuracy)
                )),
                x,
                head - 2.0,
            )?;
        }
    }
    download_url(
        "optimizer-playground-comparison.png",
        &canvas.to_data_url()?,
    )
}
