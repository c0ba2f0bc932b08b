"""Reader comments: threads, posting, moderation and counts.

A thread hides `hidden` and `spam` comments unless asked, and with them the replies under
them: a reply makes no sense without what it answers, and may quote it.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, func, literal, select

from archive.db.types import utcnow
from archive.errors import CommentNotFound, InvalidInput
from archive.models import COMMENT_STATUSES, MAX_COMMENT_LENGTH, Comment
from archive.repositories.base import Repository, check_text, resolve_article_id, valid_key
from archive.repositories.results import CommentNode

VISIBLE_STATUSES = ("pending", "approved")
HIDDEN_STATUSES = ("hidden", "spam")
MAX_AUTHOR_NAME_LENGTH = 200
MAX_EMAIL_LENGTH = 320


class CommentRepository(Repository):
    # -- reading ----------------------------------------------------------------------

    def thread(
        self,
        article: int | str,
        *,
        include_hidden: bool = False,
        include_private: bool = False,
    ) -> tuple[CommentNode, ...]:
        """The article's comments as a tree: top-level comments and replies in posting order."""
        article_id = resolve_article_id(self.session, article)
        rows = self.session.scalars(select(Comment).where(Comment.article_id == article_id))
        return build_thread(rows, include_hidden=include_hidden, include_private=include_private)

    def get(self, comment_id: int, *, include_private: bool = False) -> CommentNode:
        """One comment, without its replies."""
        return _node(self._comment(comment_id), (), include_private)

    def count(self, article: int | str, *, include_hidden: bool = False) -> int:
        """Comments a thread shows (replies included)."""
        article_id = resolve_article_id(self.session, article)
        return self.counts([article_id], include_hidden=include_hidden)[article_id]

    def counts(self, article_ids: Iterable[int], *, include_hidden: bool = False) -> dict[int, int]:
        """Comments shown per article, for many articles in one statement (0 for none)."""
        ids = sorted({key for key in article_ids if valid_key(key)})
        found = dict.fromkeys(ids, 0)
        if not ids:
            return found
        statement = _all_counts(ids) if include_hidden else _visible_counts(ids)
        for article_id, number in self.session.execute(statement):
            found[article_id] = number
        return found

    # -- writing ----------------------------------------------------------------------

    def add(
        self,
        article: int | str,
        *,
        author: str,
        body: str,
        email: str | None = None,
        reply_to: int | None = None,
        posted_at: datetime | None = None,
        status: str = "pending",
    ) -> CommentNode:
        """Post a comment or, with reply_to, a reply to a comment on the same article."""
        article_id = resolve_article_id(self.session, article)
        author = check_text(author, "comment author").strip()
        if not author:
            raise InvalidInput("comment author is empty")
        if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in author):
            # A name is one line of text: `archive comments` prints it as a comment's heading.
            raise InvalidInput("comment author contains a line break or control character")
        if len(author) > MAX_AUTHOR_NAME_LENGTH:
            raise InvalidInput(
                f"comment author is {len(author)} characters long; "
                f"the limit is {MAX_AUTHOR_NAME_LENGTH}"
            )
        text = check_text(body, "comment body").strip()
        if not text:
            raise InvalidInput("comment body is empty")
        if len(text) > MAX_COMMENT_LENGTH:
            raise InvalidInput(
                f"comment body is {len(text)} characters long; the limit is {MAX_COMMENT_LENGTH}"
            )
        _check_status(status)
        address = _check_email(email)
        if posted_at is not None and posted_at.tzinfo is None:
            raise InvalidInput("posted_at must carry a time zone (e.g. datetime.now(UTC))")
        if reply_to is not None:
            parent = self._comment(reply_to)
            if parent.article_id != article_id:
                raise InvalidInput(
                    f"comment {reply_to} belongs to article {parent.article_id}, not to "
                    f"article {article_id}: a reply must be on the same article"
                )
            if parent.status in HIDDEN_STATUSES:
                raise InvalidInput(
                    f"comment {reply_to} is {parent.status}: replies go to shown comments"
                )
            hidden = self.session.execute(_hidden_ancestor(parent)).first()
            if hidden is not None:
                raise InvalidInput(
                    f"comment {reply_to} is under comment {hidden.id}, which is "
                    f"{hidden.status}: replies go to shown comments"
                )
        comment = Comment(
            article_id=article_id,
            parent_id=reply_to,
            author_name=author,
            author_email=address,
            body=text,
            posted_at=posted_at or utcnow(),
            status=status,
        )
        self.session.add(comment)
        self.session.flush()
        return _node(comment, (), include_private=False)

    def set_status(self, comment_id: int, status: str) -> CommentNode:
        _check_status(status)
        comment = self._comment(comment_id)
        comment.status = status
        self.session.flush()
        return _node(comment, (), include_private=False)

    def approve(self, comment_id: int) -> CommentNode:
        return self.set_status(comment_id, "approved")

    def hide(self, comment_id: int) -> CommentNode:
        return self.set_status(comment_id, "hidden")

    def mark_spam(self, comment_id: int) -> CommentNode:
        return self.set_status(comment_id, "spam")

    def delete(self, comment_id: int) -> int:
        """Delete a comment and every reply below it; returns how many comments went."""
        comment = self._comment(comment_id)
        ids = list(self.session.scalars(_subtree(comment.id)))
        # Named one by one (not left to ON DELETE CASCADE) so the session forgets them too.
        self.session.execute(delete(Comment).where(Comment.id.in_(ids)))
        return len(ids)

    def _comment(self, comment_id: int) -> Comment:
        found = self.session.get(Comment, comment_id) if valid_key(comment_id) else None
        if found is None:
            raise CommentNotFound(f"no comment with id {comment_id}")
        return found


