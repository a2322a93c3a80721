"""`python -m casetrail.present` runs the command line."""

from casetrail.present.cli import app

# Guarded: `serve --workers` starts its processes by importing this module again.
if __name__ == "__main__":
    app()
