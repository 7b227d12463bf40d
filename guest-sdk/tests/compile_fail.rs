//! Misuse of `#[remote]` is a compile error that points at the offending
//! tokens, and so is misuse of the typed clients it writes for the host
//! (`client_*`: a misspelled method, an argument of the wrong type). Each
//! case in `tests/ui/` has its expected message beside it.

#[test]
fn misuse_of_remote_is_a_compile_error() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
