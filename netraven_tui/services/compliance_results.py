"""Which device x rule pairs an evaluation covers, and storing its verdicts with their history.

``plan`` says what to evaluate (devices, their latest configuration version, the rules that
target them); the runtime reads the texts from git and evaluates; ``record`` stores every
verdict in one short transaction, appends a history row for each status that changed, and
returns those changes (:class:`ComplianceChanges`, what notifications announce).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import selectinload

from netraven_tui.db import models as m
from netraven_tui.domain import (
    ComplianceChange,
    ComplianceChanges,
    ComplianceRule,
    ComplianceStatus,
    ConfigVersion,
    NotFound,
    RuleKind,
)
from netraven_tui.services import convert
from netraven_tui.services.context import ServiceContext


@dataclass(frozen=True, slots=True)
class TargetRule:
    policy: str
    rule: ComplianceRule  # with its id


@dataclass(frozen=True, slots=True)
class EvaluationTarget:
    """One device to evaluate: its latest configuration version (None: never backed up)."""

    device_id: int
    hostname: str
    platform: str
    version: ConfigVersion | None
    rules: tuple[TargetRule, ...]


@dataclass(frozen=True, slots=True)
class EvaluationPlan:
    targets: tuple[EvaluationTarget, ...]
    rule_ids: frozenset[int]  # the rules in scope (of the policies evaluated)
    device_ids: frozenset[int] | None  # the devices in scope (None: every device)


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    rule_id: int
    device_id: int
    status: ComplianceStatus
    detail: str
    lines: tuple[int, ...]
    config_sha256: str | None


class ComplianceRecorder:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def plan(
        self, device_ids: Iterable[int] | None = None, policy: str | None = None
    ) -> EvaluationPlan:
        """Enabled devices (all, or ``device_ids``) x the rules of the policies targeting them.

        A policy targets devices with any of its tags (every device when it has none), of its
        platforms (every platform when it has none).
        """
        wanted = frozenset(device_ids) if device_ids is not None else None
        with self.ctx.read() as session:
            query = select(m.CompliancePolicyRow).options(selectinload(m.CompliancePolicyRow.rules))
            if policy is not None:
                query = query.where(m.CompliancePolicyRow.name == policy)
            policies = list(session.scalars(query))
            if policy is not None and not policies:
                raise NotFound("compliance policy", policy)
            if not policies:
                return EvaluationPlan((), frozenset(), wanted)
            devices = select(m.DeviceRow).options(selectinload(m.DeviceRow.tags))
            devices = devices.where(m.DeviceRow.enabled.is_(True))
            if wanted is not None:
                devices = devices.where(m.DeviceRow.id.in_(wanted))
            device_rows = list(session.scalars(devices.order_by(m.DeviceRow.hostname_key)))
            latest = _latest_versions(session, [d.id for d in device_rows])
            targets = []
            for device in device_rows:
                tags = {t.name for t in device.tags}
                rules = tuple(
                    TargetRule(
                        row.name,
                        ComplianceRule(r.name, RuleKind(r.kind), r.pattern, r.section, r.id),
                    )
                    for row in policies
                    if _targets(row, tags, device.platform)
                    for r in row.rules
                )
                if rules:
                    targets.append(
                        EvaluationTarget(
                            device.id,
                            device.hostname,
                            device.platform,
                            latest.get(device.id),
                            rules,
                        )
                    )
            rule_ids = frozenset(r.id for row in policies for r in row.rules)
        return EvaluationPlan(tuple(targets), rule_ids, wanted)

    def record(self, plan: EvaluationPlan, outcomes: Sequence[RuleOutcome]) -> ComplianceChanges:
        """Store ``outcomes`` as the current results and return the status changes.

        Results in the plan's scope that were not evaluated (a device no longer targeted, a
        disabled device) are removed. One transaction; rows written in bulk.
        """
        if not plan.rule_ids:
            return ComplianceChanges(0, 0)
        now = self.ctx.now()
        names = {
            (rule.rule.id, target.device_id): (rule.policy, rule.rule.name, target.hostname)
            for target in plan.targets
            for rule in target.rules
        }
        result = m.ComplianceResultRow
        changes: list[ComplianceChange] = []
        with self.ctx.transaction() as session:
            scope = select(result.id, result.rule_id, result.device_id, result.status).where(
                result.rule_id.in_(plan.rule_ids)
            )
            if plan.device_ids is not None:
                scope = scope.where(result.device_id.in_(plan.device_ids))
            existing = {
                (rule_id, device_id): (row_id, status)
                for row_id, rule_id, device_id, status in session.execute(scope)
            }
            inserts, updates, history = [], [], []
            for outcome in outcomes:
                key = (outcome.rule_id, outcome.device_id)
                before = existing.pop(key, None)
                old = ComplianceStatus(before[1]) if before is not None else None
                values = {
                    "status": outcome.status.value,
                    "detail": outcome.detail,
                    "lines": list(outcome.lines),
                    "config_sha256": outcome.config_sha256,
                    "evaluated_at": now,
                }
                if old is not outcome.status:
                    values["changed_at"] = now
                if before is None:
                    inserts.append({"rule_id": key[0], "device_id": key[1], **values})
                else:
                    updates.append({"id": before[0], **values})
                if old is outcome.status:
                    continue
                policy, rule, hostname = names[key]
                changes.append(
                    ComplianceChange(
                        policy, rule, key[1], hostname, old, outcome.status, outcome.detail, now
                    )
                )
                history.append(
                    {
                        "rule_id": key[0],
                        "device_id": key[1],
                        "policy": policy,
                        "rule": rule,
                        "hostname": hostname,
                        "old_status": old.value if old else None,
                        "new_status": outcome.status.value,
                        "detail": outcome.detail,
                        "config_sha256": outcome.config_sha256,
                        "changed_at": now,
                    }
                )
            if inserts:
                session.execute(insert(result), inserts)
            if updates:
                session.execute(update(result), updates)
            if history:
                session.execute(insert(m.ComplianceHistoryRow), history)
            stale = [row_id for row_id, _status in existing.values()]
            for start in range(0, len(stale), 500):
                session.execute(delete(result).where(result.id.in_(stale[start : start + 500])))
        counts = Counter(outcome.status for outcome in outcomes)
        return ComplianceChanges(
            evaluated=len(outcomes),
            devices=len({outcome.device_id for outcome in outcomes}),
            changes=tuple(changes),
            counts=tuple((status, counts.get(status, 0)) for status in ComplianceStatus),
        )


def _targets(policy: m.CompliancePolicyRow, tags: set[str], platform: str) -> bool:
    if policy.platforms and platform not in policy.platforms:
        return False
    return not policy.tags or bool(tags.intersection(policy.tags))


def _latest_versions(session, device_ids: list[int]) -> dict[int, ConfigVersion]:
    if not device_ids:
        return {}
    version = m.ConfigVersionRow
    newest = (
        select(func.max(version.id))
        .where(version.device_id.is_not(None))
        .group_by(version.device_id)
    )
    rows = session.scalars(select(version).where(version.id.in_(newest)))
    wanted = set(device_ids)
    return {
        row.device_id: convert.config_version(row)
        for row in rows
        if row.device_id is not None and row.device_id in wanted
    }
