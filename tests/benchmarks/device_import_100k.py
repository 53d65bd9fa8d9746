"""Peak memory of `netraven-tui device import` with a 100,000-row CSV (issue 11: at most 200 MB).

Writes the CSV into a temporary NETRAVEN_HOME, runs the real CLI in a child process (so the
figure is that command's own peak RSS, not this script's), twice: a first import (all rows new)
and an `--update` of every row. Prints rows, seconds and peak RSS for each.

    .venv/bin/python tests/benchmarks/device_import_100k.py [ROWS]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT_MB = 200


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("hostname,address,platform,port,tags,description\n")
        for index in range(rows):
            site = f"site{index % 50}"
            role = ("core", "dist", "access", "edge")[index % 4]
            address = f"10.{index // 65536}.{index // 256 % 256}.{index % 256}"
            handle.write(
                f"sw{index:06d},{address},cisco_ios,22,{site};{role},switch {index} in {site}\n"
            )


def run_import(home: Path, csv_path: Path, *extra: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, last output line) of one CLI import in a child process."""
    env = {**os.environ, "NETRAVEN_HOME": str(home)}
    command = [sys.executable, "-m", "netraven_tui", "device", "import", str(csv_path), *extra]
    started = time.perf_counter()
    # wait4 gives the child's own peak RSS (RUSAGE_CHILDREN would mix in earlier children).
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    out = (child.stdout.read() if child.stdout else b"").decode().strip().splitlines()
    err = (child.stderr.read() if child.stderr else b"").decode().strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"import failed (exit {code}): {err[-1] if err else '?'}")
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return seconds, peak_mb, out[-1] if out else ""


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory(prefix="netraven-import-") as folder:
        home = Path(folder) / "home"
        csv_path = Path(folder) / "inventory.csv"
        write_csv(csv_path, rows)
        size_mb = csv_path.stat().st_size / 1e6
        print(f"{rows} rows, {size_mb:.1f} MB of CSV")
        worst = 0.0
        for label, extra in (("first import", ()), ("--update", ("--update",))):
            seconds, peak, summary = run_import(home, csv_path, *extra)
            worst = max(worst, peak)
            print(f"{label:13} {seconds:6.1f} s  peak RSS {peak:6.0f} MB  ({summary})")
        verdict = "ok" if worst <= LIMIT_MB else "OVER"
        print(f"worst peak {worst:.0f} MB, limit {LIMIT_MB} MB: {verdict}")
    return 0 if worst <= LIMIT_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
