"""Runs each command several times; reports the best wall time and the peak resident memory.

Called by scripts/bench-cli. Memory is the child's maximum RSS from wait4, so it includes
everything the process itself allocated, and each tool writes straight to its own file.
"""

import os
import subprocess
import sys
import time

out, answer = sys.argv[1], sys.argv[2]
enrow = "target/release/enrow-batch"
python = os.path.join(out, "venv", "bin", "python")

JQ_FILTER = (
    ".results | sort_by(.index) | .[] | [.index, .qualification, .number, .country, "
    ".params.linkedin_url, .params.firstname, .params.lastname, .params.company_name, "
    ".params.company_domain, .custom] | @csv"
)
PANDAS = (
    "import json, sys, pandas as pd\n"
    "data = json.load(open(sys.argv[1]))\n"
    "df = pd.json_normalize(data['results']).sort_values('index')\n"
    "df.to_excel(sys.argv[2], index=False)\n"
)

COMMANDS = [
    # Each tool writes to a file through stdout, so the comparison is the conversion itself.
    ("CSV", "enrow-batch", [enrow, "fetch", "--from-file", answer, "--format", "csv"],
     f"{out}/enrow.csv", 7),
    ("CSV", "jq @csv", ["jq", "-r", JQ_FILTER, answer], f"{out}/jq.csv", 5),
    # --output writes a temporary file, flushes it to disk (fsync) and renames it into place.
    ("CSV", "enrow-batch --output (atomic, fsync)", [enrow, "fetch", "--from-file", answer,
                                                      "--format", "csv", "--output",
                                                      f"{out}/enrow-output.csv"], None, 7),
    ("XLSX", "enrow-batch", [enrow, "fetch", "--from-file", answer, "--format", "xlsx"],
     f"{out}/enrow.xlsx", 5),
    ("XLSX", "pandas to_excel", [python, "-c", PANDAS, answer, f"{out}/pandas.xlsx"], None, 3),
    ("XLSX", "enrow-batch --output (atomic, fsync)", [enrow, "fetch", "--from-file", answer,
                                                       "--output", f"{out}/enrow-output.xlsx"],
     None, 5),
]


def measure(argv, stdout_path):
    sink = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if stdout_path:
        sink.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[0]} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024  # KiB → MiB


results = {}
for fmt, name, argv, stdout_path, runs in COMMANDS:
    timings = [measure(argv, stdout_path) for _ in range(runs)]
    best = min(t for t, _ in timings)
    peak = max(m for _, m in timings)
    results[(fmt, name)] = (best, peak)

size_mb = os.path.getsize(answer) / 1e6
print(f"Input: {answer} ({size_mb:.1f} MB). Best of several runs; peak RSS.\n")
print("| format | tool | time | peak memory | enrow-batch is |")
print("|---|---|---|---|---|")
for fmt, name, *_ in COMMANDS:
    best, peak = results[(fmt, name)]
    ours = results[(fmt, "enrow-batch")][0]
    ratio = f"{best / ours:.1f}× faster" if not name.startswith("enrow-batch") else ""
    print(f"| {fmt} | {name} | {best * 1000:.0f} ms | {peak:.0f} MiB | {ratio} |")
