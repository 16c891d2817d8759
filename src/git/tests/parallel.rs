//! The walk gives the same histories whether its diffs are done on the
//! calling thread or by several threads, in one stretch or many.

use gix::bstr::BString;

use super::super::history::walk_with;
use super::with_git::record;
use crate::testing::git_repo::GitRepo;

/// 40 commits over eight files: edits in turn, a rename, a file deleted
/// and a new one at its path, a branch merged back with a change of its
/// own.
fn busy_history() -> GitRepo {
    let repo = GitRepo::new();
    for i in 1..=8 {
        repo.write(&format!("records/INC-{i}.md"), &record(&format!("INC-{i}")));
    }
    repo.commit("2026-01-01", "Eight incidents");
    for day in 2..=28 {
        let i = day % 8 + 1;
        let path = if i == 3 && day > 10 {
            "records/2026/INC-3.md".to_string()
        } else {
            format!("records/INC-{i}.md")
        };
        let text = format!("{}edit on day {day}\n", record(&format!("INC-{i}")));
        repo.write(&path, &text);
        repo.commit(&format!("2026-01-{day:02}"), &format!("Edit INC-{i}"));
        if day == 10 {
            std::fs::create_dir_all(repo.path().join("records/2026")).unwrap();
            repo.git(&["mv", "records/INC-3.md", "records/2026/INC-3.md"]);
            repo.commit("2026-01-10T18:00:00+00:00", "Move INC-3");
        }
        if day == 15 {
            repo.git(&["rm", "--quiet", "records/INC-5.md"]);
            repo.commit("2026-01-15T18:00:00+00:00", "Remove INC-5");
            repo.write("records/INC-5.md", "a new INC-5\n");
            repo.commit("2026-01-15T19:00:00+00:00", "A new INC-5");
        }
    }
    repo.git(&["switch", "--quiet", "--create", "side"]);
    repo.write("records/INC-1.md", "changed on the side\n");
    repo.commit("2026-02-01", "Side change");
    repo.git(&["switch", "--quiet", "main"]);
    repo.write("records/INC-2.md", "changed on main\n");
    repo.commit("2026-02-02", "Main change");
    repo.git_at(
        "2026-02-03",
        &["merge", "--quiet", "--no-ff", "-m", "Merge side", "side"],
    );
    repo
}

#[test]
fn threads_and_stretches_do_not_change_the_histories() {
    let repo = busy_history();
    let git = gix::open(repo.path().join(".git")).unwrap();
    let head = git.head_id().unwrap().detach();
    let mut tracked: Vec<BString> = (1..=8)
        .filter(|&i| i != 3)
        .map(|i| format!("records/INC-{i}.md").into())
        .collect();
    tracked.push("records/2026/INC-3.md".into());
    let inline = walk_with(&git, head, &tracked, Some((0, 512))).unwrap();
    let revisions: Vec<usize> = inline.iter().map(Vec::len).collect();
    for parallel in [(2, 512), (2, 1), (3, 7), (0, 3)] {
        let walked = walk_with(&git, head, &tracked, Some(parallel)).unwrap();
        assert_eq!(walked, inline, "{parallel:?}");
    }
    // The same numbers of revisions as `git log --follow`, but for INC-5:
    // git follows the path back past the deletion; provenance starts the
    // new file's history where it was added.
    for (path, &count) in tracked.iter().zip(&revisions) {
        if path == "records/INC-5.md" {
            assert_eq!(count, 3, "the new INC-5, then its edits of days 20 and 28");
            continue;
        }
        let log = repo.git(&["log", "--follow", "--format=%H", "--", &path.to_string()]);
        assert_eq!(log.lines().count(), count, "{path}");
    }
}
