"""Runs each command of a comparison in turn, alternating, and reports the median wall time and
the peak resident memory of each. Called by scripts/bench-cli.

Memory is GNU time's maximum RSS of the command alone: a child forked from this Python process
would start from Python's own resident memory, so the commands are started through
/usr/bin/time, a small C program. Each tool writes its output to a file through stdout.
"""

import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

out, answer = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
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

# (what is compared, tool, command, file its stdout goes to)
COMPARISONS = {
    "CSV with phone types and national formats": [
        ("enrow-batch", [enrow, "fetch", "--from-file", answer, "--format", "csv"],
         f"{out}/enrow.csv"),
        ("Python 3 + json + csv + phonenumbers",
         [python, "scripts/bench_typed.py", answer], f"{out}/python.csv"),
    ],
    "CSV, plain columns (jq types nothing; enrow-batch still does)": [
        ("enrow-batch", [enrow, "fetch", "--from-file", answer, "--format", "csv"],
         f"{out}/enrow.csv"),
        ("jq @csv", ["jq", "-r", JQ_FILTER, answer], f"{out}/jq.csv"),
    ],
    "Excel workbook": [
        ("enrow-batch", [enrow, "fetch", "--from-file", answer, "--format", "xlsx"],
         f"{out}/enrow.xlsx"),
        ("pandas to_excel", [python, "-c", PANDAS, answer, f"{out}/pandas.xlsx"], None),
    ],
}


def measure(argv, stdout_path):
    """(wall seconds, peak RSS in MiB) of one run."""
    with tempfile.NamedTemporaryFile("r") as report:
        sink = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        start = time.perf_counter()
        status = subprocess.call(["/usr/bin/time", "-f", "%M", "-o", report.name, *argv],
                                 stdout=sink, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        if stdout_path:
            sink.close()
        if status != 0:
            sys.exit(f"{argv[0]} failed with status {status}")
        peak_kib = int(report.read().split()[-1])
    return elapsed, peak_kib / 1024


size_mb = os.path.getsize(answer) / 1e6
print(f"{datetime.date.today().isoformat()}, this machine: "
      f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python "
      f"{platform.python_version()}. Input: {os.path.basename(answer)} ({size_mb:.1f} MB). "
      f"Median wall time of {runs} alternating runs; peak RSS of the command alone.\n")
print("| output | tool | time | peak memory | enrow-batch is |")
print("|---|---|---|---|---|")
for what, tools in COMPARISONS.items():
    timings = {name: [] for name, *_ in tools}
    for _ in range(runs):
        # Alternating, so a slower moment of the machine falls on both tools alike.
        for name, argv, stdout_path in tools:
            timings[name].append(measure(argv, stdout_path))
    ours = statistics.median(t for t, _ in timings["enrow-batch"])
    for name, *_ in tools:
        wall = statistics.median(t for t, _ in timings[name])
        peak = max(m for _, m in timings[name])
        ratio = "" if name == "enrow-batch" else f"{wall / ours:.1f}× faster"
        print(f"| {what} | {name} | {wall * 1000:.0f} ms | {peak:.0f} MiB | {ratio} |")
