"""`python -m tracing` runs the command line."""

from tracing.entry import main

main()
