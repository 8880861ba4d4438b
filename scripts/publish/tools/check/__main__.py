"""`python -m publish.tools.check`: see the package."""

import sys

from publish.tools.check import main

sys.exit(main())
