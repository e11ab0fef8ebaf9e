// The page may call exactly these commands (each also granted in capabilities/main.json).
const COMMANDS: &[&str] = &[
    "get_key_status",
    "save_key",
    "remove_key",
    "get_account",
    "open_batch",
    "stop_watch",
    "check_now",
    "get_batch",
    "get_rows",
    "subscribe_history",
    "rename_batch",
    "forget_batch",
    "clear_local_data",
    "start_demo",
    "leave_demo",
    "export_batch",
    "reveal_export",
    "pick_merge_sheet",
    "preview_merge",
    "save_merge",
    "pick_list_sheet",
    "preview_list",
    "send_list",
    "send_list_part_again",
    "get_lists",
    "save_list_copy",
    "open_linkedin",
    "open_enrow_dashboard",
    "call_number",
    "copy_text",
    "get_settings",
    "set_settings",
    "app_info",
    "answer_close",
    "check_for_update",
    "install_update",
    "open_releases_page",
];

/// The Windows application manifest, beside the other packaging files.
const WINDOWS_MANIFEST: &str = "packaging/windows/app-manifest.xml";

fn main() {
    let mut attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if target_is("CARGO_CFG_TARGET_ENV", "msvc") && target_is("CARGO_CFG_TARGET_OS", "windows") {
        // tauri-build links its manifest into the app's binary only (`rustc-link-arg-bins`),
        // so the test binaries load the old Common Controls, which lack TaskDialogIndirect,
        // and Windows refuses to start them (0xc0000139) before any test runs (tauri issue
        // 13419). The same manifest, embedded by the linker into every executable of this
        // package, serves the app and the tests alike.
        attributes = attributes
            .windows_attributes(tauri_build::WindowsAttributes::new_without_app_manifest());
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(WINDOWS_MANIFEST);
        println!("cargo:rerun-if-changed={}", manifest.display());
        println!("cargo:rustc-link-arg=/MANIFEST:EMBED");
        println!("cargo:rustc-link-arg=/MANIFESTINPUT:{}", manifest.display());
    }
    tauri_build::try_build(attributes)
        .unwrap_or_else(|error| panic!("tauri-build failed: {error:#}"));
}

/// What Cargo says of the target being built (a build script runs on the host, so `cfg!` would
/// describe the wrong machine).
fn target_is(variable: &str, value: &str) -> bool {
    std::env::var(variable).is_ok_and(|found| found == value)
}
