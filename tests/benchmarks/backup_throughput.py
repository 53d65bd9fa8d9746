"""Benchmark: the backup engine against a plain Netmiko thread-pool script, on a lab fleet.

A plain script (not a pytest test)::

    python tests/benchmarks/backup_throughput.py                 # 500 devices, 50 ms, 100 workers
    python tests/benchmarks/backup_throughput.py --ios-only --devices 600   # issue 12's case
    python tests/benchmarks/backup_throughput.py --quick         # 60 devices, a fast sanity run
    python tests/benchmarks/backup_throughput.py --devices 2000  # scale
    python tests/benchmarks/backup_throughput.py --ios-only --devices 600 --processes default,1

The default fleet mixes the lab's six classic platforms (IOS, NX-OS, EOS, Junos, RouterOS,
VRP); ``--ios-only`` (or ``--platforms cisco_ios``) is the fairer case for the engine: a mixed
fleet flatters it, since plain Netmiko's logout dialogue alone costs ~2 s on Huawei.

It starts one ``LabFleet`` (healthy devices, no drift, ``--latency-ms`` per reply) on
127.0.0.1 and then runs each phase in a fresh child process of this same script
(``--phase plain|engine``), so each phase's peak RSS (``ru_maxrss``) belongs to it alone:

- ``plain``: what a user would write: ``ThreadPoolExecutor(workers)``; per device
  ``ConnectHandler(**fleet.connect_args(device))``, ``enable()`` where the platform needs it,
  ``send_command(command)``, ``disconnect()``. Netmiko defaults (``fast_cli`` default).
- ``engine``: a temporary ``NETRAVEN_HOME``, the fleet's inventory CSV imported, one credential
  on tag ``lab``, a backup job on tag ``lab``, ``workers`` from ``--workers``; then
  ``make_runner(services).run(job)`` twice: run 1 (every device changed, one commit) and
  run 2 (nothing changed, no new commit).

The engine runs with the product's default settings (``processes`` = the number of cores:
captures in worker processes) unless ``--processes`` names others (``default,1``: both, each in
its own child, against the same plain baseline). Per phase it shows the client's CPU (the
phase's process, and for the engine the fork server and its capture processes, read from
/proc), the lab SSH server's CPU per device, the 1-minute load average, the executor, and the
peak memory: the phase process's RSS and the PSS of its whole process tree (sampled).

Wall seconds are measured inside the child around the fetching only (not the interpreter
start, imports or the inventory import; the engine's run 1 does include the fork server's first
start, as a process's first backup does). It prints one table per engine setting, the engine/plain ratios and
the targets of issue 12 (ratio <= 0.8 on both runs, engine peak < 250 MB) as PASS/MISS, and
the load average (the machine may be shared: compare figures of one invocation only);
it exits 1 only when a phase is wrong (failed devices, changes on run 2, a new commit),
never because a figure missed its target.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 0.8
TARGET_PEAK_MB = 250.0
JOB = "lab-backup"


# --------------------------------------------------------------------------- helpers


def peak_mb() -> float:
    """This process's RSS high-water mark (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """User + system CPU seconds of this process so far (every thread)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


def proc_cpu_s(pid: int, children: bool = False) -> float:
    """CPU seconds of process ``pid`` from /proc (with ``children``: also its reaped children)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def forkserver_cpu_s() -> float:
    """CPU of the fork server and the capture processes it forked and reaped (0: none started)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    return proc_cpu_s(pid, children=True) if pid else 0.0


def _pss_mb(pid: int) -> float:
    """Proportional set size of ``pid`` (shared pages split between their users), in MB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _tree(root: int) -> list[int]:
    """``root`` and every process below it (from each process's parent id in /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rpartition(")")[2].split()[1])
            except OSError:
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


class TreeMemory:
    """Samples the PSS of this process and its descendants (fork server, capture processes)."""

    def __init__(self, interval: float = 0.25) -> None:
        import threading

        self.peak = 0.0
        self.parts: list[float] = []  # each process's PSS at the peak, this process first
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            parts = [_pss_mb(pid) for pid in _tree(os.getpid())]
            if sum(parts) > self.peak:
                self.peak, self.parts = sum(parts), parts

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def emit(result: dict) -> None:
    """The child's one result line (the parent reads the last line starting with RESULT)."""
    print("RESULT " + json.dumps(result), flush=True)


# --------------------------------------------------------------------------- phase: plain


def phase_plain(spec: dict, workers: int) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    from netmiko import ConnectHandler

    from netraven_tui.platforms import BUILTIN_PLATFORMS

    def fetch(args: dict) -> int:
        platform = BUILTIN_PLATFORMS[args["device_type"]]
        conn = ConnectHandler(**args)
        try:
            if platform.needs_enable:
                conn.enable()
            output = conn.send_command(platform.commands[0])
            return len(output)
        finally:
            conn.disconnect()

    devices = spec["connect_args"]
    failures: list[str] = []
    sizes: list[int] = []
    before = rss_mb()
    cpu = cpu_s()
    lab = proc_cpu_s(spec["lab_pid"])
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(fetch, args) for args in devices]
        for args, future in zip(devices, futures, strict=True):
            try:
                sizes.append(future.result())
            except Exception as error:  # noqa: BLE001 - counted and shown, not fatal here
                failures.append(
                    f"{args['host']}:{args['port']} {type(error).__name__}: {error}"[:200]
                )
    wall = time.perf_counter() - started
    return {
        "phase": "plain",
        "wall": wall,
        "cpu": cpu_s() - cpu,
        "lab_cpu": proc_cpu_s(spec["lab_pid"]) - lab,
        "load": os.getloadavg()[0],
        "ok": len(sizes),
        "failed": len(failures),
        "failures": failures[:5],
        "bytes": sum(sizes),
        "rss_before_mb": before,
        "peak_mb": peak_mb(),
    }


