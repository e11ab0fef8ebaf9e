"""Drives the release build through tauri-driver (plain WebDriver over HTTP, no libraries) and
measures it. Called by scripts/measure-app inside a test session (D-Bus, keyring, Xvfb)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

APP = os.path.abspath("target/release/enrow-desk")
FAKE = os.path.abspath("target/release/fake-enrow")
ROWS_3000 = "0000e201-0000-4000-8000-000000000007"
KEY = "fake-key-valid-0000a1b2"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nothing listens on {port}")


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)["value"]


def descendants(pid):
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                              text=True).stdout.split()
    found = []
    for child in map(int, children):
        found += [child] + descendants(child)
    return found


def pss_mib(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def app_processes():
    """The app and every WebKit process it started."""
    out = subprocess.run(["pgrep", "-f", APP], capture_output=True, text=True).stdout.split()
    pids = [int(p) for p in out]
    return pids + [d for p in pids for d in descendants(p)]


def run_once(index):
    fake_port, driver_port, native_port = free_port(), free_port(), free_port()
    fake = subprocess.Popen([FAKE, "--port", str(fake_port)], stdout=subprocess.DEVNULL)
    wait_port(fake_port)
    # The fake builds a ready-made batch on its first request; build it now, so what is timed
    # below is the app, not the fake.
    warm = urllib.request.Request(f"http://127.0.0.1:{fake_port}/phone/bulk?id={ROWS_3000}",
                                  headers={"x-api-key": KEY})
    urllib.request.urlopen(warm, timeout=30).read()
    home = f"/tmp/enrow-measure-{os.getpid()}-{index}"
    # A release build checks for updates at its first start; a measurement must not reach the
    # releases page, so the daily check is turned off as Settings would.
    data = f"{home}/data/app.enrowdesk.desktop"
    os.makedirs(data, exist_ok=True)
    with open(f"{data}/settings.json", "w") as f:
        json.dump({"version": 1, "language": "auto", "checkUpdates": False}, f)
    env = dict(os.environ, ENROW_API_URL=f"http://127.0.0.1:{fake_port}",
               ENROW_DESK_KEYCHAIN_SERVICE=f"Enrow Desk measure {os.getpid()} {index}",
               XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
               XDG_CACHE_HOME=f"{home}/cache")
    driver = subprocess.Popen(["tauri-driver", "--port", str(driver_port), "--native-port",
                               str(native_port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    wait_port(driver_port)
    # tauri-driver listens before its WebKitWebDriver is ready to take a session.
    time.sleep(1)
    base = f"http://127.0.0.1:{driver_port}"
    try:
        started = time.perf_counter()
        for attempt in range(3):
            try:
                session = call(base, "POST", "/session", {"capabilities": {"alwaysMatch": {
                    "tauri:options": {"application": APP}}}})["sessionId"]
                break
            except OSError:
                # WebKitWebDriver was not ready yet: the attempt is not counted as launch time.
                time.sleep(1)
                started = time.perf_counter()
        else:
            sys.exit("no WebDriver session")
        s = f"/session/{session}"

        def script(source, asynchronous=False):
            return call(base, "POST", f"{s}/execute/{'async' if asynchronous else 'sync'}",
                        {"script": source, "args": []})

        visible = ("const e = document.querySelector('[data-testid=\"key-screen\"]');"
                   "return !!e && !e.hidden && e.getClientRects().length > 0;")
        while not script(visible):
            time.sleep(0.01)
        launch = time.perf_counter() - started

        def until(source, timeout=60):
            end = time.time() + timeout
            while time.time() < end:
                value = script(source)
                if value:
                    return value
                time.sleep(0.02)
            sys.exit(f"timed out waiting for: {source}")

        script(f"""const input = document.querySelector('[data-testid="key-input"]');
            input.value = '{KEY}'; input.dispatchEvent(new Event('input', {{bubbles: true}}));
            document.querySelector('[data-testid="key-save"]').click(); return true;""")
        until("const e = document.querySelector('[data-testid=\"main-screen\"]');"
              "return !!e && !e.hidden && e.getClientRects().length > 0;")
        time.sleep(3)
        idle = pss_mib(app_processes())

        # Timed inside the page: from the click to two frames after the grid shows 3,000 rows.
        script(f"""const input = document.querySelector('[data-testid="paste-input"]');
            input.value = '{ROWS_3000}'; input.dispatchEvent(new Event('input', {{bubbles: true}}));
            window.__painted = null;
            const t0 = performance.now();
            document.querySelector('[data-testid="fetch-button"]').click();
            const check = () => {{
              const count = document.querySelector('[data-testid="grid-count"]');
              if (document.querySelector('[data-testid="grid-row"]') && count
                  && /3.?000/.test(count.textContent)) {{
                requestAnimationFrame(() => requestAnimationFrame(() => {{
                  window.__painted = performance.now() - t0;
                }}));
              }} else requestAnimationFrame(check);
            }};
            check(); return true;""")
        painted = until("return window.__painted;")
        time.sleep(3)
        loaded = pss_mib(app_processes())
        call(base, "DELETE", s)
        return launch, painted, idle, loaded
    finally:
        driver.terminate()
        fake.terminate()
        subprocess.run(["rm", "-rf", home])


runs = [run_once(i) for i in range(int(sys.argv[1]))]
size = os.path.getsize(APP) / (1024 * 1024)
best = lambda i: min(r[i] for r in runs)
worst = lambda i: max(r[i] for r in runs)
median = lambda i: sorted(r[i] for r in runs)[len(runs) // 2]
print(f"{len(runs)} runs of the release build ({APP}):\n")
print("| measure | median | best | worst | goal |")
print("|---|---|---|---|---|")
print(f"| launch to usable window | {median(0) * 1000:.0f} ms | {best(0) * 1000:.0f} ms "
      f"| {worst(0) * 1000:.0f} ms | < 1 s |")
print(f"| 3,000 rows: Fetch to grid painted | {median(1):.0f} ms | {best(1):.0f} ms "
      f"| {worst(1):.0f} ms | < 300 ms |")
print(f"| memory, idle (PSS, all processes) | {median(2):.0f} MiB | {best(2):.0f} MiB "
      f"| {worst(2):.0f} MiB | < 200 MiB |")
print(f"| memory, 3,000 rows shown | {median(3):.0f} MiB | {best(3):.0f} MiB "
      f"| {worst(3):.0f} MiB | < 200 MiB |")
print(f"| binary size | {size:.1f} MiB | | | < 20 MiB |")
