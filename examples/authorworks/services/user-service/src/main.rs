fn main() {
    authorworks_service::serve("user-service", env!("CARGO_PKG_VERSION"));
}
