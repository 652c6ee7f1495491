#!/usr/bin/env python3
"""Completes a package-lock.json that lacks platform packages the registry here does not serve.

Packages such as rollup list one optional native package per platform. The registry this
project can reach serves only some of them (Linux x64 among them), so `npm install` writes
a lock without the others and `npm ci` then refuses the lock as out of sync. This adds an
entry for each missing optional platform package, with the os/cpu/libc its name states, so
that npm ci sees a complete lock and skips them on this platform as it would anyway.

Usage: scripts/complete-npm-lock.py web/package-lock.json   (run after npm install)
"""
import json
import sys

OS = {"android", "darwin", "freebsd", "linux", "openbsd", "openharmony", "win32", "netbsd", "sunos", "aix"}
CPU = {"arm": "arm", "arm64": "arm64", "x64": "x64", "ia32": "ia32", "loong64": "loong64", "ppc64": "ppc64",
       "riscv64": "riscv64", "s390x": "s390x", "mips64el": "mips64el", "wasm32": "wasm32"}
LIBC = {"gnu": "glibc", "gnueabihf": "glibc", "musl": "musl", "musleabihf": "musl"}


def platform_of(name):
    """The os, cpu and libc that a platform package's name states, e.g. rollup-linux-arm64-musl."""
    tokens = name.split("/")[-1].split("-")
    os_ = next((t for t in tokens if t in OS), None)
    cpu = next((CPU[t] for t in tokens if t in CPU), None)
    libc = next((LIBC[t] for t in tokens if t in LIBC), None)
    return os_, cpu, libc


def main(path):
    with open(path, encoding="utf-8") as f:
        lock = json.load(f)
    packages = lock["packages"]
    added = []
    for entry in list(packages.values()):
        for dep, version in entry.get("optionalDependencies", {}).items():
            key = "node_modules/" + dep
            if key in packages:
                continue
            os_, cpu, libc = platform_of(dep)
            if os_ is None or cpu is None:
                sys.exit(f"{path}: {dep} is missing and its name states no platform; fix the lock by hand")
            item = {"version": version, "cpu": [cpu]}
            if entry.get("dev"):
                item["dev"] = True
            if libc:
                item["libc"] = [libc]
            item["optional"] = True
            item["os"] = [os_]
            packages[key] = item
            added.append(dep)
    lock["packages"] = dict(sorted(packages.items(), key=lambda kv: (kv[0] != "", kv[0])))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(lock, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"{path}: added {len(added)} platform packages" + (": " + ", ".join(added) if added else ""))


if __name__ == "__main__":
    main(sys.argv[1])
