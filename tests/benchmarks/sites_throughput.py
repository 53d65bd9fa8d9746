"""Benchmark: worker processes and site collectors on a fleet with old SSH key exchange.

    .venv/bin/python tests/benchmarks/sites_throughput.py [--devices 300] [--workers 100]
        [--modern-kex] [--skip-collectors]

1. A plain one-process Netmiko thread pool (``workers`` threads: log in, enable, show run)
   against ``netraven-tui job run`` with default settings (``processes`` = the cores) and with
   ``processes = 1``, on the same fleet in the same run. Target: job run >= 1.7x the plain pool.
   For each: the client's CPU seconds per device (the pool's process; for ``job run`` the CLI
   process and every process under it, the fork server's capture processes included: this
   script is their subreaper) and the lab SSH server's, from /proc, and the load average.
2. The same backup with collectors = true on a throwaway PostgreSQL, served by 1, 2 and 3
   `netraven-tui collector` processes (``workers`` // n threads each): devices per second,
   and the database's load per run (transactions and rows from pg_stat_database).

The fleet speaks DH group14 with an RSA host key only (``LabFleet(legacy_kex=True)``, as IOS
15) when the lab has that option; otherwise it says so and uses the modern key exchange.
Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import inspect
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from netraven_tui.lab import LabFleet  # noqa: E402

PLATFORM = "cisco_ios"
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    """Orphaned descendants (the fork server outlives its CLI process) are reparented to this
    process, so their CPU is counted when they are reaped (``reap_orphans``)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        print("note: no PR_SET_CHILD_SUBREAPER here; job run CPU misses the fork server's")


