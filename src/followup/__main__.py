"""``python -m followup``: the command-line interface."""

from followup.cli import main

raise SystemExit(main())
