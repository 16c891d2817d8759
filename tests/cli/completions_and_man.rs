//! `lessonbook completions SHELL` and `lessonbook man`: generated from the
//! clap definition, so every command appears in both.

use crate::book_test::*;

/// The commands every script and page must name.
const COMMANDS: &[&str] = &[
    "check",
    "build",
    "board",
    "stats",
    "diff",
    "sample",
    "serve",
    "init",
    "new",
    "schema",
    "completions",
    "man",
];

#[test]
fn completions_name_every_command_in_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run_in(dir.path(), &["completions", shell]);
        run.code(0);
        assert!(run.stdout.len() > 500, "{shell}: {}", run.stdout);
        for command in COMMANDS {
            run.stdout_has(command);
        }
        // Flags of a subcommand complete too.
        run.stdout_has("deny-warnings");
    }
    // Each shell's own way of registering the function.
    run_in(dir.path(), &["completions", "bash"]).stdout_has("complete -F _lessonbook");
    run_in(dir.path(), &["completions", "zsh"]).stdout_has("#compdef lessonbook");
    run_in(dir.path(), &["completions", "fish"]).stdout_has("complete -c lessonbook");
    run_in(dir.path(), &["completions", "powershell"])
        .stdout_has("Register-ArgumentCompleter -Native -CommandName 'lessonbook'");
    run_in(dir.path(), &["completions", "tcsh"]).code(2);
}

#[test]
fn man_prints_the_main_page_naming_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["man"]);
    run.code(0).stdout_has(".TH lessonbook 1");
    for command in COMMANDS {
        // roff escapes the hyphen: the SUBCOMMANDS section names each page.
        run.stdout_has(&format!("lessonbook\\-{command}(1)"));
    }
}

#[test]
fn man_out_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man/man1");
    let run = run_in(dir.path(), &["man", "--out", out.to_str().unwrap()]);
    run.code(0);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = COMMANDS
        .iter()
        .map(|command| format!("lessonbook-{command}.1"))
        .collect();
    expected.push("lessonbook.1".to_string());
    expected.sort();
    assert_eq!(names, expected);
    // Each page is titled with its command, and stdout lists what was written.
    let check = std::fs::read_to_string(out.join("lessonbook-check.1")).unwrap();
    assert!(check.contains(".TH lessonbook-check 1"), "{check}");
    assert!(check.contains("deny\\-warnings"), "{check}");
    assert_eq!(run.stdout.lines().count(), COMMANDS.len() + 1);
    assert!(run.stdout.lines().next().unwrap().ends_with("lessonbook.1"));
}
