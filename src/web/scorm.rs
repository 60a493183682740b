//! The LMS session when the page runs as a SCORM activity (1.2 or 2004): the run-time's API is
//! found in this window's parents or its opener, the session starts once, the learner's last
//! experiment comes back from the suspend data, the status rises (never falls), the suspend
//! data is committed at milestones and at most every 30 s, and on leaving the session time,
//! the exit and a last commit are written before the session ends, exactly once. Every call
//! is guarded: an LMS that lacks a method, answers `"false"` or throws is reported in words
//! and the page goes on.

use wasm_bindgen::{JsCast, JsValue};

use crate::challenge::Score;
use crate::lms::{self, Element, Method, Objective, Status, Suspended, Version};

/// Steps of a race after which the activity counts as completed.
pub const COMPLETION_STEPS: usize = 100;
/// Least milliseconds between two commits made because the state changed.
const COMMIT_INTERVAL_MS: f64 = 30_000.0;
/// How many parent windows the search climbs (ADL's sample code allows 500 in SCORM 2004).
const MAX_PARENTS: usize = 500;

/// The LMS connection.
pub struct Scorm {
    api: JsValue,
    pub version: Version,
    started_ms: f64,
    /// The status as recorded in the LMS.
    pub status: Status,
    /// What the learner's last attempt left to resume, read at the start.
    pub resumed: Option<Result<Suspended, String>>,
    /// SCORM 2004's success status as recorded (SCORM 1.2 keeps it in `status`).
    success: Status,
    /// The score the LMS has recorded, never lowered (NaN: none yet).
    best_raw: f64,
    /// The course has challenges: SCORM 1.2's one status then says passed or failed, not
    /// completed.
    pub graded: bool,
    /// The challenges' record ([`crate::challenge::Record::text`]), kept in the suspend data.
    pub record: String,
    /// The suspend data last written and whether it awaits a commit.
    written: String,
    dirty: bool,
    last_commit_ms: f64,
    finished: bool,
    /// Problems to tell the learner, taken by [`Scorm::take_problems`].
    problems: Vec<String>,
}

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    // A window of another origin throws on access: treat it as absent.
    js_sys::Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The API object in `window` or its parents.
fn find_in(mut window: JsValue, name: &str) -> Option<JsValue> {
    for _ in 0..MAX_PARENTS {
        if let Some(api) = get(&window, name) {
            return Some(api);
        }
        let parent = get(&window, "parent")?;
        if js_sys::Object::is(&parent, &window) {
            return None;
        }
        window = parent;
    }
    None
}

fn now_ms() -> f64 {
    crate::web::dom::now_ms()
}

impl Scorm {
    /// Looks for the SCORM 2004 `API_1484_11`, then the SCORM 1.2 `API`, in this window and its
    /// parents, then in its opener's; starts the session and reads what the last attempt left.
    pub fn find() -> Option<Scorm> {
        let window: JsValue = web_sys::window()?.into();
        let opener = get(&window, "opener");
        let found = [Version::Scorm2004, Version::Scorm12]
            .into_iter()
            .find_map(|version| {
                let name = version.api_name();
                find_in(window.clone(), name)
                    .or_else(|| opener.clone().and_then(|o| find_in(o, name)))
                    .map(|api| (api, version))
            })?;
        let (api, version) = found;
        let mut scorm = Scorm {
            api,
            version,
            started_ms: now_ms(),
            status: Status::NotAttempted,
            resumed: None,
            success: Status::NotAttempted,
            best_raw: f64::NAN,
            graded: false,
            record: String::new(),
            written: String::new(),
            dirty: false,
            last_commit_ms: now_ms(),
            finished: false,
            problems: Vec::new(),
        };
        let missing: Vec<&str> = [
            Method::Initialize,
            Method::Terminate,
            Method::GetValue,
            Method::SetValue,
            Method::Commit,
        ]
        .into_iter()
        .map(|m| version.method(m))
        .filter(|m| {
            get(&scorm.api, m)
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .is_none()
        })
        .collect();
        if !missing.is_empty() {
            scorm.problems.push(format!(
                "The LMS's SCORM API lacks {}: the activity works, but nothing is recorded.",
                missing.join(", ")
            ));
            scorm.finished = true;
            return Some(scorm);
        }
        if scorm.call(Method::Initialize, &[""]).is_err() {
            scorm.finished = true;
            return Some(scorm);
        }
        let completion = scorm.get_value(Element::Completion).unwrap_or_default();
        scorm.status = Status::read(&completion);
        let success = scorm.get_value(Element::Success).unwrap_or_default();
        scorm.success = Status::read(&success);
        scorm.status = scorm.status.max(scorm.success);
        scorm.best_raw = scorm
            .get_value(Element::ScoreRaw)
            .and_then(|v| crate::float::parse(v.trim()))
            .unwrap_or(f64::NAN);
        let entry = scorm.get_value(Element::Entry).unwrap_or_default();
        let data = scorm.get_value(Element::SuspendData).unwrap_or_default();
        if entry != "ab-initio" {
            scorm.resumed = lms::resume(&data).transpose();
            if let Some(Ok(s)) = &scorm.resumed {
                scorm.record = s.record.clone();
            }
            scorm.written = data;
        }
        // A first visit is under way; one who completed stays completed.
        scorm.raise(Status::Incomplete);
        scorm.commit();
        Some(scorm)
    }

