"""Benchmark: how long a wrong enable secret takes to become ``auth`` (issue 12: < 5 s).

A plain script, not a test (no timing assertions in the suite)::

    python tests/benchmarks/enable_rejection.py            # 5 tries per refusal style
    python tests/benchmarks/enable_rejection.py --tries 20 --latency-ms 50

For each way the lab refuses a secret (``bad-secrets``: a real IOS, ``Password:`` three times
then ``% Bad secrets``; ``access-denied``: the same with AAA; ``once``) it opens engine
sessions (login + enable, the backup's own path) to an ``enable`` device and prints the time
to the ``auth`` error: median and worst, and the load average (the machine may be shared).
With ``--netmiko`` it also times plain Netmiko's ``enable()`` with a 10 s read timeout, which
waits that long for a prompt that never comes (the engine's default command timeout is 60 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tries", type=int, default=5)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--netmiko", action="store_true", help="also time plain Netmiko")
    args = parser.parse_args(argv)

    from netraven_tui.backup.session import SessionTimeouts, open_session
    from netraven_tui.domain import CredentialSecret, DeviceError, DeviceTarget, ErrorKind
    from netraven_tui.lab import Fault, LabFleet
    from netraven_tui.platforms import BUILTIN_PLATFORMS

    timeouts = SessionTimeouts(connect=10, command=60)
    spec = BUILTIN_PLATFORMS["cisco_ios"]
    print(f"enable refusal -> auth: {args.tries} tries, lab latency {args.latency_ms:g} ms")
    worst_all = 0.0
    for mode in ("bad-secrets", "access-denied", "once"):
        with LabFleet(
            devices=1, faults="enable:1", enable_reject=mode, latency_ms=args.latency_ms
        ) as lab:
            (device,) = lab.with_fault(Fault.ENABLE)
            target = DeviceTarget(1, device.hostname, device.address, device.port, "cisco_ios")
            credential = CredentialSecret(1, "lab", lab.username, lab.password, lab.enable_secret)
            times = []
            for _ in range(args.tries):
                started = time.perf_counter()
                try:
                    with open_session(target, spec, credential, timeouts):
                        raise SystemExit(f"{mode}: enable was accepted")
                except DeviceError as error:
                    if error.kind is not ErrorKind.AUTH:
                        raise SystemExit(f"{mode}: {error.kind}: {error}") from None
                times.append(time.perf_counter() - started)
            worst_all = max(worst_all, max(times))
            line = f"  {mode:<14} engine median {statistics.median(times):.2f} s, worst {max(times):.2f} s"
            if args.netmiko:
                line += f"; plain Netmiko {_plain(lab, device):.1f} s"
            print(line, flush=True)
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    verdict = "PASS" if worst_all < 5 else "MISS"
    print(f"target: auth within 5 s (login included): worst {worst_all:.2f} s {verdict}")
    print(f"(load average {load}, {os.cpu_count()} cpus)")
    return 0


def _plain(lab, device) -> float:
    from netmiko import ConnectHandler

    conn = ConnectHandler(**lab.connect_args(device, read_timeout_override=10))
    started = time.perf_counter()
    try:
        conn.enable()
    except Exception:  # noqa: BLE001 - ReadTimeout or ValueError: the time is what we want
        pass
    finally:
        elapsed = time.perf_counter() - started
        conn.disconnect()
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
