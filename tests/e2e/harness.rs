//! Drives the real Enrow Desk window: `tauri-driver` in front of WebKitWebDriver, fantoccini as
//! the WebDriver client, the fake Enrow on 127.0.0.1, a throw-away keychain entry, home folders
//! and export folder per test. Screenshots land in `target/e2e-screenshots/`.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use fake_enrow::{FakeConfig, FakeEnrow};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tokio::process::{Child, Command};
use tokio::sync::{Mutex, MutexGuard};

/// One window at a time: the machine may have two cores, and WebKit is heavy.
static ONE_AT_A_TIME: LazyLock<Mutex<()>> = LazyLock::new(|| Mutex::new(()));

const WAIT: Duration = Duration::from_secs(15);

pub struct Desk {
    pub client: Client,
    pub enrow: FakeEnrow,
    pub exports: tempfile::TempDir,
    pub keychain: enrow_keychain::Keychain,
    name: String,
    service: String,
    driver: Child,
    driver_port: u16,
    home: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

/// Where tauri-driver is, if anywhere.
fn tauri_driver() -> Option<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let candidates = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(cargo_home.map(|home| home.join("bin")));
    candidates
        .map(|dir| dir.join("tauri-driver"))
        .find(|path| path.is_file())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

/// A WebDriver session, which starts the app.
async fn session(port: u16) -> Client {
    tokio::time::timeout(Duration::from_secs(60), connect(port))
        .await
        .expect("a WebDriver session within a minute")
}

async fn connect(port: u16) -> Client {
    // Two TLS back ends are linked into this test (ours and the WebDriver client's); say which.
    enrow::install_crypto_provider();
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "tauri:options".into(),
        json!({ "application": env!("CARGO_BIN_EXE_enrow-desk") }),
    );
    let mut attempts = 0;
    loop {
        let connected = ClientBuilder::rustls()
            .expect("TLS for the WebDriver client")
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match connected {
            Ok(client) => return client,
            // tauri-driver listens a moment before its WebKitWebDriver takes sessions.
            Err(error) if attempts < 5 => {
                attempts += 1;
                eprintln!("WebDriver session not ready ({error}); trying again");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(error) => panic!("no WebDriver session on the app: {error}"),
        }
    }
}

/// What the app is started with: the fake Enrow, the test's keychain entry, export folder and
/// home folders, and the hold flag of `Desk::hold_exports`.
fn app_env(
    enrow: &FakeEnrow,
    service: &str,
    exports: &Path,
    home: &Path,
) -> Vec<(&'static str, std::ffi::OsString)> {
    vec![
        ("ENROW_API_URL", enrow.url().into()),
        ("ENROW_DESK_KEYCHAIN_SERVICE", service.into()),
        ("ENROW_DESK_EXPORT_DIR", exports.into()),
        (
            "ENROW_DESK_TEST_HOLD_EXPORT",
            home.join("hold-export").into(),
        ),
        // The updater asks the fake (404 until a test announces a version), never the real
        // releases page.
        ("ENROW_DESK_TEST_UPDATE_URL", enrow.latest_json_url().into()),
        ("XDG_DATA_HOME", home.join("data").into()),
        ("XDG_CONFIG_HOME", home.join("config").into()),
        ("XDG_CACHE_HOME", home.join("cache").into()),
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1".into()),
        ("NO_AT_BRIDGE", "1".into()),
    ]
}

impl Desk {
    /// Opens the app against a fresh fake Enrow. `None` (the test then passes without running)
    /// only where there is no display or no tauri-driver and `ENROW_REQUIRE_E2E` is not `1`.
    pub async fn launch(name: &str, config: FakeConfig) -> Option<Desk> {
        Self::launch_with_key(name, config, None).await
    }

    /// As [`Desk::launch`], with `key` already in the keychain, as after an earlier session.
    pub async fn launch_with_key(
        name: &str,
        config: FakeConfig,
        key: Option<&str>,
    ) -> Option<Desk> {
        Self::launch_with(name, config, key, &[]).await
    }

