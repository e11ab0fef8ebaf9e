"""Writes lists of people of several sizes and times `enrow-batch submit --dry-run` on each.

Called by scripts/bench-lists, with the bench folder. Nothing is sent: a dry run without a key
reads, checks and costs the list only. Memory is the child's maximum RSS from wait4.
"""

import csv
import os
import subprocess
import sys
import tempfile
import time

import openpyxl

out = sys.argv[1]
enrow = "target/release/enrow-batch"
HEADER = ["First name", "Last name", "Company", "Website", "LinkedIn", "Owner"]


def person(i):
    # Every 7th row by link, a few repeated people, a few with too little to search.
    if i % 50 == 49:
        return [f"First{i}", f"Last{i}", "", "", "", "Kim"]
    n = i - 1 if i % 40 == 39 else i
    link = f"https://www.linkedin.com/in/person-{n}" if n % 7 == 0 else ""
    return [f"First{n}", f"Last{n}", f"Company {n % 997}", f"company{n % 997}.com", link, "Sam"]


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(rows):
            w.writerow(person(i))


def write_xlsx(path, rows):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Leads")
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append(person(i))
    book.save(path)


def measure(argv, env):
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


with tempfile.TemporaryDirectory() as data:
    env = dict(os.environ, ENROW_DESK_DATA_DIR=data)
    env.pop("ENROW_API_KEY", None)
    print("| list | file size | read and checked (best of 3) | peak memory |")
    print("|---|---|---|---|")
    for rows in (3_000, 100_000):
        for kind, write in (("CSV", write_csv), ("Excel", write_xlsx)):
            path = os.path.join(out, f"list-{rows}.{'csv' if kind == 'CSV' else 'xlsx'}")
            write(path, rows)
            runs = [measure([enrow, "submit", path, "--dry-run"], env) for _ in range(3)]
            best = min(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            size = os.path.getsize(path) / 1_000_000
            print(f"| {rows:,} rows, {kind} | {size:.1f} MB | {best:.2f} s | {peak:.0f} MiB |")
