import sys

from netraven_tui.cli import main

sys.exit(main())
