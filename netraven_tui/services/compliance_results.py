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

from sqlalchemy import bindparam, delete, func, insert, select, update
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
            # Plain columns, not ORM objects: 1,000 devices are planned in a few milliseconds.
            device = m.DeviceRow
            devices = select(device.id, device.hostname, device.platform).where(
                device.enabled.is_(True)
            )
            tag_rows = select(m.device_tags.c.device_id, m.TagRow.name).join(
                m.TagRow, m.TagRow.id == m.device_tags.c.tag_id
            )
            if wanted is not None:
                devices = devices.where(device.id.in_(wanted))
                tag_rows = tag_rows.where(m.device_tags.c.device_id.in_(wanted))
            device_rows = session.execute(devices.order_by(device.hostname_key)).all()
            tags: dict[int, set[str]] = {}
            for device_id, name in session.execute(tag_rows):
                tags.setdefault(device_id, set()).add(name)
            latest = _latest_versions(session, wanted)
            rules_of = {
                row.id: tuple(
                    TargetRule(
                        row.name,
                        ComplianceRule(r.name, RuleKind(r.kind), r.pattern, r.section, r.id),
                    )
                    for r in row.rules
                )
                for row in policies
            }
            targets = []
            for device_id, hostname, platform in device_rows:
                device_tags = tags.get(device_id, set())
                rules = tuple(
                    rule
                    for row in policies
                    if _targets(row, device_tags, platform)
                    for rule in rules_of[row.id]
                )
                if rules:
                    targets.append(
                        EvaluationTarget(
                            device_id, hostname, platform, latest.get(device_id), rules
                        )
                    )
            rule_ids = frozenset(r.id for row in policies for r in row.rules)
        return EvaluationPlan(tuple(targets), rule_ids, wanted)

    def record(self, plan: EvaluationPlan, outcomes: Sequence[RuleOutcome]) -> ComplianceChanges:
        """Store ``outcomes`` as the current results and return the status changes.

        Results in the plan's scope that were not evaluated (a device no longer targeted, a
        disabled device) are removed. One transaction; rows written in bulk.
        """
        self.ctx.require_edit("record compliance results")
        if not plan.rule_ids:
            return ComplianceChanges(0, 0)
        now = self.ctx.now()
        names = {
            (rule.rule.id, target.device_id): (rule.policy, rule.rule.name, target.hostname)
            for target in plan.targets
            for rule in target.rules
        }
        result = m.ComplianceResultRow
        table = result.__table__
        changes: list[ComplianceChange] = []
        with self.ctx.transaction() as session:
            scope = select(
                result.id,
                result.rule_id,
                result.device_id,
                result.status,
                result.detail,
                result.lines,
                result.config_sha256,
            ).where(result.rule_id.in_(plan.rule_ids))
            if plan.device_ids is not None:
                scope = scope.where(result.device_id.in_(plan.device_ids))
            existing = {
                (row.rule_id, row.device_id): (
                    row.id,
                    row.status,
                    (row.detail, tuple(row.lines or ()), row.config_sha256),
                )
                for row in session.execute(scope)
            }
            # Every result in scope was evaluated now: one statement, not one per row.
            touch = update(table).where(table.c.rule_id.in_(plan.rule_ids))
            if plan.device_ids is not None:
                touch = touch.where(table.c.device_id.in_(plan.device_ids))
            session.execute(touch.values(evaluated_at=now))
            inserts, updates, history = [], [], []
            for outcome in outcomes:
                key = (outcome.rule_id, outcome.device_id)
                before = existing.pop(key, None)
                old = ComplianceStatus(before[1]) if before is not None else None
                same_text = before is not None and before[2] == (
                    outcome.detail,
                    outcome.lines,
                    outcome.config_sha256,
                )
                if old is outcome.status and same_text:
                    continue  # only evaluated_at moved, done above
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
                    updates.append({"row_id": before[0], **values})
                if old is outcome.status:
                    continue  # the detail changed (other lines, a new config), not the status
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
                session.execute(insert(table), inserts)
            _update_rows(session, table, updates)
            if history:
                session.execute(insert(m.ComplianceHistoryRow.__table__), history)
            stale = [row_id for row_id, _status, _text in existing.values()]
            for start in range(0, len(stale), 500):
                session.execute(delete(table).where(table.c.id.in_(stale[start : start + 500])))
        counts = Counter(outcome.status for outcome in outcomes)
        return ComplianceChanges(
            evaluated=len(outcomes),
            devices=len({outcome.device_id for outcome in outcomes}),
            changes=tuple(changes),
            counts=tuple((status, counts.get(status, 0)) for status in ComplianceStatus),
        )


def _update_rows(session, table, updates: list[dict]) -> None:
    """Rows whose status or detail changed, grouped by the columns they set (executemany)."""
    groups: dict[tuple[str, ...], list[dict]] = {}
    for values in updates:
        groups.setdefault(tuple(sorted(values)), []).append(values)
    for columns, rows in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({c: bindparam(c) for c in columns if c != "row_id"})
        )
        session.execute(statement, rows)


def _targets(policy: m.CompliancePolicyRow, tags: set[str], platform: str) -> bool:
    if policy.platforms and platform not in policy.platforms:
        return False
    return not policy.tags or bool(tags.intersection(policy.tags))


def _latest_versions(session, wanted: frozenset[int] | None) -> dict[int, ConfigVersion]:
    version = m.ConfigVersionRow
    newest = (
        select(func.max(version.id))
        .where(version.device_id.is_not(None))
        .group_by(version.device_id)
    )
    if wanted is not None:
        newest = newest.where(version.device_id.in_(wanted))
    columns = (
        version.id,
        version.device_id,
        version.hostname,
        version.run_id,
        version.commit,
        version.sha256,
        version.size,
        version.lines,
        version.lines_added,
        version.lines_removed,
        version.created_at,
        version.path,
    )
    rows = session.execute(select(*columns).where(version.id.in_(newest)))
    return {row.device_id: ConfigVersion(*row) for row in rows}
