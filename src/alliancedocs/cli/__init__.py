"""The ``alliancedocs`` command line: one module per command, registered on :data:`main`."""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import AlliancedocsError


class _Group(click.Group):
    """A click group that shows user errors without a traceback unless ``--debug`` is given."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; turn user errors into ``error: ...`` and exit code 1."""
        try:
            return super().invoke(ctx)
        except AlliancedocsError as error:
            if _debug(ctx):
                raise
            click.echo(f"error: {error}", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (``alliancedocs clauses | head``): stop quietly, and send
            # anything still buffered nowhere rather than fail again on exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(1)
        except Exception as error:  # a defect in alliancedocs itself, not in the input
            if _debug(ctx):
                raise
            click.echo(
                f"internal error: {type(error).__name__}: {error}\n"
                "    hint: rerun with --debug for the traceback, and report it.",
                err=True,
            )
            ctx.exit(1)


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.params.get("debug"))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.version_option(__version__, prog_name="alliancedocs")
def main(debug: bool) -> None:
    """Draft true alliance agreements for NHS and social care, and flag every way an
    arrangement is watered down."""



# The commands, registered after ``main`` exists; each module holds one command.
from .build import build  # noqa: E402
from .check import check  # noqa: E402
from .clauses import clauses  # noqa: E402
from .init import init  # noqa: E402
from .schema import schema  # noqa: E402
from .validate import validate  # noqa: E402

for _command in (validate, check, build, schema, clauses, init):
    main.add_command(_command)
