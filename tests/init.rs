//! `rapport init`: the scaffold checks and builds clean at once, and never overwrites a course.

use std::path::Path;
use std::process::{Command, Output};

fn rapport(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run rapport")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_new_course_checks_and_builds_clean() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let init = rapport(&["init", "Forum Skills"], tmp.path());
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let course = tmp.path().join("Forum Skills");

    for file in [
        "rapport.toml",
        "content/index.md",
        "content/first-reply.md",
        ".gitignore",
        ".github/workflows/course-check.yml",
    ] {
        assert!(course.join(file).is_file(), "{file} was not written");
    }
    let config = std::fs::read_to_string(course.join("rapport.toml")).expect("rapport.toml");
    assert!(config.contains("id = \"forum-skills\""), "{config}");
    assert!(config.contains("title = \"Forum Skills\""), "{config}");
    let ignore = std::fs::read_to_string(course.join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "site/"), "{ignore}");
    // The workflow is the repository's own file, byte for byte.
    let workflow = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/course-check.yml");
    assert_eq!(
        std::fs::read(course.join(".github/workflows/course-check.yml")).expect("workflow"),
        std::fs::read(workflow).expect("repository workflow")
    );

    let root = course.to_str().expect("utf-8 temp path");
    let check = rapport(&["check", "--root", root], tmp.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let summary = stderr(&check);
    assert!(
        summary.contains("check passed: 2 chapters, 1 exercise, 4 graded samples"),
        "a model answer and three self-tests: {summary}"
    );
    assert!(!summary.contains("warning"), "{summary}");

    let build = rapport(&["build"], &course);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    for page in ["index.html", "first-reply.html"] {
        assert!(course.join("site").join(page).is_file(), "{page} not built");
    }
    // The note to the author stays in the source: learners see neither it nor its search entry.
    let index = std::fs::read_to_string(course.join("site/index.html")).expect("index.html");
    let note = index
        .find("For you, the author")
        .expect("the note is in the page's source");
    assert!(
        index[..note].ends_with("<!--\n"),
        "the note is not inside a comment"
    );
    let search =
        std::fs::read_to_string(course.join("site/assets/search-index.js")).expect("index");
    assert!(!search.contains("the author"), "{search}");
}

#[test]
fn init_in_the_current_folder_names_the_course_after_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("support_101");
    std::fs::create_dir(&dir).expect("mkdir");
    let init = rapport(&["init"], &dir);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let config = std::fs::read_to_string(dir.join("rapport.toml")).expect("rapport.toml");
    assert!(config.contains("id = \"support-101\""), "{config}");
    assert!(config.contains("title = \"Support 101\""), "{config}");
    let check = rapport(&["check"], &dir);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn init_twice_refuses_and_changes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let first = rapport(&["init", "course"], tmp.path());
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let chapter = tmp.path().join("course/content/first-reply.md");
    std::fs::write(&chapter, "# Edited by hand\n").expect("edit");

    let again = rapport(&["init", "course"], tmp.path());
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    let message = stderr(&again);
    assert!(
        message.contains("rapport.toml` already exists"),
        "{message}"
    );
    assert!(message.contains("never overwrites"), "{message}");
    assert_eq!(
        std::fs::read_to_string(&chapter).expect("chapter"),
        "# Edited by hand\n",
        "a refused init must not touch the course"
    );
}

#[test]
fn init_keeps_the_users_files_and_ignores_the_site_in_their_gitignore() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join(".gitignore"), "target/").expect("write");
    std::fs::create_dir(tmp.path().join("content")).expect("mkdir");
    std::fs::write(tmp.path().join("content/index.md"), "# Mine\n").expect("write");
    let init = rapport(&["init"], tmp.path());
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    assert!(stderr(&init).contains("kept the existing content/index.md"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("content/index.md")).expect("read"),
        "# Mine\n"
    );
    let ignore = std::fs::read_to_string(tmp.path().join(".gitignore")).expect("read");
    assert!(ignore.starts_with("target/\n"), "{ignore}");
    assert!(ignore.lines().any(|l| l == "site/"), "{ignore}");
}