    /// As [`Desk::launch`], with more variables in the app's environment (a system language).
    pub async fn launch_with_env(
        name: &str,
        config: FakeConfig,
        env: &[(&'static str, &str)],
    ) -> Option<Desk> {
        Self::launch_with(name, config, None, env).await
    }

    async fn launch_with(
        name: &str,
        config: FakeConfig,
        key: Option<&str>,
        env: &[(&'static str, &str)],
    ) -> Option<Desk> {
        let required = std::env::var("ENROW_REQUIRE_E2E").as_deref() == Ok("1");
        let driver_path = tauri_driver();
        if std::env::var_os("DISPLAY").is_none() || driver_path.is_none() {
            assert!(
                !required,
                "ENROW_REQUIRE_E2E=1 but no display or no tauri-driver"
            );
            eprintln!("no display or tauri-driver here: end-to-end test {name} not run");
            return None;
        }
        let turn = ONE_AT_A_TIME.lock().await;
        let enrow = FakeEnrow::start(config).await.expect("fake Enrow starts");
        let exports = tempfile::tempdir().expect("export folder");
        let home = tempfile::tempdir().expect("home folders");
        let service = format!("Enrow Desk e2e {name} {}", std::process::id());
        let keychain = enrow_keychain::Keychain::named(&service, enrow_keychain::ACCOUNT);
        if let Some(key) = key {
            keychain
                .save(&enrow::ApiKey::new(key).expect("a key"))
                .expect("seeded in the keychain");
        }
        let (port, native_port) = (free_port(), free_port());
        let mut command = Command::new(driver_path.expect("checked above"));
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            // The app inherits these through tauri-driver and WebKitWebDriver.
            .envs(app_env(&enrow, &service, exports.path(), home.path()))
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so WebKitWebDriver and the app go with it (see Drop).
            .process_group(0)
            .kill_on_drop(true);
        let driver = command.spawn().expect("tauri-driver starts");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < WAIT, "tauri-driver never listened");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let client = session(port).await;
        Some(Desk {
            client,
            enrow,
            exports,
            keychain,
            name: name.to_owned(),
            service,
            driver,
            driver_port: port,
            home,
            _turn: turn,
        })
    }

    /// From now until `release_exports`, an export waits, whole but under its temporary name,
    /// before it gets its real one.
    pub fn hold_exports(&self) {
        std::fs::write(self.home.path().join("hold-export"), b"").expect("hold flag");
    }

    pub fn release_exports(&self) {
        let _ = std::fs::remove_file(self.home.path().join("hold-export"));
    }

    /// Starts the app a second time, as a person double-clicking it again would, with `args`;
    /// returns how it exited.
    pub async fn launch_again(&self, args: &[&str]) -> std::process::ExitStatus {
        let mut second = Command::new(env!("CARGO_BIN_EXE_enrow-desk"));
        second
            .args(args)
            .envs(app_env(
                &self.enrow,
                &self.service,
                self.exports.path(),
                self.home.path(),
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        let mut child = second.spawn().expect("the second launch starts");
        tokio::time::timeout(WAIT, child.wait())
            .await
            .expect("the second launch exits at once")
            .expect("an exit status")
    }

    /// Opens `link` as a desktop does (`xdg-open`, in the app's own home folders, where the
    /// app registered itself as the handler of its scheme when it started); returns how
    /// `xdg-open` exited.
    pub async fn open_link(&self, link: &str) -> std::process::ExitStatus {
        let mut opener = Command::new("xdg-open");
        opener
            .arg(link)
            .envs(app_env(
                &self.enrow,
                &self.service,
                self.exports.path(),
                self.home.path(),
            ))
            // As on a GNOME desktop: xdg-open hands the link to `gio open`, which finds the
            // scheme's handler in the home folders as the desktop does (the generic fallback
            // of Debian 12's xdg-utils cannot read a quoted Exec line).
            .env("XDG_CURRENT_DESKTOP", "GNOME")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        let mut child = opener.spawn().expect("xdg-open starts");
        tokio::time::timeout(WAIT, child.wait())
            .await
            .expect("xdg-open hands the link over and exits")
            .expect("an exit status")
    }

    /// Closes the window as a person does with its close button: the window manager asks the
    /// app to close it (`WM_DELETE_WINDOW`), which the app may refuse. Xvfb runs no window
    /// manager, so the message is sent here, to the app's shown window.
    pub async fn close_window(&self) {
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--class", "enrow-desk"])
            .output()
            .await
            .expect("xdotool runs");
        let windows = String::from_utf8_lossy(&found.stdout).to_string();
        let window = windows
            .lines()
            .last()
            .expect("the app's window is shown")
            .to_owned();
        // Debian's own Python, which has python3-xlib (another `python3` may come first).
        let script = "import sys\nfrom Xlib import X, display, protocol\n\
            d = display.Display()\nw = d.create_resource_object('window', int(sys.argv[1]))\n\
            kind = d.intern_atom('WM_PROTOCOLS')\nclose = d.intern_atom('WM_DELETE_WINDOW')\n\
            w.send_event(protocol.event.ClientMessage(window=w, client_type=kind, \
            data=(32, [close, X.CurrentTime, 0, 0, 0])))\nd.flush()\n";
        let sent = Command::new("/usr/bin/python3")
            .args(["-c", script, &window])
            .status()
            .await
            .expect("python runs");
        assert!(sent.success(), "WM_DELETE_WINDOW sent");
    }

    /// Whether the app has a window shown on the display.
    pub async fn window_shown(&self) -> bool {
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--class", "enrow-desk"])
            .output()
            .await
            .expect("xdotool runs");
        !String::from_utf8_lossy(&found.stdout).trim().is_empty()
    }

    /// The app's home folder (its `XDG_*_HOME` folders are `data`, `config` and `cache` in it).
    pub fn home_path(&self) -> &Path {
        self.home.path()
    }

    /// The app's data folder (history, saved results, settings).
    pub fn data_folder(&self) -> PathBuf {
        self.home.path().join("data").join("app.enrowdesk.desktop")
    }

    /// Every file in the app's data folder.
    pub fn data_files(&self) -> Vec<PathBuf> {
        walkdir::WalkDir::new(self.data_folder())
            .into_iter()
            .flatten()
            .filter(|entry| !entry.file_type().is_dir())
            .map(walkdir::DirEntry::into_path)
            .collect()
    }

    /// This test's processes: the app and the WebKit processes it started, which inherit its
    /// environment and so its own keychain service name. Each as its `/proc` folder and
    /// environment, one `NAME=value` per entry.
    fn own_processes(&self) -> Vec<(PathBuf, Vec<Vec<u8>>)> {
        let marker = format!("ENROW_DESK_KEYCHAIN_SERVICE={}", self.service);
        let mut found = Vec::new();
        for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
            let dir = entry.path();
            let environ = std::fs::read(dir.join("environ")).unwrap_or_default();
            let vars: Vec<Vec<u8>> = environ.split(|b| *b == 0).map(<[u8]>::to_vec).collect();
            if vars.iter().any(|var| var == marker.as_bytes()) {
                found.push((dir, vars));
            }
        }
        found
    }

    /// The environment of this app's page process (WebKit's web process), one `NAME=value`
    /// per entry; empty when none is found.
    pub fn web_process_environment(&self) -> Vec<Vec<u8>> {
        self.own_processes()
            .into_iter()
            .find(|(dir, _)| {
                std::fs::read_to_string(dir.join("comm"))
                    .is_ok_and(|comm| comm.starts_with("WebKitWebProces"))
            })
            .map(|(_, vars)| vars)
            .unwrap_or_default()
    }

    /// The /proc folder of this test's app process itself (not WebKit's): the one whose
    /// program is the app's binary; there must be exactly one.
    fn app_process(&self) -> PathBuf {
        let app = env!("CARGO_BIN_EXE_enrow-desk");
        let mut processes: Vec<PathBuf> = self
            .own_processes()
            .into_iter()
            .map(|(dir, _)| dir)
            .filter(|dir| {
                let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
                cmdline.split(|b| *b == 0).next() == Some(app.as_bytes())
            })
            .collect();
        assert_eq!(processes.len(), 1, "exactly one app process: {processes:?}");
        processes.remove(0)
    }

    /// The OpenGL drivers mapped into the app's own process (Mesa's driver, its GLX and EGL
    /// vendor libraries, LLVM, which Mesa's drivers link): none is expected.
    pub fn opengl_in_the_app(&self) -> Vec<String> {
        let maps =
            std::fs::read_to_string(self.app_process().join("maps")).expect("the app's maps");
        let files: Vec<&str> = maps
            .lines()
            .filter_map(|line| line.split_whitespace().nth(5))
            .collect();
        // The check reads the right process: one that runs WebKit.
        assert!(
            files.iter().any(|file| file.contains("libwebkit2gtk")),
            "the app's process maps no WebKit"
        );
        let mut opengl: Vec<String> = files
            .into_iter()
            .filter(|file| {
                ["_dri.so", "libGLX_mesa", "libEGL_mesa", "libLLVM"]
                    .iter()
                    .any(|driver| file.contains(driver))
            })
            .map(str::to_owned)
            .collect();
        opengl.dedup();
        opengl
    }

    /// Kills the app at once, as a crash or a power cut would (SIGKILL: nothing gets to clean
    /// up).
    pub async fn kill_app(&self) {
        let pid = self
            .app_process()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let status = std::process::Command::new("kill")
            .args(["-9", &pid])
            .status();
        assert!(status.is_ok_and(|s| s.success()), "kill -9 {pid}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    /// Opens the app again, with the same data, keychain entry and fake Enrow.
    pub async fn relaunch(&mut self) {
        let _ = self.client.clone().close().await;
        self.client = session(self.driver_port).await;
    }

    fn css(testid: &str) -> String {
        format!("[data-testid=\"{testid}\"]")
    }

    /// The element, once it exists and is shown.
    pub async fn el(&self, testid: &str) -> Element {
        let css = Self::css(testid);
        let started = Instant::now();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(&css)).await
                && element.is_displayed().await.unwrap_or(false)
            {
                return element;
            }
            assert!(started.elapsed() < WAIT, "{testid} never shown");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn is_shown(&self, testid: &str) -> bool {
        match self.client.find(Locator::Css(&Self::css(testid))).await {
            Ok(element) => element.is_displayed().await.unwrap_or(false),
            Err(_) => false,
        }
    }

    /// Closes a `<dialog>` at once, whatever it is showing.
    pub async fn close_dialog(&self, testid: &str) {
        let script = format!("document.querySelector('[data-testid=\"{testid}\"]').close()");
        self.client.execute(&script, vec![]).await.ok();
    }

    pub async fn click(&self, testid: &str) {
        let element = self.el(testid).await;
        tokio::time::timeout(WAIT, element.click())
            .await
            .unwrap_or_else(|_| panic!("clicking {testid} never returned"))
            .expect("clicks");
    }

    /// Clicks a button that closes the app: the window may be gone before WebDriver answers,
    /// so its answer is not awaited as a success. The caller checks what the click did.
    pub async fn click_closing(&self, testid: &str) {
        let element = self.el(testid).await;
        let _ = tokio::time::timeout(WAIT, element.click()).await;
    }

    pub async fn type_into(&self, testid: &str, text: &str) {
        let element = self.el(testid).await;
        element.clear().await.expect("clears");
        element.send_keys(text).await.expect("types");
    }

    pub async fn text(&self, testid: &str) -> String {
        self.el(testid).await.text().await.expect("text")
    }

    /// Waits until the element's text satisfies `ok`; returns that text.
    pub async fn wait_text(
        &self,
        testid: &str,
        timeout: Duration,
        ok: impl Fn(&str) -> bool,
    ) -> String {
        let started = Instant::now();
        let mut last = String::new();
        loop {
            if self.is_shown(testid).await {
                last = self.text(testid).await;
                if ok(&last) {
                    return last;
                }
            }
            assert!(started.elapsed() < timeout, "{testid}: still {last:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element's attribute has `value`.
    pub async fn wait_attr(&self, testid: &str, attr: &str, value: &str, timeout: Duration) {
        let started = Instant::now();
        let mut last = None;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(&Self::css(testid))).await {
                last = element.attr(attr).await.ok().flatten();
                if last.as_deref() == Some(value) {
                    return;
                }
            }
            assert!(
                started.elapsed() < timeout,
                "{testid}[{attr}] is {last:?}, not {value}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `script` (which returns a value) until `ok` accepts what it returns; returns that.
    pub async fn wait_script(
        &self,
        script: &str,
        timeout: Duration,
        ok: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let started = Instant::now();
        loop {
            let last = self
                .client
                .execute(script, Vec::new())
                .await
                .unwrap_or_default();
            if ok(&last) {
                return last;
            }
            assert!(started.elapsed() < timeout, "{script}: still {last}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Answers the system's file dialog (GTK's, which WebDriver cannot reach) as a person would:
    /// waits for it to open, types the whole path into it and presses Enter. `saving` is the
    /// save dialog, whose name field holds a suggestion to replace; the open dialog gets its
    /// location field first (Ctrl+L).
    pub async fn answer_file_dialog(&self, path: &Path, saving: bool) {
        let window = self.wait_for_dialog().await;
        let keys: &[&str] = if saving { &["ctrl+a"] } else { &["ctrl+l"] };
        xdotool(&["windowfocus", "--sync", &window]).await;
        for key in keys {
            xdotool(&["key", "--clearmodifiers", key]).await;
        }
        let typed = path.display().to_string();
        xdotool(&["type", "--clearmodifiers", "--delay", "15", &typed]).await;
        // GTK may take the first Enter for its completion of the typed path: press Enter in
        // the dialog until it closes.
        let started = Instant::now();
        while self.dialog_is_open(&window).await {
            assert!(started.elapsed() < WAIT, "the file dialog stayed open");
            xdotool(&["windowfocus", "--sync", &window]).await;
            xdotool(&["key", "--clearmodifiers", "Return"]).await;
            let pressed = Instant::now();
            while pressed.elapsed() < Duration::from_secs(1) && self.dialog_is_open(&window).await {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }

    async fn dialog_is_open(&self, window: &str) -> bool {
        xdotool(&["search", "--onlyvisible", "--name", "."])
            .await
            .split_whitespace()
            .any(|id| id == window)
    }

    /// The id of a window other than the app's own: the dialog it opened.
    async fn wait_for_dialog(&self) -> String {
        let started = Instant::now();
        loop {
            let listed = xdotool(&["search", "--onlyvisible", "--name", "."]).await;
            for id in listed.split_whitespace() {
                let name = xdotool(&["getwindowname", id]).await;
                let name = name.trim();
                if !name.is_empty() && name != "Enrow Desk" {
                    return id.to_owned();
                }
            }
            assert!(started.elapsed() < WAIT, "no file dialog opened");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a picture of the window as `target/e2e-screenshots/<test>-<label>.png`.
    ///
    /// Taken from the X display (`xwd`), as a person would see the window: WebKitWebDriver's own
    /// screenshot command sometimes never answers (seen after an error banner appears or a
    /// batch is forgotten, while the page itself goes on answering and sits idle), and then
    /// blocks every later command of the session.
    pub async fn screenshot(&self, label: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{}-{label}.png", self.name));
        // Two frames, so what the last command changed is on screen.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));",
                Vec::new(),
            )
            .await;
        let capture = format!(
            "xwd -silent -name 'Enrow Desk' | xwdtopnm 2>/dev/null | pnmtopng > '{}'",
            path.display()
        );
        let status = Command::new("sh")
            .args(["-c", &capture])
            .status()
            .await
            .expect("xwd runs");
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(status.success() && size > 1000, "screenshot {label} failed");
    }

    /// Every row of the results grid, by scrolling it from top to bottom (only the visible
    /// rows are in the page at any time). Each row is its `data-index` then its cell texts.
    pub async fn grid_rows(&self) -> Vec<Vec<String>> {
        // The grid shows once the rows have come from Rust.
        self.el("grid").await;
        let script = r#"
            const done = arguments[arguments.length - 1];
            const grid = document.querySelector('[data-testid="grid"]');
            const rows = new Map();
            const collect = () => {
              for (const row of grid.querySelectorAll('[data-testid="grid-row"]')) {
                const cells = [...row.querySelectorAll('[data-col]')].map((c) => c.textContent);
                rows.set(Number(row.dataset.index), [row.dataset.index, ...cells]);
              }
            };
            grid.scrollTop = 0;
            const step = () => requestAnimationFrame(() => requestAnimationFrame(() => {
              collect();
              if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) {
                done([...rows.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]));
              } else {
                grid.scrollTop += Math.max(40, grid.clientHeight - 80);
                step();
              }
            }));
            step();
        "#;
        let value = self
            .client
            .execute_async(script, Vec::new())
            .await
            .expect("grid read");
        serde_json::from_value::<Vec<Vec<String>>>(value).expect("rows of text")
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        // Drop does the rest.
    }
}

impl Drop for Desk {
    /// Whatever happened, the whole driver process group (tauri-driver, WebKitWebDriver, the
    /// app) goes, and the test's keychain entry with it.
    fn drop(&mut self) {
        if let Some(pid) = self.driver.id() {
            let _ = std::process::Command::new("kill")
                .args(["-9", "--", &format!("-{pid}")])
                .status();
        }
        let _ = self.driver.start_kill();
        let _ = self.keychain.delete();
    }
}

/// Runs xdotool on the test display; its output (empty when it found nothing).
async fn xdotool(args: &[&str]) -> String {
    let output = Command::new("xdotool")
        .args(args)
        .output()
        .await
        .expect("xdotool runs (scripts/install-deps installs it)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}
