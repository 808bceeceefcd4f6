"""`python -m kamervragen.cli`: the command line, as the `kamervragen` script runs it."""

from kamervragen.cli import main

raise SystemExit(main())
