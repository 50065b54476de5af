"""``serve``: the questionnaire as a local web form, on 127.0.0.1 with an access token."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option

__all__ = ["COMMANDS", "serve"]


@click.command("serve")
@click.argument(
    "answers", required=False, type=click.Path(dir_okay=False, path_type=Path), default=None
)
@click.option(
    "--profile",
    type=click.Choice(["vendor", "clinician", "procurement"]),
    default=None,
    help="Who answers: vendor (all questions), clinician (a quick check), procurement. "
    "For a new file it is the choice proposed; an existing file is switched to it.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open a browser.")
@bank_option
@click.pass_context
def serve(
    ctx: click.Context,
    answers: Path | None,
    profile: str | None,
    port: int,
    no_browser: bool,
    bank_dir: Path | None,
) -> None:
    """Answer the questionnaire in your browser, on this machine only.

    Serves ANSWERS (default: answers.yaml here; created from the first page if it does not
    exist) on 127.0.0.1 and prints its address with a random access token. Every change is
    saved to the same file `assess` writes; the terminal and the browser can take turns on it.
    Ctrl-C stops the server (exit code 130; nothing is lost).
    """
    from rcr_checklist.app.serve import serve as run_serve

    ctx.exit(
        run_serve(
            answers=answers,
            profile=profile,
            port=port,
            open_browser=not no_browser,
            bank_dir=bank_dir,
        )
    )


COMMANDS = [serve]