# --------------------------------------------------------------------------- phase: engine


def phase_engine(spec: dict, workers: int, processes: int | None) -> dict:
    home = Path(tempfile.mkdtemp(prefix="netraven-bench-backup-"))
    env = {"NETRAVEN_HOME": str(home)}
    if processes is not None:  # None: the product's default (the number of cores)
        env["NETRAVEN_PROCESSES"] = str(processes)
    os.environ["NETRAVEN_HOME"] = str(home)
    try:
        return _engine(spec, workers, env)
    finally:
        import shutil

        shutil.rmtree(home, ignore_errors=True)


def _engine(spec: dict, workers: int, env: dict[str, str]) -> dict:
    from netraven_tui.config import load_settings
    from netraven_tui.domain import Actor, CredentialInput, JobInput, Role
    from netraven_tui.runtime.executors import choose_executor
    from netraven_tui.runtime.factory import make_runner
    from netraven_tui.services import open_services

    settings = load_settings(env).with_(workers=workers)
    services = open_services(settings, Actor("bench", Role.ADMIN), env=env)
    chosen: list[str] = []
    pick = choose_executor(services)

    def choose(run, plan, targets):
        executor = pick(run, plan, targets)
        chosen.append(
            f"{executor.name} x{executor.processes}"
            if executor.name == "processes"
            else executor.name
        )
        return executor

    report = services.devices.import_csv(Path(spec["inventory"]))
    if report.problems or len(report.created) != len(spec["connect_args"]):
        raise SystemExit(
            f"inventory import: {len(report.created)} created, problems {report.problems[:3]}"
        )
    services.credentials.create(
        CredentialInput(
            "lab", spec["username"], spec["password"], spec["enable_secret"], tags=("lab",)
        )
    )
    services.jobs.create(JobInput(JOB, "backup", tags=("lab",)))
    runner = make_runner(services)
    runner.executor = choose
    repo = settings.locations.repo

    def commits() -> int:
        done = subprocess.run(
            ["git", "-C", str(repo), "rev-list", "--count", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
        return int(done.stdout.strip()) if done.returncode == 0 else 0

    # The plain phase imports Netmiko before its clock starts; so does this one (the engine imports
    # it lazily, on the first device of the first run in a process: ~1 s of GIL-bound work).
    imported = time.perf_counter()
    import netmiko  # noqa: F401

    import_s = time.perf_counter() - imported
    before = rss_mb()
    runs = []
    for _ in range(2):
        cpu = cpu_s()
        workers_cpu = forkserver_cpu_s()
        lab = proc_cpu_s(spec["lab_pid"])
        started = time.perf_counter()
        with TreeMemory() as memory:
            run = runner.run(JOB)
        wall = time.perf_counter() - started
        cpu = cpu_s() - cpu
        workers_cpu = forkserver_cpu_s() - workers_cpu
        lab = proc_cpu_s(spec["lab_pid"]) - lab
        failures = [
            f"{r.hostname}: {r.error_kind} {r.message}"[:200]
            for r in services.runs.results(run.id)
            if r.status.value != "success"
        ][:5]
        runs.append(
            {
                "wall": wall,
                "cpu": cpu,
                "workers_cpu": workers_cpu,
                "lab_cpu": lab,
                "load": os.getloadavg()[0],
                "executor": chosen[-1] if chosen else "?",
                "status": run.status.value,
                "total": run.total,
                "succeeded": run.succeeded,
                "failed": run.failed,
                "changed": run.changed,
                "unchanged": run.unchanged,
                "skipped": run.skipped,
                "commit": run.commit,
                "commits": commits(),
                "peak_mb": peak_mb(),
                "tree_pss_mb": memory.peak,
                "tree_parts": [round(x) for x in memory.parts],
                "failures": failures,
            }
        )
    services.close()
    return {
        "phase": "engine",
        "processes": settings.processes,
        "runs": runs,
        "rss_before_mb": before,
        "peak_mb": peak_mb(),
        "import_s": import_s,
    }


# --------------------------------------------------------------------------- parent


def run_phase(phase: str, spec_path: Path, workers: int, timeout: float, extra: list[str]) -> dict:
    """Run one phase in a fresh child of this script; return its RESULT line."""
    command = [
        sys.executable,
        __file__,
        "--phase",
        phase,
        "--spec",
        str(spec_path),
        "--workers",
        str(workers),
        *extra,
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"phase {phase} did not finish within {timeout:.0f} s") from None
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"phase {phase} exited with {done.returncode}")
    return json.loads(lines[-1][len("RESULT ") :])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--workers", type=int, default=100)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--quick", action="store_true", help="60 devices: a fast sanity run")
    parser.add_argument(
        "--plain-twice",
        action="store_true",
        help="time the plain script before and after the engine (shows run-to-run noise)",
    )
    parser.add_argument(
        "--platforms",
        default="",
        help="comma-separated lab platforms (default: the lab's mixed fleet); "
        "e.g. cisco_ios for the IOS-only case",
    )
    parser.add_argument("--ios-only", action="store_true", help="the same as --platforms cisco_ios")
    parser.add_argument(
        "--processes",
        default="default",
        help="comma-separated engine settings to time, each in its own child: 'default' (the "
        "product's default, processes = the number of cores) or a number; e.g. default,1",
    )
    parser.add_argument("--phase", choices=("plain", "engine"), help=argparse.SUPPRESS)
    parser.add_argument("--engine-processes", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        spec = json.loads(Path(args.spec).read_text(encoding="utf-8"))
        result = (
            phase_plain(spec, args.workers)
            if args.phase == "plain"
            else phase_engine(spec, args.workers, args.engine_processes)
        )
        emit(result)
        return 0

    devices = 60 if args.quick else args.devices
    from netraven_tui.lab import LabFleet

    timeout = 120 + devices * max(
        0.5, args.latency_ms / 100
    )  # generous; a hang fails, it does not stick
    print(
        f"backup throughput: {devices} devices, {args.latency_ms:g} ms lab latency, {args.workers} workers "
        f"(phase timeout {timeout:.0f} s)",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="netraven-bench-spec-"))
    os.chmod(workdir, 0o700)
    started = time.perf_counter()
    try:
        platforms = [p for p in args.platforms.split(",") if p] or None
        if args.ios_only:
            platforms = ["cisco_ios"]
        with LabFleet(
            devices=devices, latency_ms=args.latency_ms, seed=args.seed, platforms=platforms
        ) as fleet:
            ready = time.perf_counter() - started
            inventory = fleet.write_inventory(workdir / "inventory.csv")
            spec_path = workdir / "spec.json"
            spec_path.write_text(
                json.dumps(
                    {
                        "inventory": str(inventory),
                        "username": fleet.username,
                        "password": fleet.password,
                        "enable_secret": fleet.enable_secret,
                        "connect_args": [fleet.connect_args(d) for d in fleet.devices],
                        "lab_pid": fleet.pid,
                    }
                ),
                encoding="utf-8",
            )
            os.chmod(spec_path, 0o600)
            print(f"lab fleet ready in {ready:.1f} s (pid {fleet.pid})", flush=True)
            plain = [run_phase("plain", spec_path, args.workers, timeout, [])]
            print(f"  plain done: {plain[0]['wall']:.1f} s", flush=True)
            engines = []
            for choice in [c.strip() for c in args.processes.split(",") if c.strip()]:
                extra = [] if choice == "default" else ["--engine-processes", str(int(choice))]
                engine = run_phase("engine", spec_path, args.workers, timeout * 2, extra)
                engine["label"] = (
                    f"default, processes={engine['processes']}"
                    if choice == "default"
                    else f"processes={engine['processes']}"
                )
                engines.append(engine)
                print(
                    f"  engine ({engine['label']}) done: {engine['runs'][0]['wall']:.1f} s + "
                    f"{engine['runs'][1]['wall']:.1f} s",
                    flush=True,
                )
            if args.plain_twice:
                plain.append(run_phase("plain", spec_path, args.workers, timeout, []))
                print(f"  plain again: {plain[1]['wall']:.1f} s", flush=True)
    finally:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    status = 0
    for engine in engines:
        status |= report(devices, args, plain, engine)
    return status


