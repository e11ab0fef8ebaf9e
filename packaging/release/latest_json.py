#!/usr/bin/env python3
"""Writes the updater's latest.json once, from every update file of a release and its .sig.

The release workflow builds the app on three runners. Letting each of them edit latest.json
(tauri-action reads it, deletes it and uploads its own) drops platforms whenever two finish
together; so the jobs upload their update files and signatures only, and this runs once, last,
over what they uploaded:

    latest_json.py --folder DIR --version 0.2.0 --url-base URL [--notes FILE] > latest.json

Each platform key is the updater's own: `{os}-{arch}` for what a copy installed any way falls
back to, and `{os}-{arch}-{installer}` for a copy that knows how it was installed, so an MSI
install updates with an MSI (per machine, no prompt for another install mode) and a .deb with a
.deb. `--self-test` checks the mapping on made-up file names.
"""

import argparse
import datetime
import json
import pathlib
import re
import sys
import tempfile

# (pattern of the update file's name, the platform keys it serves). The first match wins; the
# English MSI serves MSI installs whatever their installer's language (the app has all three).
UPDATE_FILES = [
    (r"_x64-setup\.exe$", ["windows-x86_64", "windows-x86_64-nsis"]),
    (r"_x64_en-US\.msi$", ["windows-x86_64-msi"]),
    (r"\.app\.tar\.gz$", ["darwin-aarch64", "darwin-x86_64",
                           "darwin-aarch64-app", "darwin-x86_64-app"]),
    (r"_amd64\.AppImage$", ["linux-x86_64", "linux-x86_64-appimage"]),
    (r"_amd64\.deb$", ["linux-x86_64-deb"]),
    (r"\.x86_64\.rpm$", ["linux-x86_64-rpm"]),
]

# Platforms a release must serve: without them, installed copies would never hear of it.
REQUIRED = ["windows-x86_64", "darwin-aarch64", "darwin-x86_64", "linux-x86_64"]


def platforms(folder: pathlib.Path, url_base: str) -> dict:
    """The platform keys served by the signatures in `folder` (`<update file>.sig`: only the
    signatures are needed, not the files they sign)."""
    found = {}
    for signature in sorted(folder.glob("*.sig")):
        update = signature.name[: -len(".sig")]
        for pattern, keys in UPDATE_FILES:
            if re.search(pattern, update):
                entry = {
                    "signature": signature.read_text(encoding="utf-8").strip(),
                    "url": f"{url_base.rstrip('/')}/{update}",
                }
                for key in keys:
                    found.setdefault(key, entry)
                break
    return found


def manifest(folder: pathlib.Path, version: str, url_base: str, notes: str) -> dict:
    served = platforms(folder, url_base)
    missing = [key for key in REQUIRED if key not in served]
    if missing:
        raise SystemExit(f"no signed update file for {', '.join(missing)} in {folder}")
    return {
        "version": version,
        "notes": notes,
        "pub_date": datetime.datetime.now(datetime.timezone.utc)
        .replace(microsecond=0)
        .isoformat()
        .replace("+00:00", "Z"),
        "platforms": served,
    }


def self_test() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = pathlib.Path(scratch)
        names = [
            "Enrow.Desk_0.2.0_x64-setup.exe",
            "Enrow.Desk_0.2.0_x64_en-US.msi",
            "Enrow.Desk_0.2.0_x64_nl-NL.msi",
            "Enrow.Desk_universal.app.tar.gz",
            "Enrow.Desk_0.2.0_amd64.AppImage",
            "Enrow.Desk_0.2.0_amd64.deb",
            "Enrow.Desk-0.2.0-1.x86_64.rpm",
        ]
        for name in names:
            (folder / name).write_bytes(b"update")
            (folder / (name + ".sig")).write_text(f"signature of {name}\n", encoding="utf-8")
        (folder / "SHA256SUMS").write_text("", encoding="utf-8")
        (folder / "Enrow.Desk_0.2.0_universal.dmg").write_bytes(b"no signature: not an update")
        made = manifest(folder, "0.2.0", "https://example.invalid/download/v0.2.0/", "Notes")
        keys = made["platforms"]
        assert keys["windows-x86_64"]["url"].endswith("/Enrow.Desk_0.2.0_x64-setup.exe"), keys
        assert keys["windows-x86_64-msi"]["signature"] == "signature of Enrow.Desk_0.2.0_x64_en-US.msi"
        assert keys["darwin-aarch64"] == keys["darwin-x86_64"], keys
        assert keys["linux-x86_64-rpm"]["url"].endswith(".x86_64.rpm"), keys
        assert set(keys) == {
            "windows-x86_64", "windows-x86_64-nsis", "windows-x86_64-msi", "darwin-aarch64",
            "darwin-x86_64", "darwin-aarch64-app", "darwin-x86_64-app", "linux-x86_64",
            "linux-x86_64-appimage", "linux-x86_64-deb", "linux-x86_64-rpm",
        }, sorted(keys)
        assert made["version"] == "0.2.0" and made["pub_date"].endswith("Z")
        # A release missing a system's update is refused, not published with a hole.
        (folder / "Enrow.Desk_0.2.0_amd64.AppImage.sig").unlink()
        try:
            manifest(folder, "0.2.0", "https://example.invalid", "")
        except SystemExit as refused:
            assert "linux-x86_64" in str(refused)
        else:
            raise AssertionError("a missing platform must be refused")
    print("latest_json.py: self-test passed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=pathlib.Path)
    parser.add_argument("--version")
    parser.add_argument("--url-base")
    parser.add_argument("--notes", type=pathlib.Path)
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        self_test()
        return
    if not (args.folder and args.version and args.url_base):
        parser.error("--folder, --version and --url-base are needed")
    notes = args.notes.read_text(encoding="utf-8") if args.notes else ""
    json.dump(manifest(args.folder, args.version, args.url_base, notes), sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
