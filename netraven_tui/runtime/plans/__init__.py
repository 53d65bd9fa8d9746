"""What each job kind does per device and once at the end: one plan per kind, side by side."""