    /// Calls a method of the API with text arguments. A result of `"false"`, a throw or a
    /// missing method is an error in words (the LMS's own error text where it gives one).
    fn call(&mut self, method: Method, args: &[&str]) -> Result<String, String> {
        let name = self.version.method(method);
        let result = get(&self.api, name)
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| format!("the LMS has no {name}"))
            .and_then(|f| {
                let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
                f.apply(&self.api, &args).map_err(|e| {
                    format!(
                        "{name} failed: {}",
                        e.as_string().unwrap_or_else(|| format!("{e:?}"))
                    )
                })
            })
            .map(|v| {
                v.as_string()
                    .unwrap_or_else(|| v.as_bool().map_or(String::new(), |b| b.to_string()))
            });
        let failed = match (&result, method) {
            (Err(_), _) => true,
            (Ok(v), Method::GetValue) => {
                v.is_empty() && self.last_error().is_some_and(|(code, _)| !benign(&code))
            }
            (Ok(v), _) => v == "false",
        };
        if !failed {
            return result;
        }
        let why = match (result, self.last_error()) {
            (Err(e), _) => e,
            (_, Some((code, text))) => format!(
                "{name}({}) was refused: error {code}, {text}",
                args.first().unwrap_or(&"")
            ),
            (_, None) => format!("{name}({}) was refused", args.first().unwrap_or(&"")),
        };
        self.problems.push(format!("The LMS: {why}."));
        Err(why)
    }

    /// The API's last error code and text, when it reports one.
    fn last_error(&self) -> Option<(String, String)> {
        let call = |method: Method, args: &[&str]| -> Option<String> {
            let f: js_sys::Function = get(&self.api, self.version.method(method))?
                .dyn_into()
                .ok()?;
            let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
            f.apply(&self.api, &args).ok()?.as_string()
        };
        let code = call(Method::GetLastError, &[])?;
        if code.trim() == "0" || code.trim().is_empty() {
            return None;
        }
        let text = call(Method::GetErrorString, &[&code]).unwrap_or_default();
        Some((code, text))
    }

    fn get_value(&mut self, e: Element) -> Option<String> {
        let name = self.version.element(e)?;
        self.call(Method::GetValue, &[name]).ok()
    }

    fn set_value(&mut self, e: Element, value: &str) {
        if let Some(name) = self.version.element(e) {
            let _ = self.call(Method::SetValue, &[name, value]);
        }
    }

    fn commit(&mut self) {
        if self.call(Method::Commit, &[""]).is_ok() {
            self.dirty = false;
        }
        self.last_commit_ms = now_ms();
    }

    /// Raises the recorded status to `goal`, never lowering it; returns whether it changed.
    fn raise(&mut self, goal: Status) -> bool {
        let Some(status) = self.status.raise_to(goal) else {
            return false;
        };
        self.status = status;
        self.set_value(Element::Completion, status.text());
        true
    }

    /// Tells the LMS where the learner is: the race's `step` and the experiment's `link`.
    /// Completion is committed at once; other changes at most every 30 s.
    pub fn progress(&mut self, step: usize, link: &str, view: &str) {
        if self.finished {
            return;
        }
        let mut commit_now = false;
        // In a graded course SCORM 1.2's one status tells passed from failed; training alone
        // does not complete it.
        let graded_12 = self.graded && self.version == Version::Scorm12;
        if step >= COMPLETION_STEPS && !graded_12 {
            commit_now |= self.raise(Status::Completed);
        }
        self.save(step, link, view);
        if commit_now || (self.dirty && now_ms() - self.last_commit_ms >= COMMIT_INTERVAL_MS) {
            self.commit();
        }
    }

    /// Records a check of the course's challenges: the score (never lowered), the status
    /// (passed once every challenge is, else failed; never lowered from passed), one objective
    /// per challenge in course order (`challenges`: id, passed, tried, points) and the record
    /// in the suspend data; committed at once.
    pub fn grade(
        &mut self,
        (step, link, view): (usize, &str, &str),
        score: Score,
        challenges: &[(String, bool, bool, u32)],
        record: &str,
    ) {
        if self.finished {
            return;
        }
        self.record = record.to_string();
        let raw = score.raw as f64;
        // NaN (nothing recorded yet) is passed over too.
        if (self.best_raw.is_nan() || raw > self.best_raw) && score.max > 0 {
            self.best_raw = raw;
            self.set_value(Element::ScoreMin, "0");
            self.set_value(Element::ScoreMax, &score.max.to_string());
            self.set_value(Element::ScoreRaw, &score.raw.to_string());
            let scaled = crate::format::fixed((raw / score.max as f64).min(1.0), 4);
            self.set_value(Element::ScoreScaled, &scaled);
        }
        let verdict = if score.all_passed {
            Status::Passed
        } else {
            Status::Failed
        };
        match self.version {
            Version::Scorm12 => {
                self.raise(verdict);
            }
            Version::Scorm2004 => {
                if let Some(s) = self.success.raise_to(verdict) {
                    self.success = s;
                    self.set_value(Element::Success, s.text());
                }
                if score.all_passed {
                    self.raise(Status::Completed);
                }
            }
        }
        for (n, (id, passed, tried, points)) in challenges.iter().enumerate() {
            let status = match (passed, tried, self.version) {
                (true, _, _) => "passed",
                (false, true, _) => "failed",
                (false, false, Version::Scorm12) => "not attempted",
                (false, false, Version::Scorm2004) => "unknown",
            };
            let earned = if *passed { *points } else { 0 };
            let v = self.version;
            let _ = self.call(Method::SetValue, &[&v.objective(n, Objective::Id), id]);
            for (part, value) in [
                (Objective::Status, status.to_string()),
                (Objective::ScoreMin, "0".into()),
                (Objective::ScoreMax, points.to_string()),
                (Objective::ScoreRaw, earned.to_string()),
            ] {
                let _ = self.call(Method::SetValue, &[&v.objective(n, part), &value]);
            }
        }
        self.save(step, link, view);
        self.commit();
    }

    /// Writes the suspend data and the bookmark if they changed.
    fn save(&mut self, step: usize, link: &str, view: &str) {
        let (data, dropped) = lms::suspend(link, step, &self.record, self.version.max_suspend());
        if data == self.written {
            return;
        }
        if dropped && !self.written.contains("custom=") && link.contains("custom=") {
            self.problems.push(format!(
                "The LMS keeps at most {} characters of state: your drawn points do not fit and will not come back on your next visit (the rest will). Export the race as JSON to keep them.",
                self.version.max_suspend()
            ));
        }
        self.set_value(Element::SuspendData, &data);
        let mut location = format!("{view}@{step}");
        location.truncate(self.version.max_location());
        self.set_value(Element::Location, &location);
        self.written = data;
        self.dirty = true;
    }

    /// The learner leaves: session time, exit, the last state, a commit, and the end of the
    /// session, once.
    pub fn finish(&mut self, step: usize, link: &str, view: &str) {
        if self.finished {
            return;
        }
        self.save(step, link, view);
        let time = self.version.session_time(now_ms() - self.started_ms);
        self.set_value(Element::SessionTime, &time);
        let exit = self.version.exit(self.status.complete());
        self.set_value(Element::Exit, exit);
        self.commit();
        let _ = self.call(Method::Terminate, &[""]);
        self.finished = true;
    }

    /// Problems met since the last call, in words, for the learner.
    pub fn take_problems(&mut self) -> Vec<String> {
        std::mem::take(&mut self.problems)
    }
}

/// Error codes a `GetValue` may give for an element that is simply not set yet (SCORM 2004's
/// 403, "data model element value not initialized"): the value is empty, nothing is wrong.
fn benign(code: &str) -> bool {
    matches!(code.trim(), "0" | "403")
}