def reap_orphans(keep: set[int], timeout: float = 10.0) -> None:
    """Wait for this process's children other than ``keep`` (the lab) to exit and reap them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        others = [pid for pid in children_of(os.getpid()) if pid not in keep]
        if not others:
            return
        for pid in others:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)


def children_of(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry))
    return found


def proc_cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU_NOTE = "client {client:.1f} ms + lab {lab:.1f} ms CPU per device, load {load:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=300)
    parser.add_argument("--workers", type=int, default=100)
    parser.add_argument("--modern-kex", action="store_true", help="do not ask for legacy kex")
    parser.add_argument("--skip-collectors", action="store_true")
    args = parser.parse_args()
    legacy = not args.modern_kex and "legacy_kex" in inspect.signature(LabFleet).parameters
    if not args.modern_kex and not legacy:
        print("note: this lab has no legacy_kex option; measuring with the modern key exchange")
    options = {"legacy_kex": True} if legacy else {}
    print(
        f"fleet: {args.devices} {PLATFORM} devices, key exchange "
        f"{'DH group14 + RSA host key' if legacy else 'modern (curve25519 + ed25519)'}; "
        f"{args.workers} workers; {os.cpu_count()} cores"
    )
    become_subreaper()
    with (
        LabFleet(
            devices=args.devices, seed=77, platforms=[PLATFORM], start_timeout=300, **options
        ) as fleet,
        tempfile.TemporaryDirectory(prefix="netraven-bench-") as scratch,
    ):
        folder = Path(scratch)
        n = args.devices
        plain, cpu = plain_pool(fleet, args.workers)
        print(f"plain Netmiko pool, 1 process:     {rate(n, plain)}  ({cpu_note(cpu, n)})")
        base = {"NETRAVEN_WORKERS": str(args.workers)}
        default, cpu = job_run(fleet, folder / "default", base)
        print(
            f"job run, default (processes={os.cpu_count()}):  {rate(n, default)}"
            f"  = {plain / default:.2f}x the plain pool  ({cpu_note(cpu, n)})"
        )
        single, cpu = job_run(fleet, folder / "one", {**base, "NETRAVEN_PROCESSES": "1"})
        print(
            f"job run, processes=1:              {rate(n, single)}"
            f"  = {plain / single:.2f}x the plain pool  ({cpu_note(cpu, n)})"
        )
        again, _ = plain_pool(fleet, args.workers)
        print(f"plain Netmiko pool again:          {rate(n, again)}")
        if not args.skip_collectors:
            collectors(fleet, folder, args.workers)
    return 0


def cpu_note(cpu: tuple[float, float, float], devices: int) -> str:
    client, lab, load = cpu
    return CPU_NOTE.format(client=client * 1000 / devices, lab=lab * 1000 / devices, load=load)


def rate(devices: int, seconds: float) -> str:
    return f"{seconds:6.1f} s  {devices / seconds:6.1f} devices/s"


def plain_pool(fleet: LabFleet, workers: int) -> tuple[float, tuple[float, float, float]]:
    from netmiko import ConnectHandler

    def one(device) -> int:
        conn = ConnectHandler(**fleet.connect_args(device), fast_cli=True)
        try:
            conn.enable()
            return len(conn.send_command("show running-config"))
        finally:
            conn.disconnect()

    cpu, lab = time.process_time(), proc_cpu_s(fleet.pid)
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        sizes = list(pool.map(one, fleet.devices))
    assert all(sizes)
    wall = time.perf_counter() - started
    used = (time.process_time() - cpu, proc_cpu_s(fleet.pid) - lab, os.getloadavg()[0])
    return wall, used


def seed(fleet: LabFleet, env: dict[str, str], home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    inventory = fleet.write_inventory(home / "inventory.csv")
    cli(env, "device", "import", str(inventory))
    secret = f"{fleet.password}\n{fleet.enable_secret}\n"
    cli(
        env,
        "credential",
        "add",
        "lab",
        "--username",
        fleet.username,
        "--tags",
        "lab",
        "--password-stdin",
        "--enable-secret-stdin",
        stdin=secret,
    )
    cli(env, "job", "add", "backup-lab", "--kind", "backup", "--tags", "lab")


def job_run(
    fleet: LabFleet, home: Path, extra: dict[str, str]
) -> tuple[float, tuple[float, float, float]]:
    """Wall seconds of the whole `job run` command (start-up included), and its CPU."""
    env = {**os.environ, "NETRAVEN_HOME": str(home), **extra}
    seed(fleet, env, home)
    reap_orphans({fleet.pid})
    cpu, lab = children_cpu_s(), proc_cpu_s(fleet.pid)
    started = time.perf_counter()
    summary = cli(env, "job", "run", "backup-lab")
    wall = time.perf_counter() - started
    load = os.getloadavg()[0]
    own = float(summary.strip().splitlines()[0].rsplit(", ", 1)[1].removesuffix(" s"))
    print(
        f"  ({summary.strip().splitlines()[0]}; start-up and exit around the run: "
        f"{wall - own:.2f} s)"
    )
    lab = proc_cpu_s(fleet.pid) - lab
    reap_orphans({fleet.pid})  # the fork server and its children: their CPU is counted now
    return wall, (children_cpu_s() - cpu, lab, load)


def cli(env: dict[str, str], *argv: str, stdin: str | None = None) -> str:
    try:
        result = subprocess.run(
            [sys.executable, "-m", "netraven_tui", *argv],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except subprocess.TimeoutExpired as error:
        raise SystemExit(
            f"netraven-tui {' '.join(argv)} took over 600 s: {error.stderr!r}"
        ) from None
    if result.returncode != 0:
        raise SystemExit(f"netraven-tui {' '.join(argv)} failed: {result.stderr.strip()}")
    return result.stdout


def collectors(fleet: LabFleet, folder: Path, workers: int) -> None:
    import psycopg

    from tests.postgres.conftest import throwaway_postgres

    with throwaway_postgres() as server:
        admin = server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
        for count in (1, 2, 3):
            name = f"bench{count}"
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            url = f"{server}/{name}"
            home = folder / name
            env = {
                **os.environ,
                "NETRAVEN_HOME": str(home),
                "NETRAVEN_DATABASE_URL": url,
                "NETRAVEN_WORKERS": str(workers),
                "NETRAVEN_COLLECTORS": "true",
            }
            seed(fleet, env, home)
            key = (home / "secret.key").read_text().strip()
            logs = [(home / f"collector{n}.log").open("wb") for n in range(count)]
            procs = [
                subprocess.Popen(
                    [sys.executable, "-m", "netraven_tui", "collector"]
                    + ["--sites", "-", "--concurrency", str(max(1, workers // count))],
                    env={**env, "NETRAVEN_HOME": str(home / f"c{n}"), "NETRAVEN_SECRET_KEY": key},
                    stdout=logs[n],
                    stderr=subprocess.STDOUT,
                )
                for n in range(count)
            ]
            try:
                wait_for_collectors(admin.replace("/postgres", f"/{name}"), count)
                before = db_load(admin, name)
                started = time.perf_counter()
                cli(env, "job", "run", "backup-lab")
                seconds = time.perf_counter() - started
                after = db_load(admin, name)
            finally:
                for proc in procs:
                    proc.terminate()
                for proc in procs:
                    proc.wait(timeout=60)
                for handle in logs:
                    handle.close()
            devices = len(fleet.devices)
            xacts, rows = after[0] - before[0], after[1] - before[1]
            print(
                f"{count} collector(s), {max(1, workers // count)} threads each: "
                f"{rate(devices, seconds)}  ({devices / seconds / count:.1f}/s per collector); "
                f"PostgreSQL: {xacts} transactions, {rows} rows written "
                f"({xacts / devices:.1f} and {rows / devices:.1f} per device)"
            )


def wait_for_collectors(url: str, count: int, timeout: float = 120) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(url) as connection:
                live = connection.execute(
                    "SELECT count(*) FROM collectors WHERE heartbeat_at > now() - interval '20 s'"
                ).fetchone()[0]
                workers = connection.execute(
                    "SELECT count(*) FROM procrastinate_workers"
                ).fetchone()
            if live >= count and workers[0] >= count:
                return
        except psycopg.Error:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{count} collectors did not start within {timeout} s")


def db_load(admin: str, name: str) -> tuple[int, int]:
    """(committed transactions, rows inserted + updated + deleted) of database ``name``."""
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("SELECT pg_stat_clear_snapshot()")
        row = connection.execute(
            "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted "
            "FROM pg_stat_database WHERE datname = %s",
            (name,),
        ).fetchone()
    return int(row[0]), int(row[1])


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    raise SystemExit(main())