def report(devices: int, args: argparse.Namespace, plain: list[dict], engine: dict) -> int:
    plain_wall = min(p["wall"] for p in plain)
    run1, run2 = engine["runs"]
    print(f"\n=== engine: {engine['label']} ===")
    rows = []
    for index, p in enumerate(plain):
        name = f"plain netmiko{' #' + str(index + 1) if len(plain) > 1 else ''}"
        rows.append((name, p, p["cpu"], 0.0, p["ok"], "-", "-", "threads"))
    for name, run in (("engine run 1", run1), ("engine run 2", run2)):
        rows.append(
            (
                name,
                run,
                run["cpu"],
                run["workers_cpu"],
                run["succeeded"],
                run["changed"],
                run["commits"],
                run["executor"],
            )
        )
    print()
    fleet = "cisco_ios" if args.ios_only else (args.platforms or "mixed (6 platforms)")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"devices {devices} ({fleet}) | latency {args.latency_ms:g} ms | workers {args.workers} | "
        f"cpus {os.cpu_count()} | load average now {load} | python {sys.version.split()[0]}"
    )
    header = (
        f"{'phase':<15}{'wall s':>8}{'ratio':>7}{'dev/s':>7}{'cpu s':>7}{'+procs':>7}"
        f"{'ms/dev':>7}{'lab ms':>7}{'load1':>6}{'ok':>5}{'chg':>5}{'cmts':>5}{'peak MB':>8}"
        f"  executor"
    )
    print(header)
    print("-" * len(header))
    for name, row, own, procs, ok, changed, commits, executor in rows:
        wall = row["wall"]
        ratio = f"{wall / plain_wall:.2f}" if name.startswith("engine") else ""
        print(
            f"{name:<15}{wall:>8.2f}{ratio:>7}{devices / wall:>7.1f}{own:>7.1f}{procs:>7.1f}"
            f"{(own + procs) * 1000 / devices:>7.1f}{row['lab_cpu'] * 1000 / devices:>7.1f}"
            f"{row['load']:>6.1f}{ok:>5}{changed!s:>5}{commits!s:>5}{row['peak_mb']:>8.0f}"
            f"  {executor}"
        )
    print(
        "(cpu s = user+system CPU of the phase's own process; +procs = the fork server and its "
        "capture processes; ms/dev = client CPU per device, both; lab ms = the lab SSH server's "
        "CPU per device; load1 = 1-minute load average at the end; peak MB = ru_maxrss of the "
        "phase's own process (capture processes not included); "
        f"RSS before fetching: plain {plain[0]['rss_before_mb']:.0f} MB, engine "
        f"{engine['rss_before_mb']:.0f} MB; netmiko import before the clock: "
        f"{engine['import_s']:.2f} s; ratio = engine wall / plain wall"
        f"{' (faster plain)' if len(plain) > 1 else ''})"
    )

    problems = []
    for p in plain:
        if p["failed"]:
            problems.append(f"plain: {p['failed']} devices failed, e.g. {p['failures'][:2]}")
    if run1["failed"] or run1["succeeded"] != devices:
        problems.append(
            f"engine run 1: {run1['succeeded']} ok, {run1['failed']} failed, e.g. {run1['failures'][:2]}"
        )
    if run1["changed"] != devices or run1["commits"] != 1:
        problems.append(
            f"engine run 1: expected {devices} changed and 1 commit, got {run1['changed']} / "
            f"{run1['commits']}"
        )
    if run2["failed"] or run2["succeeded"] != devices:
        problems.append(
            f"engine run 2: {run2['succeeded']} ok, {run2['failed']} failed, e.g. {run2['failures'][:2]}"
        )
    if run2["changed"] != 0 or run2["commits"] != run1["commits"] or run2["commit"]:
        problems.append(
            f"engine run 2: expected nothing changed and no new commit, got {run2['changed']} changed, "
            f"{run2['commits']} commits"
        )
    print(f"run statuses: run 1 {run1['status']}, run 2 {run2['status']}")
    print()
    for name, run in (("run 1", run1), ("run 2", run2)):
        ratio = run["wall"] / plain_wall
        verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
        print(
            f"target engine {name} wall <= {TARGET_RATIO:g} x plain wall: ratio {ratio:.2f} {verdict}"
        )
    tree = max(run1["tree_pss_mb"], run2["tree_pss_mb"])
    peak = max(engine["peak_mb"], tree)
    verdict = "PASS" if peak < TARGET_PEAK_MB else "MISS"
    print(
        f"target engine peak memory < {TARGET_PEAK_MB:.0f} MB: {peak:.0f} MB {verdict} "
        f"(the run's process {engine['peak_mb']:.0f} MB RSS; with the fork server and the "
        f"capture processes {tree:.0f} MB PSS, sampled every 0.25 s: "
        f"run 1 {run1['tree_parts']}, run 2 {run2['tree_parts']} MB by process)"
    )
    for problem in problems:
        print(f"WRONG: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
