//! What the page stores in an LMS, in plain Rust: the SCORM 1.2 and 2004 (4th edition) names
//! of the run-time's methods and data elements, the session time in each version's format,
//! the statuses and the rule that a status is never lowered, and the suspend data that lets a
//! learner resume (the experiment's link and the step the race had reached).
//!
//! References: ADL, "SCORM 1.2 Run-Time Environment" (2001), section 3.4 (the `cmi.core`
//! elements, `CMITimespan`); ADL, "SCORM 2004 4th Edition Run-Time Environment" (2009),
//! section 4.2 (the `cmi` data model, `timeinterval (second,10,2)`).

use crate::view::export::MAX_REPLAY_STEPS;

/// The run-time's version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// SCORM 1.2: the window's `API` object.
    Scorm12,
    /// SCORM 2004 (4th edition): the window's `API_1484_11` object.
    Scorm2004,
}

/// A method of the run-time's API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Initialize,
    Terminate,
    GetValue,
    SetValue,
    Commit,
    GetLastError,
    GetErrorString,
}

/// A data element the page reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    /// `ab-initio`, `resume` or empty.
    Entry,
    /// SCORM 1.2's `lesson_status`; SCORM 2004's `completion_status`.
    Completion,
    /// SCORM 2004's `success_status` (SCORM 1.2 has it in `lesson_status`).
    Success,
    SuspendData,
    SessionTime,
    Exit,
    /// A bookmark: where the learner was.
    Location,
    /// The score: `cmi.core.score.raw` in SCORM 1.2, `cmi.score.raw` in 2004; with its
    /// least and most.
    ScoreRaw,
    ScoreMin,
    ScoreMax,
    /// SCORM 2004's `cmi.score.scaled` (raw over most, in [0, 1]).
    ScoreScaled,
}

/// A part of one of the LMS's objectives (`cmi.objectives.N.…`): the page keeps one per
/// challenge, so a teacher sees in the LMS which challenges a learner passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    Id,
    /// `status` in SCORM 1.2, `success_status` in 2004.
    Status,
    ScoreRaw,
    ScoreMin,
    ScoreMax,
}

impl Version {
    /// The name of the window's API object.
    pub fn api_name(self) -> &'static str {
        match self {
            Version::Scorm12 => "API",
            Version::Scorm2004 => "API_1484_11",
        }
    }

    pub fn method(self, m: Method) -> &'static str {
        let (v12, v2004) = match m {
            Method::Initialize => ("LMSInitialize", "Initialize"),
            Method::Terminate => ("LMSFinish", "Terminate"),
            Method::GetValue => ("LMSGetValue", "GetValue"),
            Method::SetValue => ("LMSSetValue", "SetValue"),
            Method::Commit => ("LMSCommit", "Commit"),
            Method::GetLastError => ("LMSGetLastError", "GetLastError"),
            Method::GetErrorString => ("LMSGetErrorString", "GetErrorString"),
        };
        match self {
            Version::Scorm12 => v12,
            Version::Scorm2004 => v2004,
        }
    }

    /// The element's name, if this version has it.
    pub fn element(self, e: Element) -> Option<&'static str> {
        Some(match (self, e) {
            (Version::Scorm12, Element::Entry) => "cmi.core.entry",
            (Version::Scorm12, Element::Completion) => "cmi.core.lesson_status",
            (Version::Scorm12, Element::Success) => return None,
            (Version::Scorm12, Element::SuspendData) => "cmi.suspend_data",
            (Version::Scorm12, Element::SessionTime) => "cmi.core.session_time",
            (Version::Scorm12, Element::Exit) => "cmi.core.exit",
            (Version::Scorm12, Element::Location) => "cmi.core.lesson_location",
            (Version::Scorm2004, Element::Entry) => "cmi.entry",
            (Version::Scorm2004, Element::Completion) => "cmi.completion_status",
            (Version::Scorm2004, Element::Success) => "cmi.success_status",
            (Version::Scorm2004, Element::SuspendData) => "cmi.suspend_data",
            (Version::Scorm2004, Element::SessionTime) => "cmi.session_time",
            (Version::Scorm2004, Element::Exit) => "cmi.exit",
            (Version::Scorm2004, Element::Location) => "cmi.location",
            (Version::Scorm12, Element::ScoreRaw) => "cmi.core.score.raw",
            (Version::Scorm12, Element::ScoreMin) => "cmi.core.score.min",
            (Version::Scorm12, Element::ScoreMax) => "cmi.core.score.max",
            (Version::Scorm12, Element::ScoreScaled) => return None,
            (Version::Scorm2004, Element::ScoreRaw) => "cmi.score.raw",
            (Version::Scorm2004, Element::ScoreMin) => "cmi.score.min",
            (Version::Scorm2004, Element::ScoreMax) => "cmi.score.max",
            (Version::Scorm2004, Element::ScoreScaled) => "cmi.score.scaled",
        })
    }

    /// The name of part `part` of objective `n`.
    pub fn objective(self, n: usize, part: Objective) -> String {
        let name = match (self, part) {
            (_, Objective::Id) => "id",
            (Version::Scorm12, Objective::Status) => "status",
            (Version::Scorm2004, Objective::Status) => "success_status",
            (_, Objective::ScoreRaw) => "score.raw",
            (_, Objective::ScoreMin) => "score.min",
            (_, Objective::ScoreMax) => "score.max",
        };
        format!("cmi.objectives.{n}.{name}")
    }

    /// Most characters `cmi.suspend_data` holds: 4,096 in SCORM 1.2, 64,000 in 2004.
    pub fn max_suspend(self) -> usize {
        match self {
            Version::Scorm12 => 4096,
            Version::Scorm2004 => 64_000,
        }
    }

    /// Most characters of the location bookmark: 255 in SCORM 1.2, 1,000 in 2004.
    pub fn max_location(self) -> usize {
        match self {
            Version::Scorm12 => 255,
            Version::Scorm2004 => 1000,
        }
    }

    /// A session of `ms` milliseconds: `HHHH:MM:SS.SS` in SCORM 1.2, an ISO 8601 duration
    /// (`PT1H2M3.45S`) in 2004. Hundredths, rounded down.
    pub fn session_time(self, ms: f64) -> String {
        let hundredths = if ms.is_finite() && ms > 0.0 {
            (ms / 10.0) as u64
        } else {
            0
        };
        let (h, rest) = (hundredths / 360_000, hundredths % 360_000);
        let (m, rest) = (rest / 6000, rest % 6000);
        let (s, c) = (rest / 100, rest % 100);
        match self {
            Version::Scorm12 => format!("{:04}:{m:02}:{s:02}.{c:02}", h.min(9999)),
            Version::Scorm2004 => format!("PT{h}H{m}M{s}.{c:02}S"),
        }
    }

    /// The exit value when the page is left: `suspend` while not complete (the LMS keeps the
    /// attempt and its suspend data for a resume), else the end of the attempt.
    pub fn exit(self, complete: bool) -> &'static str {
        match (self, complete) {
            (_, false) => "suspend",
            (Version::Scorm12, true) => "",
            (Version::Scorm2004, true) => "normal",
        }
    }
}

