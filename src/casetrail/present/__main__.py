"""`python -m casetrail.present` runs the command line."""

from casetrail.present.cli import app

app()
