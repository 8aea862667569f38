"""`python -m tracing` runs the command line."""

from tracing.cli import main

main()