/// How far a learner got, as the LMS records it. Ordered: a status is never replaced by a
/// lower one (a learner who completed stays completed on every relaunch).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// `not attempted`, `unknown`, empty or a value the page does not know.
    NotAttempted,
    Browsed,
    Incomplete,
    Failed,
    Completed,
    Passed,
}

impl Status {
    /// A completion (or SCORM 1.2 lesson) status as the LMS gives it.
    pub fn read(text: &str) -> Status {
        match text.trim() {
            "browsed" => Status::Browsed,
            "incomplete" => Status::Incomplete,
            "failed" => Status::Failed,
            "completed" => Status::Completed,
            "passed" => Status::Passed,
            _ => Status::NotAttempted,
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Status::NotAttempted => "not attempted",
            Status::Browsed => "browsed",
            Status::Incomplete => "incomplete",
            Status::Failed => "failed",
            Status::Completed => "completed",
            Status::Passed => "passed",
        }
    }

    /// Whether the activity counts as done (its exit ends the attempt).
    pub fn complete(self) -> bool {
        self >= Status::Completed
    }

    /// The status to write to move from `self` towards `goal`, if any: never a lower one.
    pub fn raise_to(self, goal: Status) -> Option<Status> {
        (goal > self).then_some(goal)
    }
}

/// What a learner's attempt keeps between launches: the experiment's link, the step its race
/// had reached, and the challenges passed and tried (a [`crate::challenge::Record`]'s text).
#[derive(Clone, Debug, PartialEq)]
pub struct Suspended {
    pub link: String,
    pub step: usize,
    pub record: String,
}

/// The suspend data of an experiment at a step with the challenges' `record`, within `max`
/// characters: `op2~STEP~RECORD~LINK`. When the link is too long (drawn points), the points
/// are left out and `true` says so; the record is never cut.
pub fn suspend(link: &str, step: usize, record: &str, max: usize) -> (String, bool) {
    let text = format!("op2~{step}~{record}~{link}");
    if text.len() <= max {
        return (text, false);
    }
    let without: Vec<&str> = link
        .split('&')
        .filter(|p| !p.starts_with("custom="))
        .collect();
    let mut text = format!("op2~0~{record}~{}", without.join("&"));
    // A link too long even without its points keeps its start (the data, the network).
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(text[..end].rfind('&').unwrap_or(end));
    }
    (text, true)
}

