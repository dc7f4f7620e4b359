"""``python -m alliancedocs``: the same command line as the ``alliancedocs`` script."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="alliancedocs")
