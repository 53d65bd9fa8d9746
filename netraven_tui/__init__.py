"""NetRaven TUI: back up network device configurations into git from a terminal console."""

__version__ = "0.1.0"
