//! The staff routes the server's source gives its router, so that tests can check every one of
//! them and fail when a new one has not been thought about.

/// Every route registered with a path starting `/admin` (the first argument of each `.route(`
/// call, in every file under `server/src`), sorted, each once.
pub fn staff_routes() -> Vec<String> {
    all_routes().into_iter().filter(|r| r.starts_with("/admin")).collect()
}

/// Every route the source registers, public and staff (the first argument of each `.route(` call
/// that is a path), sorted, each once.
pub fn all_routes() -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../server/src"))];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("reading {}: {e}", folder.display())) {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                for piece in text.split(".route(").skip(1) {
                    let literal = piece.trim_start().strip_prefix('"').and_then(|rest| rest.split('"').next());
                    if let Some(route) = literal.filter(|r| r.starts_with("/admin")) {
                        found.push(route.to_owned());
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}
