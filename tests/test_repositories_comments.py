"""CommentRepository: threads in posting order, posting and replying, moderation, counts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from archive.errors import ArticleNotFound, CommentNotFound, InvalidInput
from archive.models import MAX_COMMENT_LENGTH, Article
from archive.repositories import ArticleRepository, CommentNode, CommentRepository
from tests.builders import build_article, build_comment

T0 = datetime(2021, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def comments(session: Session) -> CommentRepository:
    return CommentRepository(session)


@dataclass
class Thread:
    article: int
    other_article: int
    ids: dict[str, int]


@pytest.fixture
def thread(session: Session) -> Thread:
    """first ─ reply ─ reply-to-reply; second (spam reply under it); hidden ─ its reply.

    Posted out of order, with two comments at the same moment (id breaks the tie).
    """
    article = build_article(session, slug="with-comments")
    other = build_article(session, slug="other-article")

    def at(minutes: int) -> datetime:
        return T0 + timedelta(minutes=minutes)

    second = build_comment(session, article, body="Second", posted_at=at(10))
    first = build_comment(session, article, body="First", posted_at=at(0), email="a@example.org")
    hidden = build_comment(session, article, body="Hidden", posted_at=at(5), status="hidden")
    reply = build_comment(session, article, first, body="Reply", posted_at=at(20))
    tie = build_comment(session, article, first, body="Tie", posted_at=at(20), status="pending")
    build_comment(session, article, reply, body="Deeper", posted_at=at(30))
    build_comment(session, article, second, body="Spam", posted_at=at(11), status="spam")
    build_comment(session, article, hidden, body="Under hidden", posted_at=at(6))
    build_comment(session, other, body="Elsewhere", posted_at=at(1))
    ids = {c.body: c.id for c in (first, second, hidden, reply, tie)}
    session.expunge_all()
    return Thread(article.id, other.id, ids)


def shape(nodes: tuple[CommentNode, ...]) -> list[object]:
    return [(node.body, shape(node.replies)) if node.replies else node.body for node in nodes]


def test_a_thread_is_a_tree_in_posting_order_without_hidden_or_spam(
    comments: CommentRepository, thread: Thread
) -> None:
    shown = comments.thread("with-comments")
    assert shape(shown) == [("First", [("Reply", ["Deeper"]), "Tie"]), "Second"]
    assert comments.count(thread.article) == 5
    assert shown[0].replies[0].parent_id == thread.ids["First"]


def test_moderators_see_everything(comments: CommentRepository, thread: Thread) -> None:
    everything = comments.thread(thread.article, include_hidden=True)
    assert shape(everything) == [
        ("First", [("Reply", ["Deeper"]), "Tie"]),
        ("Hidden", ["Under hidden"]),
        ("Second", ["Spam"]),
    ]
    assert comments.count(thread.article, include_hidden=True) == 8


def test_counts_per_article_match_the_threads(comments: CommentRepository, thread: Thread) -> None:
    empty = 10**12
    assert comments.counts([thread.article, thread.other_article, empty]) == {
        thread.article: 5,
        thread.other_article: 1,
        empty: 0,
    }
    assert comments.counts([thread.article], include_hidden=True) == {thread.article: 8}
    detail = ArticleRepository(comments.session).get(thread.article)
    assert detail.comment_count == 5
    assert shape(detail.comments) == shape(comments.thread(thread.article))


def test_the_email_is_private(comments: CommentRepository, thread: Thread) -> None:
    public = comments.thread(thread.article)
    assert public[0].email is None
    assert "a@example.org" not in json.dumps([node.to_dict() for node in public])
    assert "email" not in public[0].to_dict()
    private = comments.thread(thread.article, include_private=True)
    assert private[0].to_dict()["email"] == "a@example.org"
    assert private[0].to_dict()["replies"][0]["email"] is None
    assert "a@example.org" not in repr(private)
    assert comments.get(thread.ids["First"]).email is None
    assert comments.get(thread.ids["First"], include_private=True).email == "a@example.org"


def test_add_a_comment_and_a_reply(
    session: Session, comments: CommentRepository, thread: Thread
) -> None:
    added = comments.add(
        "with-comments",
        author="  Ann  ",
        body="\n  Well put, “typos” and all: teh end.  \n",
        email="ann@example.org",
        posted_at=T0 + timedelta(hours=5),
    )
    assert (added.author, added.body, added.status) == (
        "Ann",
        "Well put, “typos” and all: teh end.",
        "pending",
    )
    reply = comments.add(thread.article, author="Bo", body="Agreed.", reply_to=added.id)
    assert reply.parent_id == added.id
    assert reply.posted_at.tzinfo is not None
    session.expunge_all()
    tree = comments.thread(thread.article, include_private=True)
    assert shape(tree)[-1] == ("Well put, “typos” and all: teh end.", ["Agreed."])
    assert tree[-1].email == "ann@example.org"


LONG = "x" * (MAX_COMMENT_LENGTH + 1)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"body": "   \n\t "}, InvalidInput, "comment body is empty"),
        ({"body": ""}, InvalidInput, "comment body is empty"),
        (
            {"body": LONG},
            InvalidInput,
            f"comment body is {MAX_COMMENT_LENGTH + 1} characters long; "
            f"the limit is {MAX_COMMENT_LENGTH}",
        ),
        ({"author": "  "}, InvalidInput, "comment author is empty"),
        # A name is one line: a line break let a name forge a comment in `archive comments`.
        (
            {"author": "Ann\n#99 Admin · 2026-01-01 00:00 UTC · approved"},
            InvalidInput,
            "comment author contains a line break or control character",
        ),
        (
            {"author": "Ann\u2028Bo"},
            InvalidInput,
            "comment author contains a line break or control character",
        ),
        (
            {"author": "Ann\x1b[2J"},
            InvalidInput,
            "comment author contains a line break or control character",
        ),
        ({"body": "bad\x00byte"}, InvalidInput, "comment body contains a NUL character"),
        ({"body": "half \ud800 pair"}, InvalidInput, "comment body is not valid Unicode text"),
        (
            {"email": "not an address"},
            InvalidInput,
            "not an e-mail address (it needs an @, no spaces and at most 320 characters)",
        ),
        (
            {"status": "deleted"},
            InvalidInput,
            "unknown comment status 'deleted': use one of pending, approved, hidden, spam",
        ),
        (
            {"posted_at": datetime(2021, 1, 1)},
            InvalidInput,
            "posted_at must carry a time zone (e.g. datetime.now(UTC))",
        ),
        ({"reply_to": 10**12}, CommentNotFound, "no comment with id 1000000000000"),
        (
            {"article": "no-such-article"},
            ArticleNotFound,
            "no article with id or slug 'no-such-article'",
        ),
    ],
)
def test_bad_comments_are_refused_and_nothing_is_written(
    comments: CommentRepository,
    thread: Thread,
    kwargs: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    values: dict[str, object] = {"article": thread.article, "author": "Ann", "body": "Fine."}
    values.update(kwargs)
    article = values.pop("article")
    with pytest.raises(error) as raised:
        comments.add(article, **values)  # type: ignore[arg-type]
    assert str(raised.value) == message
    assert comments.count(thread.article, include_hidden=True) == 8


def test_a_body_at_the_limit_is_accepted(comments: CommentRepository, thread: Thread) -> None:
    added = comments.add(thread.article, author="Ann", body="y" * MAX_COMMENT_LENGTH)
    assert len(added.body) == MAX_COMMENT_LENGTH


def test_a_reply_must_be_on_the_same_article(comments: CommentRepository, thread: Thread) -> None:
    first = thread.ids["First"]
    with pytest.raises(InvalidInput) as raised:
        comments.add(thread.other_article, author="Ann", body="Hi", reply_to=first)
    assert str(raised.value) == (
        f"comment {first} belongs to article {thread.article}, not to article "
        f"{thread.other_article}: a reply must be on the same article"
    )
    hidden = thread.ids["Hidden"]
    with pytest.raises(InvalidInput, match=f"comment {hidden} is hidden"):
        comments.add(thread.article, author="Ann", body="Hi", reply_to=hidden)


def test_a_reply_under_a_hidden_comment_is_refused(
    session: Session, comments: CommentRepository, thread: Thread
) -> None:
    """Its parent is shown, but not in any thread: the reply would vanish as it was posted."""
    (hidden,) = (
        node
        for node in comments.thread(thread.article, include_hidden=True)
        if node.body == "Hidden"
    )
    under = hidden.replies[0].id
    with pytest.raises(InvalidInput) as raised:
        comments.add(thread.article, author="Ann", body="Hi", reply_to=under)
    assert str(raised.value) == (
        f"comment {under} is under comment {hidden.id}, which is hidden: "
        "replies go to shown comments"
    )
    comments.mark_spam(thread.ids["First"])
    deeper = comments.add(thread.article, author="Bo", body="Hi", reply_to=thread.ids["Second"])
    with pytest.raises(InvalidInput, match=f"under comment {thread.ids['First']}, which is spam"):
        comments.add(thread.article, author="Ann", body="Hi", reply_to=thread.ids["Reply"])
    comments.approve(thread.ids["First"])
    session.expunge_all()
    reply = comments.add(thread.article, author="Ann", body="Hi", reply_to=thread.ids["Reply"])
    assert reply.parent_id == thread.ids["Reply"]
    assert deeper.parent_id == thread.ids["Second"]


def test_moderation_changes_what_the_thread_shows(
    session: Session, comments: CommentRepository, thread: Thread
) -> None:
    assert comments.approve(thread.ids["Tie"]).status == "approved"
    assert comments.hide(thread.ids["First"]).status == "hidden"
    session.expunge_all()
    assert shape(comments.thread(thread.article)) == ["Second"]
    assert comments.count(thread.article) == 1
    assert comments.set_status(thread.ids["Hidden"], "approved").status == "approved"
    assert comments.mark_spam(thread.ids["Second"]).status == "spam"
    session.expunge_all()
    assert shape(comments.thread(thread.article)) == [("Hidden", ["Under hidden"])]
    with pytest.raises(InvalidInput, match="unknown comment status 'gone'"):
        comments.set_status(thread.ids["First"], "gone")
    with pytest.raises(CommentNotFound, match="no comment with id 0"):
        comments.approve(0)


def test_deleting_a_comment_deletes_the_replies_below_it(
    session: Session, comments: CommentRepository, thread: Thread
) -> None:
    assert comments.delete(thread.ids["First"]) == 4  # itself, Reply, Deeper, Tie
    for key in ("First", "Reply", "Tie"):
        with pytest.raises(CommentNotFound):
            comments.get(thread.ids[key])
    assert shape(comments.thread(thread.article, include_hidden=True)) == [
        ("Hidden", ["Under hidden"]),
        ("Second", ["Spam"]),
    ]
    assert comments.delete(thread.ids["Second"]) == 2
    with pytest.raises(CommentNotFound):
        comments.delete(thread.ids["Second"])
    assert session.get(Article, thread.article) is not None


def test_a_thread_deeper_than_python_recurses(
    session: Session, comments: CommentRepository
) -> None:
    article = build_article(session)
    parent = None
    for depth in range(1500):
        parent = build_comment(
            session, article, parent, body=f"Level {depth}", posted_at=T0 + timedelta(seconds=depth)
        )
    session.expunge_all()
    (root,) = comments.thread(article.id)
    assert len(root.walk()) == 1500
    assert comments.count(article.id) == 1500
    exported = root.to_dict()
    for _ in range(1499):
        exported = exported["replies"][0]
    assert exported["body"] == "Level 1499"
