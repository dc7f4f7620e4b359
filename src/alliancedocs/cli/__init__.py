"""The ``alliancedocs`` command line: one module per command, loaded only when it is used.

``alliancedocs --help`` lists the commands from :data:`COMMANDS` without importing them, so
the quick paths cost little more than importing click (measured in ``bench/start_bench.py``).
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from .. import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "Check each ANSWERS file and report every problem with its "
                 "file:line:col."),
    "check": ("check", "Report every departure from a true alliance in ANSWERS."),
    "build": ("build", "Draft the alliance agreement and one schedule pack per provider "
              "from ANSWERS."),
    "schema": ("schema", "Print the JSON Schema (Draft 2020-12) of the answers file."),
    "clauses": ("clauses", "List every clause of the agreement and the schedule packs, with "
                "its variants."),
    "init": ("init", "Write a new answers FILE to edit: a complete, valid starter for a true "
             "alliance."),
    "questionnaire": ("questionnaire", "Answer the questions in a browser; the answers are "
                      "saved to ANSWERS as you go."),
    "diff": ("diff", "Compare two versions of an alliance: what changed in the deal, what "
             "that did to the text, and whether it waters the alliance down."),
}
"""Command name -> (module in this package holding a click command of that name, short
help). The short help is the first sentence of the command's docstring (a test keeps the
two in step), so listing the commands imports none of them."""


class _Group(click.Group):
    """A click group that loads each command on first use, and shows user errors without a
    traceback unless ``--debug`` is given."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the command names, in the order of :data:`COMMANDS`."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return the command ``cmd_name``, or None if there is no such command."""
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f".{COMMANDS[cmd_name][0]}", __name__)
        command: click.Command = getattr(module, cmd_name)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        """Resolve the command; for an unknown name, suggest the closest command names."""
        name = args[0] if args else ""
        if name in COMMANDS or name.startswith("-") or ctx.resilient_parsing:
            return super().resolve_command(ctx, args)
        import difflib

        close = difflib.get_close_matches(name, list(COMMANDS), n=2)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        ctx.fail(f"No such command {name!r}.{hint}")

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their short help, from :data:`COMMANDS` (no imports)."""
        rows = [(name, help_text) for name, (_module, help_text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; turn user errors into ``error: ...`` and exit code 1."""
        from ..errors import AlliancedocsError

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
