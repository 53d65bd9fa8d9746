"""``python -m netraven_tui.lab``: the same as ``netraven-tui lab``."""

from __future__ import annotations

import argparse
import sys

from netraven_tui.lab import command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m netraven_tui.lab",
        description=command.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_arguments(parser)
    return command.run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
