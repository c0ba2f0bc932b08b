"""`archive comments` and `archive comment add | approve | hide | spam | delete`.

A commenter's e-mail address can be stored (`--email`) but is never printed.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from archive.cli.context import AppContext, pass_app
from archive.cli.output import EMPTY_LISTING, counted, emit_json, json_option, moment_text
from archive.repositories import CommentNode
from archive.repositories.comments import CommentRepository

INDENT = "    "


@click.command("comments")
@click.argument("article", metavar="ID|SLUG")
@click.option("--all", "show_all", is_flag=True, help="Include hidden and spam comments.")
@json_option
@pass_app
def comments(app: AppContext, article: str, show_all: bool, as_json: bool) -> None:
    """Show an article's comment thread, replies under what they answer.

    Example: archive comments 1 --all
    """
    with app.archive(readonly=True) as archive:
        thread = archive.comments.thread(article, include_hidden=show_all)
    if as_json:
        emit_json([root.to_dict() for root in thread])
    elif not thread:
        click.echo(EMPTY_LISTING)
    else:
        click.echo("\n".join(render_thread(thread)))


def render_thread(thread: tuple[CommentNode, ...]) -> list[str]:
    lines: list[str] = []
    stack: list[tuple[CommentNode, int]] = [(root, 0) for root in reversed(thread)]
    while stack:  # depth first without recursion: threads may nest deeply
        node, depth = stack.pop()
        pad = INDENT * depth
        posted = moment_text(node.posted_at)
        # One heading line per comment, whatever an imported name holds (it is stored as is).
        author = " ".join(node.author.split())
        lines.append(f"{pad}#{node.id} {author} · {posted} · {node.status}")
        lines.extend(f"{pad}{INDENT}{line}" for line in node.body.splitlines())
        stack.extend((reply, depth + 1) for reply in reversed(node.replies))
    return lines


@click.group("comment")
def comment_group() -> None:
    """Post and moderate reader comments.

    Example: archive comment add 1 --author Ann --body "A fair summary."
    """


@comment_group.command("add")
@click.argument("article", metavar="ID|SLUG")
@click.option("--author", required=True, metavar="NAME", help="The commenter's name (shown).")
@click.option("--body", required=True, metavar="TEXT", help="What they wrote.")
@click.option("--reply-to", type=int, metavar="ID", help="Answer this comment (same article).")
@click.option("--email", metavar="ADDRESS", help="The commenter's e-mail (stored, never shown).")
@click.option("--approved", is_flag=True, help="Post as approved instead of pending moderation.")
@json_option
@pass_app
def add(
    app: AppContext,
    article: str,
    author: str,
    body: str,
    reply_to: int | None,
    email: str | None,
    approved: bool,
    as_json: bool,
) -> None:
    """Post a comment, or a reply with --reply-to.

    Example: archive comment add 1 --author Bo --body "Agreed." --reply-to 1
    """
    with app.archive() as archive:
        node = archive.comments.add(
            article,
            author=author,
            body=body,
            email=email,
            reply_to=reply_to,
            status="approved" if approved else "pending",
        )
    if as_json:
        emit_json(comment_json(node))
    else:
        reply = f" (a reply to comment {reply_to})" if reply_to is not None else ""
        click.echo(f"added comment {node.id}{reply} on article {node.article_id} ({node.status})")


def comment_json(node: CommentNode) -> dict[str, object]:
    """One comment as threads show it, plus where it hangs: its article and parent."""
    return {"article_id": node.article_id, "parent_id": node.parent_id, **node.to_dict()}


def _moderation(
    name: str, change: Callable[[CommentRepository, int], CommentNode], summary: str, example: str
) -> click.Command:
    @click.argument("comment_id", metavar="ID", type=int)
    @json_option
    @pass_app
    def command(app: AppContext, comment_id: int, as_json: bool) -> None:
        with app.archive() as archive:
            node = change(archive.comments, comment_id)
        if as_json:
            emit_json(comment_json(node))
        else:
            click.echo(f"comment {node.id} on article {node.article_id} is now {node.status}")

    command.__doc__ = f"{summary}\n\nExample: {example}\n"
    return comment_group.command(name)(command)


approve = _moderation(
    "approve",
    CommentRepository.approve,
    "Approve a pending (or hidden) comment.",
    "archive comment approve 12",
)
hide = _moderation(
    "hide",
    CommentRepository.hide,
    "Hide a comment and its replies from threads and show (export keeps them).",
    "archive comment hide 12",
)
spam = _moderation(
    "spam",
    CommentRepository.mark_spam,
    "Mark a comment as spam: hidden like `hide`, counted apart in stats.",
    "archive comment spam 12",
)


@comment_group.command("delete")
@click.argument("comment_id", metavar="ID", type=int)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@json_option
@pass_app
def delete(app: AppContext, comment_id: int, yes: bool, as_json: bool) -> None:
    """Delete a comment and every reply under it, asking first unless --yes.

    Example: archive comment delete 12 --yes
    """
    with app.archive() as archive:
        node = archive.comments.get(comment_id)
        if not yes:
            click.confirm(
                f"Delete comment {node.id} by {node.author} on article {node.article_id}, "
                "with any replies under it?",
                abort=True,
                err=True,
            )
        removed = archive.comments.delete(comment_id)
    if as_json:
        emit_json({"id": comment_id, "article_id": node.article_id, "deleted": removed})
    else:
        replies = f" and {counted(removed - 1, 'reply', 'replies')}" if removed > 1 else ""
        click.echo(f"deleted comment {comment_id} on article {node.article_id}{replies}")
