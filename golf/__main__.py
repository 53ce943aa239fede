"""`python -m golf` runs the command line."""

import sys

from golf.cli import main

sys.exit(main())
