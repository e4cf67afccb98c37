fn main() {
    authorworks_service::serve("content-service", env!("CARGO_PKG_VERSION"));
}
