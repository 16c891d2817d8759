//! The binary: all of lessonbook is in the library; this only exits with
//! the code `run` returns.

fn main() {
    std::process::exit(lessonbook::run());
}
