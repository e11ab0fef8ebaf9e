"""Drives the release build through tauri-driver (plain WebDriver over HTTP, no libraries) and
measures it. Called by scripts/measure-app inside a test session (D-Bus, keyring, Xvfb).

Memory is PSS (each shared page split between the processes sharing it), per process: the app,
WebKit's web process (the page) and WebKit's network process. The floor is an empty Tauri window
built the same way (examples/empty_window.rs), measured in the same run.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

APP = os.path.abspath("target/release/enrow-desk")
EMPTY = os.path.abspath("target/release/examples/empty_window")
FAKE = os.path.abspath("target/release/fake-enrow")
ROWS_3000 = "0000e201-0000-4000-8000-000000000007"
# The fake's completed batches, 2 to 3,000 rows: a day's use opens them in turn.
DAY = ["0000e201-0000-4000-8000-000000000005", "0000e201-0000-4000-8000-000000000006",
       "0000e201-0000-4000-8000-000000000004", ROWS_3000, "0000e201-0000-4000-8000-000000000021"]
KEY = "fake-key-valid-0000a1b2"
KINDS = ("app", "web", "network")


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


def kind_of(pid):
    """Which of the window's processes `pid` is: WebKit names its helpers."""
    try:
        with open(f"/proc/{pid}/comm") as f:
            comm = f.read().strip()
    except OSError:
        return None
    if comm.startswith("WebKitWebProces"):
        return "web"
    if comm.startswith("WebKitNetworkPr"):
        return "network"
    return "app"


def pss_mib(pids):
    """PSS in MiB by kind of process, and their total."""
    by_kind = dict.fromkeys(KINDS, 0.0)
    for pid in pids:
        kind = kind_of(pid)
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:") and kind:
                        by_kind[kind] += int(line.split()[1]) / 1024
        except OSError:
            pass
    by_kind["total"] = sum(by_kind[k] for k in KINDS)
    return by_kind


def window_processes(binary):
    """The window's own process and every WebKit process it started."""
    out = subprocess.run(["pgrep", "-f", binary], capture_output=True, text=True).stdout.split()
    pids = [int(p) for p in out]
    return pids + [d for p in pids for d in descendants(p)]


def app_processes():
    return window_processes(APP)


