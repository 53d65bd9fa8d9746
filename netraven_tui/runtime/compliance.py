"""Compliance evaluation: the latest configuration of each target device, read from git, against
the rules of the policies that target it; results stored through ``services.compliance``.

Runs after every backup run for the devices whose configuration changed (``after_run``, a
runner hook), for every target of a policy when it is imported or changed, and on demand
(`compliance check`). Listeners get the :class:`ComplianceChanges` of each evaluation that
changed a status (the notifications' ``compliance_changed`` event).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence

from netraven_tui.backup.gitstore import GitStore
from netraven_tui.compliance_rules import CompiledRule, evaluate_config
from netraven_tui.domain import (
    ComplianceChanges,
    ComplianceStatus,
    DeviceOutcome,
    JobKind,
    JobRun,
    LogKind,
    LogLevel,
)
from netraven_tui.services import Services
from netraven_tui.services.compliance import PolicyImport
from netraven_tui.services.compliance_results import RuleOutcome

log = logging.getLogger(__name__)

ComplianceListener = Callable[[ComplianceChanges], None]


class ComplianceEvaluator:
    """One per process (evaluations are serialised, so two never race on the same results)."""

    def __init__(self, services: Services, store: GitStore) -> None:
        self.services = services
        self.store = store
        self.listeners: list[ComplianceListener] = []
        self._lock = threading.Lock()
        # seconds spent in the last evaluation: plan query, git reads, rules, storing
        self.last_timings: dict[str, float] = {}

    def subscribe(self, listener: ComplianceListener) -> Callable[[], None]:
        """Call ``listener`` with the changes of every evaluation that changed a status."""
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener) if listener in self.listeners else None

    def evaluate(
        self, device_ids: Iterable[int] | None = None, policy: str | None = None
    ) -> ComplianceChanges:
        """Evaluate every policy (or ``policy``) on its targets (all, or ``device_ids``)."""
        with self._lock:
            started = time.perf_counter()
            plan = self.services.compliance.plan(device_ids, policy)
            planned = time.perf_counter()
            versions = [t.version for t in plan.targets if t.version is not None]
            read = self.store.read_many((v.path, v.commit) for v in versions)
            texts = {v.device_id: text for v, text in zip(versions, read, strict=True)}
            loaded = time.perf_counter()
            compiled: dict[int, CompiledRule] = {}
            outcomes: list[RuleOutcome] = []
            for target in plan.targets:
                text = texts.get(target.device_id)
                rules = []
                for item in target.rules:
                    assert item.rule.id is not None
                    rule = compiled.get(item.rule.id)
                    if rule is None:
                        rule = compiled[item.rule.id] = CompiledRule(item.rule, item.policy)
                    rules.append(rule)
                sha = (
                    target.version.sha256
                    if target.version is not None and text is not None
                    else None
                )
                for rule, verdict in zip(
                    rules, evaluate_config(text, target.platform, rules), strict=True
                ):
                    assert rule.rule.id is not None
                    outcomes.append(
                        RuleOutcome(
                            rule.rule.id,
                            target.device_id,
                            verdict.status,
                            verdict.detail,
                            verdict.lines,
                            sha,
                        )
                    )
            evaluated = time.perf_counter()
            changes = self.services.compliance.record(plan, outcomes)
            self.last_timings = {
                "plan": planned - started,
                "read": loaded - planned,
                "evaluate": evaluated - loaded,
                "store": time.perf_counter() - evaluated,
            }
        if changes.changes:
            self._log(changes)
            for listener in list(self.listeners):
                try:
                    listener(changes)
                except Exception:  # noqa: BLE001 - a broken listener must not lose the results
                    log.exception("compliance listener failed")
        return changes

    def import_text(self, text: str, source: str) -> tuple[PolicyImport, ComplianceChanges | None]:
        """Import a policy file, then evaluate every target of the policies it changed."""
        imported = self.services.compliance.import_text(text, source)
        if not imported.changed:
            return imported, None
        changes = [self.evaluate(policy=name) for name in imported.changed]
        return imported, _merge(changes)

    def after_run(self, run: JobRun, outcomes: Sequence[DeviceOutcome]) -> ComplianceChanges | None:
        """Runner hook: evaluate the devices whose configuration this backup run changed."""
        if run.kind is not JobKind.BACKUP:
            return None
        changed = [o.device.id for o in outcomes if o.changed]
        if not changed:
            return None
        return self.evaluate(device_ids=changed)

    def _log(self, changes: ComplianceChanges) -> None:
        worse = sum(1 for c in changes.changes if c.new_status is ComplianceStatus.NON_COMPLIANT)
        shown = ", ".join(
            f"{c.hostname} {c.policy}/{c.rule} {c.new_status.value}" for c in changes.changes[:5]
        )
        more = f" and {len(changes.changes) - 5} more" if len(changes.changes) > 5 else ""
        try:
            self.services.logs.write(
                LogLevel.WARNING if worse else LogLevel.INFO,
                LogKind.SYSTEM,
                f"compliance: {len(changes.changes)} status change(s), {worse} now "
                f"non-compliant: {shown}{more}",
            )
        except Exception:  # noqa: BLE001 - the log line is a courtesy
            log.exception("could not log compliance changes")


def _merge(parts: list[ComplianceChanges]) -> ComplianceChanges:
    counts: dict[ComplianceStatus, int] = {}
    for part in parts:
        for status, count in part.counts:
            counts[status] = counts.get(status, 0) + count
    return ComplianceChanges(
        evaluated=sum(p.evaluated for p in parts),
        devices=max((p.devices for p in parts), default=0),
        changes=tuple(c for p in parts for c in p.changes),
        counts=tuple((s, counts.get(s, 0)) for s in ComplianceStatus),
    )
