//! `cargo run --bin course -- FOLDER [DIST]`: reads a course as the page will (its `index.txt`
//! and every lesson file it lists), says each problem with its file and line, and, given
//! `DIST`, copies the course into `DIST/lessons/` in place of the built-in one. Exits 1 if any
//! file is refused, so `make dist COURSE=...` and `make scorm COURSE=...` stop there.

use std::path::Path;
use std::process::ExitCode;

use optimizer_playground::lessons::{parse_index, Lesson};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(folder) = args.first() else {
        eprintln!("usage: course FOLDER [DIST]");
        return ExitCode::FAILURE;
    };
    let folder = Path::new(folder);
    let read =
        |name: &str| std::fs::read_to_string(folder.join(name)).map_err(|e| format!("{name}: {e}"));
    let files = match read("index.txt").and_then(|text| parse_index("index.txt", &text)) {
        Ok(files) => files,
        Err(why) => {
            eprintln!("{}: {why}", folder.display());
            return ExitCode::FAILURE;
        }
    };
    let mut refused = 0;
    for file in &files {
        match read(file).and_then(|text| Lesson::parse(file, &text)) {
            Ok(lesson) => {
                let challenge = lesson.challenge.as_ref().map_or(String::new(), |c| {
                    format!(", a challenge worth {} points", c.points)
                });
                let langs: Vec<&str> = lesson.languages().map(|l| l.code()).collect();
                println!("{file}: {} ({}){challenge}", lesson.id, langs.join(", "));
            }
            Err(why) => {
                eprintln!("{}: {why}", folder.display());
                refused += 1;
            }
        }
    }
    if refused > 0 {
        eprintln!("{refused} of {} lesson files refused", files.len());
        return ExitCode::FAILURE;
    }
    if let Some(dist) = args.get(1) {
        let target = Path::new(dist).join("lessons");
        let copy = || -> std::io::Result<()> {
            if target.exists() {
                std::fs::remove_dir_all(&target)?;
            }
            for name in files.iter().map(String::as_str).chain(["index.txt"]) {
                let to = target.join(name);
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::copy(folder.join(name), to)?;
            }
            Ok(())
        };
        if let Err(e) = copy() {
            eprintln!("copying into {}: {e}", target.display());
            return ExitCode::FAILURE;
        }
        println!("{} lessons copied into {}", files.len(), target.display());
    }
    ExitCode::SUCCESS
}