/// Reads suspend data written by [`suspend`] (or by an earlier page, `op1~STEP~LINK`, without
/// a record); empty data is a first launch (`None`).
pub fn resume(text: &str) -> Result<Option<Suspended>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let not_ours = "the LMS's saved state is not one this page wrote";
    let (step, record, link) = match text.split_once('~') {
        Some(("op1", rest)) => {
            let (step, link) = rest.split_once('~').ok_or(not_ours)?;
            (step, "", link)
        }
        Some(("op2", rest)) => {
            let mut parts = rest.splitn(3, '~');
            let (Some(step), Some(record), Some(link)) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(not_ours.into());
            };
            (step, record, link)
        }
        _ => return Err(not_ours.into()),
    };
    let step = step
        .parse::<u64>()
        .ok()
        .filter(|&s| s <= MAX_REPLAY_STEPS)
        .ok_or("the LMS's saved state has a damaged step count")? as usize;
    Ok(Some(Suspended {
        link: link.to_string(),
        step,
        record: record.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_times_in_both_formats() {
        let ms = ((2.0 * 3600.0 + 3.0 * 60.0) + 4.567) * 1000.0;
        assert_eq!(Version::Scorm12.session_time(ms), "0002:03:04.56");
        assert_eq!(Version::Scorm2004.session_time(ms), "PT2H3M4.56S");
        assert_eq!(Version::Scorm12.session_time(0.0), "0000:00:00.00");
        assert_eq!(Version::Scorm2004.session_time(f64::NAN), "PT0H0M0.00S");
        assert_eq!(Version::Scorm12.session_time(1e12), "9999:46:40.00");
    }

    #[test]
    fn a_status_is_never_lowered() {
        use Status::*;
        assert_eq!(Status::read("completed").raise_to(Incomplete), None);
        assert_eq!(Status::read("passed").raise_to(Completed), None);
        assert_eq!(Status::read("").raise_to(Incomplete), Some(Incomplete));
        assert_eq!(
            Status::read("not attempted").raise_to(Completed),
            Some(Completed)
        );
        assert_eq!(
            Status::read("incomplete").raise_to(Completed),
            Some(Completed)
        );
        assert!(Completed.complete() && Passed.complete() && !Failed.complete());
        for s in [NotAttempted, Browsed, Incomplete, Failed, Completed, Passed] {
            assert_eq!(Status::read(s.text()), s);
        }
    }

    #[test]
    fn names_follow_each_version() {
        assert_eq!(Version::Scorm12.method(Method::Terminate), "LMSFinish");
        assert_eq!(Version::Scorm2004.method(Method::Terminate), "Terminate");
        assert_eq!(
            Version::Scorm12.element(Element::Completion),
            Some("cmi.core.lesson_status")
        );
        assert_eq!(
            Version::Scorm2004.element(Element::SessionTime),
            Some("cmi.session_time")
        );
        assert_eq!(Version::Scorm12.element(Element::Success), None);
        assert_eq!(Version::Scorm12.element(Element::ScoreScaled), None);
        assert_eq!(
            Version::Scorm2004.element(Element::ScoreScaled),
            Some("cmi.score.scaled")
        );
        assert_eq!(
            Version::Scorm12.objective(1, Objective::Status),
            "cmi.objectives.1.status"
        );
        assert_eq!(
            Version::Scorm2004.objective(0, Objective::Status),
            "cmi.objectives.0.success_status"
        );
        assert_eq!(
            (Version::Scorm12.exit(false), Version::Scorm12.exit(true)),
            ("suspend", "")
        );
        assert_eq!(Version::Scorm2004.exit(true), "normal");
    }

    #[test]
    fn suspend_data_round_trips_and_keeps_within_the_limit() {
        let link = "v=1&seed=3&lanes=2";
        let (text, dropped) = suspend(link, 1200, "momentum/bowl,momentum", 4096);
        assert!(!dropped);
        assert_eq!(
            resume(&text),
            Ok(Some(Suspended {
                link: link.into(),
                step: 1200,
                record: "momentum/bowl,momentum".into()
            }))
        );
        let long = format!("v=1&seed=3&custom={}&lanes=2", "1,2,0;".repeat(1000));
        let (text, dropped) = suspend(&long, 50, "a/a", 4096);
        assert!(dropped && text.len() <= 4096);
        let back = resume(&text).unwrap().unwrap();
        assert_eq!(
            (back.link.as_str(), back.record.as_str()),
            ("v=1&seed=3&lanes=2", "a/a")
        );
        // What an earlier page wrote still resumes, without a record.
        let old = resume("op1~7~v=1&seed=3").unwrap().unwrap();
        assert_eq!((old.step, old.record.as_str()), (7, ""));
        let huge = format!("v=1&{}", "noise=0&".repeat(1000));
        let (text, _) = suspend(&huge, 5, "", 4096);
        assert!(text.len() <= 4096 && !text.ends_with('&'));
        assert_eq!(resume(""), Ok(None));
        assert!(resume("garbage").is_err());
        assert!(resume("op2~5~nolink").is_err());
        assert!(resume("op1~99999999999~v=1").is_err());
    }
}
