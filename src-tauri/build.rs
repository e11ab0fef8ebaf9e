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
    "open_linkedin",
    "open_enrow_dashboard",
    "call_number",
    "copy_text",
    "get_settings",
    "set_settings",
    "app_info",
    "check_for_update",
    "install_update",
    "open_releases_page",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|error| panic!("tauri-build failed: {error:#}"));
}
