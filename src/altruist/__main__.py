"""`python -m altruist` runs the CLI."""

from altruist.cli.main import run

run()