def run_once(index, binary=APP, attempt=0):
    """One launch of `binary` with a new user's folders and keychain entry (a run started again
    must not find the key the dropped one saved); returns what was measured."""
    fake_port, driver_port, native_port = free_port(), free_port(), free_port()
    fake = subprocess.Popen([FAKE, "--port", str(fake_port)], stdout=subprocess.DEVNULL)
    wait_port(fake_port)
    # The fake builds a ready-made batch on its first request; build them now, so what is
    # timed below is the app, not the fake.
    for batch in DAY:
        warm = urllib.request.Request(f"http://127.0.0.1:{fake_port}/phone/bulk?id={batch}",
                                      headers={"x-api-key": KEY})
        urllib.request.urlopen(warm, timeout=30).read()
    home = f"/tmp/enrow-measure-{os.getpid()}-{index}-{attempt}"
    # A release build checks for updates at its first start; a measurement must not reach the
    # releases page, so the daily check is turned off as Settings would.
    data = f"{home}/data/app.enrowdesk.desktop"
    os.makedirs(data, exist_ok=True)
    with open(f"{data}/settings.json", "w") as f:
        json.dump({"version": 1, "language": "auto", "checkUpdates": False}, f)
    env = dict(os.environ, ENROW_API_URL=f"http://127.0.0.1:{fake_port}",
               ENROW_DESK_KEYCHAIN_SERVICE=f"Enrow Desk measure {os.getpid()} {index} {attempt}",
               XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
               XDG_CACHE_HOME=f"{home}/cache")
    # What the app and WebKit say goes to a log per run and attempt, to read when a run fails
    # (a run started again keeps the dropped one's log).
    os.makedirs("target/measure-logs", exist_ok=True)
    log = open(f"target/measure-logs/{os.path.basename(binary)}-{index}-{attempt}.log", "wb")
    driver = subprocess.Popen(["tauri-driver", "--port", str(driver_port), "--native-port",
                               str(native_port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_port(driver_port)
    # tauri-driver listens before its WebKitWebDriver is ready to take a session.
    time.sleep(1)
    base = f"http://127.0.0.1:{driver_port}"
    try:
        started = time.perf_counter()
        for attempt in range(3):
            try:
                session = call(base, "POST", "/session", {"capabilities": {"alwaysMatch": {
                    "tauri:options": {"application": binary}}}})["sessionId"]
                break
            except OSError:
                # WebKitWebDriver was not ready yet: the attempt is not counted as launch time.
                time.sleep(1)
                started = time.perf_counter()
        else:
            sys.exit("no WebDriver session")
        s = f"/session/{session}"
        if binary != APP:
            time.sleep(3)
            floor = pss_mib(window_processes(binary))
            call(base, "DELETE", s)
            return {"floor": floor}

        def script(source):
            return call(base, "POST", f"{s}/execute/sync", {"script": source, "args": []})

        def until(source, timeout=60, every=0.05):
            end = time.time() + timeout
            while time.time() < end:
                value = script(source)
                if value:
                    return value
                time.sleep(every)
            sys.exit(f"timed out waiting for: {source}")

        # Asked every 10 ms: this wait is the launch time.
        until("const e = document.querySelector('[data-testid=\"key-screen\"]');"
              "return !!e && !e.hidden && e.getClientRects().length > 0;", every=0.01)
        launch = time.perf_counter() - started

        script(f"""const input = document.querySelector('[data-testid="key-input"]');
            input.value = '{KEY}'; input.dispatchEvent(new Event('input', {{bubbles: true}}));
            document.querySelector('[data-testid="key-save"]').click(); return true;""")
        until("const e = document.querySelector('[data-testid=\"main-screen\"]');"
              "return !!e && !e.hidden && e.getClientRects().length > 0;")
        time.sleep(3)
        idle = pss_mib(app_processes())

        def shown(batch, action, rows=None):
            """Runs `action` (page script) and returns the ms from it to two frames after
            `batch` is shown (with `rows` rows counted, when given)."""
            count = "true" if rows is None else f"/{rows}/.test(count.textContent)"
            script(f"""window.__painted = null;
                const t0 = performance.now();
                {action}
                const check = () => {{
                  const id = document.querySelector('[data-testid="batch-id"]');
                  const count = document.querySelector('[data-testid="grid-count"]');
                  if (id && id.textContent.includes('{batch}') && count && {count}) {{
                    requestAnimationFrame(() => requestAnimationFrame(() => {{
                      window.__painted = performance.now() - t0;
                    }}));
                  }} else requestAnimationFrame(check);
                }};
                check(); return true;""")
            return until("return window.__painted;")

        def fetch(batch, rows=None):
            return shown(batch, f"""const input = document.querySelector('[data-testid="paste-input"]');
                input.value = '{batch}';
                input.dispatchEvent(new Event('input', {{bubbles: true}}));
                document.querySelector('[data-testid="fetch-button"]').click();""", rows)

        def reopen(batch, rows=None):
            return shown(batch, f"""document.querySelector(
                '[data-testid="history-item"][data-id="{batch}"]').click();""", rows)

        # Timed inside the page: from the click to two frames after the grid shows 3,000 rows.
        painted = fetch(ROWS_3000, "3.?000")
        time.sleep(3)
        loaded = pss_mib(app_processes())

        # A day's use: batches opened in turn, fresh from Enrow and saved from the history.
        day = {}
        for opened in range(1, 61):
            batch = DAY[opened % len(DAY)]
            # Each batch fetched once first, so the history has them all to open again.
            if opened <= len(DAY) or opened % 2:
                fetch(batch)
            else:
                reopen(batch)
            # A person looks at a batch before the next; WebKitWebDriver itself has been seen
            # to drop its session when asked for 60 batches back to back.
            time.sleep(0.5)
            # Every 10th batch: one sample swings by ±3 MiB with where WebKit's collector and
            # allocator stand (README), so the growth is read off a line through six samples.
            if opened % 10 == 0:
                time.sleep(3)
                day[opened] = pss_mib(app_processes())
        reopened = []
        for _ in range(3):
            reopen(DAY[0])
            reopened.append(reopen(ROWS_3000, "3.?000"))
        call(base, "DELETE", s)
        return {"launch": launch * 1000, "painted": painted, "reopened": min(reopened),
                "idle": idle, "loaded": loaded, "day10": day[10], "day60": day[60],
                "day": {n: day[n]["total"] for n in sorted(day)}}
    finally:
        driver.terminate()
        driver.wait()
        log.close()
        fake.terminate()
        fake.wait()
        # A window WebKitWebDriver dropped is still running: it would be counted in the next
        # run's memory, and could write into its home after the home is removed.
        end_window(binary)
        if not os.environ.get("MEASURE_KEEP"):
            subprocess.run(["rm", "-rf", home])


def end_window(binary, timeout=10):
    """Stops every process of `binary`'s window, and waits until they are gone."""
    subprocess.run(["pkill", "-f", binary])
    end = time.time() + timeout
    while window_processes(binary) and time.time() < end:
        time.sleep(0.05)


# WebKitWebDriver now and then resets its connection mid-run (README, "Benchmarks"); such a run
# measured nothing and is started again, and the table says how often that happened.
dropped = 0


def measured(index, binary=APP):
    global dropped
    for attempt in range(3):
        try:
            return run_once(index, binary, attempt)
        except (OSError, http.client.HTTPException) as error:
            dropped += 1
            print(f"run {index} of {os.path.basename(binary)}: WebDriver dropped ({error!r}); "
                  "starting it again", file=sys.stderr)
    sys.exit("WebDriver dropped three times in a row")


count = int(sys.argv[1])
runs = [measured(i) for i in range(count)]
floors = [measured(count + i, EMPTY)["floor"] for i in range(count)]
size = os.path.getsize(APP) / (1024 * 1024)


def median(values):
    return sorted(values)[len(values) // 2]


def spread(key, part="total"):
    values = [r[key][part] if isinstance(r[key], dict) else r[key] for r in runs]
    return median(values), min(values), max(values)


floor = {k: median([f[k] for f in floors]) for k in (*KINDS, "total")}
print(f"{count} runs of the release build ({os.path.basename(APP)}), "
      f"{time.strftime('%Y-%m-%d')}, this machine ({os.cpu_count()} cores), against an empty "
      f"Tauri window built the same way ({os.path.basename(EMPTY)}):\n")
print("| measure | median | best | worst | goal |")
print("|---|---|---|---|---|")
for key, label, unit, goal in [
        ("launch", "launch to usable window", "ms", "< 1 s"),
        ("painted", "3,000 rows: Fetch to grid painted", "ms", "≤ 150 ms"),
        ("reopened", "3,000 rows: reopened from the history, painted", "ms", "≤ 100 ms")]:
    mid, low, high = spread(key)
    print(f"| {label} | {mid:.0f} {unit} | {low:.0f} {unit} | {high:.0f} {unit} | {goal} |")
print(f"| binary size | {size:.1f} MiB | | | ≤ 20 MiB |")
print("\nMemory, PSS in MiB, median of the runs (app + WebKit web + WebKit network = total):\n")
print("| moment | app | web | network | total | above the empty window | goal |")
print("|---|---|---|---|---|---|---|")
print(f"| empty Tauri window (the floor) | {floor['app']:.0f} | {floor['web']:.0f} "
      f"| {floor['network']:.0f} | {floor['total']:.0f} | | |")
for key, label, goal in [("idle", "signed in, idle", "≤ 215"),
                         ("loaded", "3,000 rows shown", ""),
                         ("day10", "after 10 batches opened", ""),
                         ("day60", "after 60 batches opened", "≤ floor + 40")]:
    parts = {k: median([r[key][k] for r in runs]) for k in (*KINDS, "total")}
    print(f"| {label} | {parts['app']:.0f} | {parts['web']:.0f} | {parts['network']:.0f} "
          f"| {parts['total']:.0f} | +{parts['total'] - floor['total']:.0f} | {goal} |")
if dropped:
    print(f"\nWebDriver dropped its connection {dropped} time(s); those runs were started again.")


def fitted_growth(day):
    """MiB from batch 10 to batch 60 on the least-squares line through the samples."""
    xs, ys = list(day), list(day.values())
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = (sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
             / sum((x - mean_x) ** 2 for x in xs))
    return slope * 50


growth = [fitted_growth(r["day"]) for r in runs]
sampled = [r["day60"]["total"] - r["day10"]["total"] for r in runs]
print(f"\nGrowth from batch 10 to batch 60, on the line through the total sampled every 10 "
      f"batches: median {median(growth):+.1f} MiB (runs: "
      f"{', '.join(f'{g:+.1f}' for g in growth)}; goal ≤ 2 MiB). The two samples alone: "
      f"{', '.join(f'{g:+.1f}' for g in sampled)}.")
for r in runs:
    print("  samples (MiB, batch: total): "
          + ", ".join(f"{n}: {v:.0f}" for n, v in r["day"].items()))
