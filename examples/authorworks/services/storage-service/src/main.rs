fn main() {
    authorworks_service::serve("storage-service", env!("CARGO_PKG_VERSION"));
}