def build_thread(
    comments: Iterable[Comment], *, include_hidden: bool, include_private: bool
) -> tuple[CommentNode, ...]:
    """Comments of one article as a tree of CommentNode, in (posted_at, id) order throughout."""
    shown = [c for c in comments if include_hidden or c.status not in HIDDEN_STATUSES]
    shown.sort(key=lambda c: (c.posted_at, c.id))
    replies: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in shown:
        replies[comment.parent_id].append(comment)
    # Depth-first from the roots; a reply whose parent is not shown is never reached.
    order: list[Comment] = []
    stack = list(reversed(replies[None]))
    while stack:
        comment = stack.pop()
        order.append(comment)
        stack.extend(reversed(replies[comment.id]))
    nodes: dict[int, CommentNode] = {}
    for comment in reversed(order):  # children are built before their parents
        children = tuple(nodes[child.id] for child in replies[comment.id])
        nodes[comment.id] = _node(comment, children, include_private)
    return tuple(nodes[root.id] for root in replies[None])


def _node(comment: Comment, replies: tuple[CommentNode, ...], include_private: bool) -> CommentNode:
    return CommentNode(
        id=comment.id,
        article_id=comment.article_id,
        parent_id=comment.parent_id,
        author=comment.author_name,
        body=comment.body,
        posted_at=comment.posted_at,
        status=comment.status,
        replies=replies,
        email=comment.author_email if include_private else None,
        includes_private=include_private,
    )


def _check_status(status: str) -> None:
    if status not in COMMENT_STATUSES:
        raise InvalidInput(
            f"unknown comment status {status!r}: use one of {', '.join(COMMENT_STATUSES)}"
        )


def _check_email(email: str | None) -> str | None:
    if email is None:
        return None
    address = check_text(email, "e-mail address").strip()
    if not address:
        return None
    if len(address) > MAX_EMAIL_LENGTH or "@" not in address or any(c.isspace() for c in address):
        # Not echoed: even a mistyped address is someone's, and errors end up in logs.
        raise InvalidInput(
            f"not an e-mail address (it needs an @, no spaces and at most {MAX_EMAIL_LENGTH} "
            "characters)"
        )
    return address


def _subtree(comment_id: int) -> Select[int]:
    """The comment and all replies below it, through a recursive CTE."""
    tree = select(Comment.id).where(Comment.id == comment_id).cte("subtree", recursive=True)
    tree = tree.union_all(select(Comment.id).join(tree, Comment.parent_id == tree.c.id))
    return select(tree.c.id)


def _hidden_ancestor(comment: Comment) -> Select[int, str]:
    """The nearest hidden or spam comment above this one: a thread shows nothing under it."""
    chain = (
        select(Comment.id, Comment.parent_id, Comment.status, literal(1).label("depth"))
        .where(Comment.id == comment.parent_id)
        .cte("ancestors", recursive=True)
    )
    chain = chain.union_all(
        select(Comment.id, Comment.parent_id, Comment.status, chain.c.depth + 1).join(
            chain, Comment.id == chain.c.parent_id
        )
    )
    return (
        select(chain.c.id, chain.c.status)
        .where(chain.c.status.in_(HIDDEN_STATUSES))
        .order_by(chain.c.depth)
        .limit(1)
    )


def _all_counts(ids: Sequence[int]) -> Select[int, int]:
    return (
        select(Comment.article_id, func.count())
        .where(Comment.article_id.in_(ids))
        .group_by(Comment.article_id)
    )


def _visible_counts(ids: Sequence[int]) -> Select[int, int]:
    """Counts what a thread shows: shown comments whose every ancestor is shown."""
    visible: ColumnElement[bool] = Comment.status.in_(VISIBLE_STATUSES)
    shown = (
        select(Comment.id, Comment.article_id)
        .where(Comment.article_id.in_(ids), Comment.parent_id.is_(None), visible)
        .cte("shown", recursive=True)
    )
    shown = shown.union_all(
        select(Comment.id, Comment.article_id)
        .join(shown, Comment.parent_id == shown.c.id)
        .where(visible)
    )
    return select(shown.c.article_id, func.count()).group_by(shown.c.article_id)
