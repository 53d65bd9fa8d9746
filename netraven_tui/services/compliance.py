"""Compliance policies: import from TOML (replace by name, all or nothing), export, list, delete,
and the stored results and history. Evaluation itself needs the configuration texts, which live
in git: ``runtime.compliance`` reads them and hands the verdicts to :mod:`compliance_results`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from netraven_tui.db import models as m
from netraven_tui.domain import (
    ComplianceHistoryEntry,
    CompliancePolicy,
    ComplianceResult,
    ComplianceRule,
    ComplianceStatus,
    NotFound,
    PolicySummary,
    RuleKind,
)
from netraven_tui.policy_file import LocatedPolicy, PolicyFileError, read_policies, write_policies
from netraven_tui.services.atomic_file import write_atomically
from netraven_tui.services.compliance_results import ComplianceRecorder
from netraven_tui.services.context import ServiceContext


@dataclass(frozen=True, slots=True)
class PolicyImport:
    created: tuple[str, ...]
    updated: tuple[str, ...]
    changed: tuple[str, ...]  # created, or updated with different targets or rules


class ComplianceService(ComplianceRecorder):
    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx)

    # ------------------------------------------------------------------ policies

    def import_text(self, text: str, source: str) -> PolicyImport:
        """Create or replace (by name) every policy of a TOML file; a bad file changes nothing.

        Errors read ``source:LINE: reason``. Admins only; audited.
        """
        self.ctx.require_admin("change compliance policies")
        located = read_policies(text, source, platforms=self.ctx.platforms)
        created: list[str] = []
        updated: list[str] = []
        changed: list[str] = []
        with self.ctx.transaction() as session:
            known_tags = set(session.scalars(select(m.TagRow.name)))
            for item in located:
                _check_tags(item, known_tags, source)
            for item in located:
                row = session.scalar(
                    select(m.CompliancePolicyRow).where(
                        m.CompliancePolicyRow.name == item.policy.name
                    )
                )
                before = _policy(row) if row is not None else None
                if row is None:
                    row = m.CompliancePolicyRow(name=item.policy.name, created_at=self.ctx.now())
                    session.add(row)
                    created.append(item.policy.name)
                else:
                    updated.append(item.policy.name)
                _apply(session, row, item.policy, self.ctx.now())
                session.flush()
                after = _policy(row)
                if before is None or _shape(before) != _shape(after):
                    changed.append(item.policy.name)
            self.ctx.audit(
                session,
                f"compliance policies imported from {source}: "
                f"{len(created)} created, {len(updated)} replaced "
                f"({', '.join(p.policy.name for p in located)})",
            )
        return PolicyImport(tuple(created), tuple(updated), tuple(changed))

    def export_text(self, names: Iterable[str] | None = None) -> str:
        """Every policy (or those named) as TOML that :meth:`import_text` reads back.

        Only shows the text (the console's policy view); :meth:`export` writes it out, audited.
        """
        return write_policies(self._selected(names))

    def export(self, target: Path | str | TextIO, names: Iterable[str] | None = None) -> int:
        """Write every policy (or those named) as TOML to a file or a stream; returns how many.

        A file is written atomically (temporary file in its folder, then renamed); every export
        is audited, as the device export is, since the text leaves the program's control.
        """
        wanted = list(names) if names is not None else None
        policies = self._selected(wanted)
        text = write_policies(policies)
        if isinstance(target, str | Path):
            where = str(Path(target).expanduser())
            write_atomically(Path(where), lambda handle: handle.write(text))
        else:
            where = "standard output"
            target.write(text)
        with self.ctx.transaction() as session:
            scope = f" ({', '.join(p.name for p in policies)})" if wanted else ""
            noun = "policy" if len(policies) == 1 else "policies"
            self.ctx.audit(
                session, f"compliance export: {len(policies)} {noun}{scope} written to {where}"
            )
        return len(policies)

    def _selected(self, names: Iterable[str] | None) -> list[CompliancePolicy]:
        """Every policy, or those named (an unknown name is NotFound)."""
        wanted = list(names) if names is not None else None
        policies = self.list()
        if wanted is not None:
            missing = [n for n in wanted if n not in {p.name for p in policies}]
            if missing:
                raise NotFound("compliance policy", missing[0])
            policies = [p for p in policies if p.name in wanted]
        return policies

    def list(self) -> list[CompliancePolicy]:
        """Every policy with its rules, by name."""
        with self.ctx.read() as session:
            rows = session.scalars(
                select(m.CompliancePolicyRow)
                .options(selectinload(m.CompliancePolicyRow.rules))
                .order_by(m.CompliancePolicyRow.name)
            )
            return [_policy(row) for row in rows]

    def get(self, name: str) -> CompliancePolicy:
        with self.ctx.read() as session:
            return _policy(_get(session, name))

    def delete(self, name: str) -> None:
        """Delete a policy with its rules and current results (history keeps the names)."""
        self.ctx.require_admin("change compliance policies")
        with self.ctx.transaction() as session:
            row = _get(session, name)
            session.delete(row)
            self.ctx.audit(session, f"compliance policy {row.name} deleted")

    # ------------------------------------------------------------------ results

    def summaries(self) -> list[PolicySummary]:
        """Every policy with its result counts per status (one grouped query)."""
        policies = self.list()
        with self.ctx.read() as session:
            rule = m.ComplianceRuleRow
            result = m.ComplianceResultRow
            counts: dict[int, dict[ComplianceStatus, int]] = {}
            for policy_id, status, count in session.execute(
                select(rule.policy_id, result.status, func.count())
                .join(rule, rule.id == result.rule_id)
                .group_by(rule.policy_id, result.status)
            ):
                counts.setdefault(policy_id, {})[ComplianceStatus(status)] = count
            extra = {
                policy_id: (devices, latest)
                for policy_id, devices, latest in session.execute(
                    select(
                        rule.policy_id,
                        func.count(func.distinct(result.device_id)),
                        func.max(result.evaluated_at),
                    )
                    .join(rule, rule.id == result.rule_id)
                    .group_by(rule.policy_id)
                )
            }
        out = []
        for policy in policies:
            assert policy.id is not None
            devices, latest = extra.get(policy.id, (0, None))
            per_status = counts.get(policy.id, {})
            out.append(
                PolicySummary(
                    policy,
                    tuple((s, per_status.get(s, 0)) for s in ComplianceStatus),
                    devices,
                    latest,
                )
            )
        return out

    def results(
        self, policy: str | None = None, hostname: str | None = None
    ) -> list[ComplianceResult]:
        """Current results (of one policy, one device, or all), policy, device, rule order."""
        with self.ctx.read() as session:
            query = _results_query()
            if policy is not None:
                query = query.where(m.CompliancePolicyRow.id == _get(session, policy).id)
            if hostname is not None:
                query = query.where(m.DeviceRow.hostname_key == hostname.strip().lower())
            rows = session.execute(
                query.order_by(
                    m.CompliancePolicyRow.name,
                    m.DeviceRow.hostname_key,
                    m.ComplianceRuleRow.position,
                )
            )
            return [_result(*row) for row in rows]

    def result(self, policy: str, rule: str, hostname: str) -> ComplianceResult:
        """One device x rule result."""
        with self.ctx.read() as session:
            row = session.execute(
                _results_query().where(
                    m.CompliancePolicyRow.name == policy,
                    m.ComplianceRuleRow.name == rule,
                    m.DeviceRow.hostname_key == hostname.strip().lower(),
                )
            ).first()
            if row is None:
                raise NotFound("compliance result", f"{policy}/{rule} on {hostname}")
            return _result(*row)

    def history(
        self, hostname: str | None = None, policy: str | None = None, limit: int = 500
    ) -> list[ComplianceHistoryEntry]:
        """Status changes, newest first."""
        history = m.ComplianceHistoryRow
        with self.ctx.read() as session:
            query = select(history).order_by(history.id.desc()).limit(limit)
            if hostname is not None:
                query = query.where(func.lower(history.hostname) == hostname.strip().lower())
            if policy is not None:
                query = query.where(history.policy == policy)
            return [
                ComplianceHistoryEntry(
                    row.policy,
                    row.rule,
                    row.device_id,
                    row.hostname,
                    ComplianceStatus(row.old_status) if row.old_status else None,
                    ComplianceStatus(row.new_status),
                    row.detail,
                    row.changed_at,
                    row.config_sha256,
                )
                for row in session.scalars(query)
            ]


# --------------------------------------------------------------------------- helpers


def _check_tags(item: LocatedPolicy, known: set[str], source: str) -> None:
    for tag in item.policy.tags:
        if tag.lower() not in known:
            raise PolicyFileError(
                source,
                item.line_of("tags"),
                f"policy {item.policy.name!r}: tag {tag!r} does not exist "
                "(create it first: netraven-tui tag add NAME)",
            )


def _apply(session: Session, row: m.CompliancePolicyRow, policy: CompliancePolicy, now) -> None:
    """Replace the policy's fields and rules; rules keep their id (results, history) by name."""
    row.description = policy.description
    row.tags = [t.lower() for t in policy.tags]
    row.platforms = list(policy.platforms)
    row.updated_at = now
    existing = {rule.name: rule for rule in row.rules}
    kept = []
    for position, rule in enumerate(policy.rules):
        target = existing.pop(rule.name, None) or m.ComplianceRuleRow(name=rule.name)
        target.position = position
        target.kind = rule.kind.value
        target.pattern = rule.pattern
        target.section = rule.section
        kept.append(target)
    row.rules = kept  # rules no longer in the file are deleted (delete-orphan)


def _shape(policy: CompliancePolicy) -> tuple:
    rules = tuple((r.name, r.kind, r.pattern, r.section) for r in policy.rules)
    return (tuple(sorted(policy.tags)), tuple(sorted(policy.platforms)), rules)


def _policy(row: m.CompliancePolicyRow) -> CompliancePolicy:
    return CompliancePolicy(
        name=row.name,
        description=row.description,
        tags=tuple(row.tags or ()),
        platforms=tuple(row.platforms or ()),
        rules=tuple(
            ComplianceRule(rule.name, RuleKind(rule.kind), rule.pattern, rule.section, rule.id)
            for rule in row.rules
        ),
        id=row.id,
        updated_at=row.updated_at,
    )


def _get(session: Session, name: str) -> m.CompliancePolicyRow:
    row = session.scalar(
        select(m.CompliancePolicyRow).where(m.CompliancePolicyRow.name == name.strip())
    )
    if row is None:
        raise NotFound("compliance policy", name)
    return row


def _results_query():
    result, rule, policy, device = (
        m.ComplianceResultRow,
        m.ComplianceRuleRow,
        m.CompliancePolicyRow,
        m.DeviceRow,
    )
    return (
        select(result, rule.name, policy.name, device.hostname, device.platform)
        .join(rule, rule.id == result.rule_id)
        .join(policy, policy.id == rule.policy_id)
        .join(device, device.id == result.device_id)
    )


def _result(
    row: m.ComplianceResultRow, rule: str, policy: str, hostname: str, platform: str
) -> ComplianceResult:
    return ComplianceResult(
        policy=policy,
        rule=rule,
        device_id=row.device_id,
        hostname=hostname,
        platform=platform,
        status=ComplianceStatus(row.status),
        detail=row.detail,
        lines=tuple(row.lines or ()),
        evaluated_at=row.evaluated_at,
        changed_at=row.changed_at,
        config_sha256=row.config_sha256,
        rule_id=row.rule_id,
    )
