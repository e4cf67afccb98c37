fn main() {
    authorworks_service::serve("editor-service", env!("CARGO_PKG_VERSION"));
}
