"""The collectors' task queue: procrastinate on the installation's PostgreSQL database.

One queue per site (``site-<name>``; devices without a site use ``default``), one job per device
per run, locked by device (``device-<id>``) so that no two collectors ever capture the same
device at once. procrastinate does the hard parts: ``SELECT … FOR UPDATE SKIP LOCKED``,
LISTEN/NOTIFY, worker heartbeats, and finding the jobs of a worker that stopped beating.

The run's owner uses :class:`TaskQueue` (defer, watch, retry stalled jobs, cancel);
``runtime/collector.py`` runs the worker side. procrastinate's own tables are installed on first
use (:func:`ensure_schema`), outside Alembic: they are procrastinate's schema, not ours.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from netraven_tui.domain import ConfigError, DeviceTarget

log = logging.getLogger(__name__)

TASK_NAME = "netraven.device"
DEFAULT_QUEUE = "default"
SITE_PREFIX = "site-"
_SCHEMA_LOCK = 0x6E657472  # pg_advisory_lock key: one installer of the queue schema at a time


def queue_for(site: str) -> str:
    """The queue of a site's devices ("" = no site: the default queue)."""
    return f"{SITE_PREFIX}{site}" if site else DEFAULT_QUEUE


def site_of(queue: str) -> str:
    return queue.removeprefix(SITE_PREFIX) if queue != DEFAULT_QUEUE else ""


def libpq_url(db_url: str) -> str:
    """``postgresql+psycopg://…`` (SQLAlchemy) as a libpq connection string for psycopg."""
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if not url.drivername.startswith("postgresql"):
        raise ConfigError(f"collectors need a PostgreSQL database_url, not {url.drivername}")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def require_procrastinate() -> None:
    """One line instead of an ImportError when the optional extra is missing."""
    try:
        import procrastinate  # noqa: F401
    except ImportError:
        raise ConfigError(
            "collectors = true needs procrastinate: pip install 'netraven-tui[collectors]'"
        ) from None


def ensure_schema(db_url: str) -> bool:
    """Install procrastinate's tables if they are not there yet; True if it installed them.

    Several collectors may start at once: an advisory lock lets one install, the others wait.
    """
    require_procrastinate()
    import procrastinate
    import psycopg

    conninfo = libpq_url(db_url)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK,))
        try:
            row = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
            if row is not None and row[0] is not None:
                return False
            app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=conninfo))
            with app.open():
                app.schema_manager.apply_schema()
            log.info("installed the collectors' task queue schema (procrastinate)")
            return True
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (_SCHEMA_LOCK,))


class TaskQueue:
    """The owner's side of the queue: defer a run's device jobs, watch them, recover them."""

    def __init__(self, db_url: str) -> None:
        require_procrastinate()
        import procrastinate

        ensure_schema(db_url)
        self._app = procrastinate.App(
            connector=procrastinate.SyncPsycopgConnector(
                conninfo=libpq_url(db_url), min_size=1, max_size=2
            )
        )
        self._app.open()

    def close(self) -> None:
        self._app.close()

    def defer(self, work: Sequence[tuple[DeviceTarget, dict[str, Any]]]) -> dict[int, int]:
        """One job per device, in its site's queue, in one statement; device id -> job id."""
        from procrastinate import jobs

        if not work:
            return {}
        deferred = self._app.job_manager.batch_defer_jobs(
            [
                jobs.Job(
                    queue=queue_for(device.site),
                    lock=f"device-{device.id}",
                    queueing_lock=None,
                    task_name=TASK_NAME,
                    task_kwargs=payload,
                )
                for device, payload in work
            ]
        )
        return {
            device.id: job.id
            for (device, _), job in zip(work, deferred, strict=True)
            if job.id is not None
        }

    def statuses(self, job_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """job id -> (status, queue) for the jobs still in the table."""
        ids = list(job_ids)
        if not ids:
            return {}
        rows = self._app.connector.get_sync_connector().execute_query_all(
            "SELECT id, status, queue_name FROM procrastinate_jobs WHERE id = ANY(%(ids)s)",
            ids=ids,
        )
        return {row["id"]: (row["status"], row["queue_name"]) for row in rows}

    def retry_stalled(
        self, job_ids: set[int] | None, stall_seconds: float, queues: set[str] | None = None
    ) -> list[int]:
        """Put back in their queue the jobs (of ``job_ids``, in ``queues``; None: any) whose
        collector stopped beating.

        procrastinate's stalled-job query: jobs in ``doing`` whose worker's heartbeat is older
        than ``stall_seconds`` (or whose worker row is gone). Another collector of the same
        site takes them; the device's lock keeps it to one at a time.
        """
        from procrastinate import exceptions, sql

        rows = self._app.connector.get_sync_connector().execute_query_all(
            sql.queries["select_stalled_jobs_by_heartbeat"],
            queue=None,
            task_name=TASK_NAME,
            seconds_since_heartbeat=stall_seconds,
        )
        retried = []
        for row in rows:
            if job_ids is not None and row["id"] not in job_ids:
                continue
            if queues is not None and row["queue_name"] not in queues:
                continue
            try:
                self._app.job_manager.retry_job_by_id(row["id"], retry_at=datetime.now(UTC))
            except exceptions.ConnectorException:  # already retried by someone else
                continue
            retried.append(row["id"])
        return retried

    def cancel(self, job_ids: Iterable[int]) -> list[int]:
        """Cancel (and delete) the jobs not started yet; returns those it cancelled."""
        cancelled = []
        for job_id in job_ids:
            if self._app.job_manager.cancel_job_by_id(job_id, delete_job=True):
                cancelled.append(job_id)
        return cancelled

    def abort(self, job_ids: Iterable[int]) -> None:
        """Ask the collectors running these jobs to stop them: the task sees the request
        (procrastinate's abort, a NOTIFY and a poll) and tries its device no more."""
        for job_id in job_ids:
            self._app.job_manager.cancel_job_by_id(job_id, abort=True)

    def forget(self, job_ids: Iterable[int]) -> None:
        """Delete finished jobs of a closed run (the worker deletes successful ones itself)."""
        ids = list(job_ids)
        if ids:
            self._app.connector.get_sync_connector().execute_query(
                "DELETE FROM procrastinate_jobs WHERE id = ANY(%(ids)s) AND status <> 'doing'",
                ids=ids,
            )


def worker_app(db_url: str):
    """A procrastinate App for a collector's worker (asyncio connector, LISTEN/NOTIFY)."""
    require_procrastinate()
    import procrastinate

    ensure_schema(db_url)
    return procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=libpq_url(db_url)))
