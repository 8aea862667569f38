"""``python -m tracing``: the same as the `tracing` command."""

from tracing.cli import run

run()
