"""`archive verify`: integrity checks over the whole archive; exit 1 lists what is wrong."""

from __future__ import annotations

import click

from archive.cli.context import AppContext, CommandFailed, pass_app
from archive.cli.output import counted, emit_json, json_option
from archive.verify import CHECKS, verify_archive


@click.command("verify")
@json_option
@pass_app
def verify(app: AppContext, as_json: bool) -> None:
    """Check foreign keys, content hashes, quote offsets and the search index.

    Nothing is changed. Exits 1, listing each problem on its own line, if any check fails.

    Example: archive verify
    """
    with app.archive(snapshot=True) as archive:
        report = verify_archive(archive.session)
        archive.rollback()  # the checks only read; end the transaction without a commit
    if as_json:
        emit_json(report.to_dict())
    else:
        for problem in report.problems:
            click.echo(str(problem))
        for check, more in report.unlisted.items():
            click.echo(f"{check}: … and {more} more")
        checked = ", ".join(counted(number, what[:-1]) for what, number in report.checked.items())
        verdict = "ok" if report.ok else f"{report.problem_count} problem(s)"
        click.echo(f"{verdict}: checked {', '.join(CHECKS)} over {checked}")
    if not report.ok:
        raise CommandFailed(f"verify found {report.problem_count} problem(s)")
