fn main() {
    std::process::exit(lessonbook::run());
}
