"""`python -m archive` runs the command line."""

import sys

from archive.cli.main import main

sys.exit(main())
