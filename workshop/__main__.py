"""`python -m workshop` runs the `workshop` command."""

from .cli import main

main()
