// Links libespeak-ng (Debian `libespeak-ng-dev`), which the phonemizer calls through FFI.
fn main() {
    println!("cargo:rustc-link-lib=dylib=espeak-ng");
}
