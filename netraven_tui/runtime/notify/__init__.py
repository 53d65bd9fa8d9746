"""Notifications: the masked diff of a run's changes, sending through Apprise or an exec hook,
and the bounded delivery worker that drains the outbox after runs (see ``notifier.Notifier``)."""
