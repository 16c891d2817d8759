//! The binary: all of lessonbook is in the library; this only exits with
//! the code `run` returns.

/// mimalloc rather than the system allocator: parsing a book allocates and
/// frees many small values on every core (ARCHITECTURE.md, dependencies).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(lessonbook::run());
}
