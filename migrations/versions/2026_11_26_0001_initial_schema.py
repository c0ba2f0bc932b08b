"""Initial schema: articles and everything that hangs off them.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 07:39:59.469063+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# 64-bit keys on PostgreSQL; SQLite's INTEGER PRIMARY KEY is already 64-bit (the rowid).
BIGINT_KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", BIGINT_KEY, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("short_name", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "kind IN ('wire_service', 'state_agency', 'broadcaster', 'newspaper', 'other')",
            name=op.f("ck_agencies_kind_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("name", name=op.f("uq_agencies_name")),
    )
    op.create_table(
        "articles",
        sa.Column("id", BIGINT_KEY, autoincrement=True, nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("byline", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dateline", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(length=300), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("canonical_url", sa.Text(), nullable=True),
        sa.Column("source_key", sa.Text(), nullable=True),
        sa.Column("source_format", sa.String(length=16), nullable=False),
        sa.Column("source_encoding", sa.String(length=40), nullable=True),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column(
            "removed_boilerplate",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "source_format IN ('text', 'html', 'json')",
            name=op.f("ck_articles_source_format_known"),
        ),
        sa.CheckConstraint(
            "length(content_hash) = 64", name=op.f("ck_articles_content_hash_sha256")
        ),
        sa.CheckConstraint("length(slug) > 0", name=op.f("ck_articles_slug_not_empty")),
        sa.CheckConstraint("word_count >= 0", name=op.f("ck_articles_word_count_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("canonical_url", name=op.f("uq_articles_canonical_url")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_articles_content_hash")),
        sa.UniqueConstraint("slug", name=op.f("uq_articles_slug")),
        sa.UniqueConstraint("source_key", name=op.f("uq_articles_source_key")),
        sa.UniqueConstraint("url", name=op.f("uq_articles_url")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index("ix_articles_published_at_id", ["published_at", "id"], unique=False)

    op.create_table(
        "authors",
        sa.Column("id", BIGINT_KEY, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("normalized_name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "kind IN ('person', 'desk', 'collective')", name=op.f("ck_authors_kind_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authors")),
        sa.UniqueConstraint("normalized_name", name=op.f("uq_authors_normalized_name")),
    )
    op.create_table(
        "people",
        sa.Column("id", BIGINT_KEY, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("normalized_name", sa.String(length=300), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("normalized_name", name=op.f("uq_people_normalized_name")),
    )
    op.create_table(
        "agency_aliases",
        sa.Column("id", BIGINT_KEY, autoincrement=True, nullable=False),
        sa.Column("agency_id", BIGINT_KEY, nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("normalized_alias", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_agency_aliases_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_aliases")),
        sa.UniqueConstraint("normalized_alias", name=op.f("uq_agency_aliases_normalized_alias")),
    )
    with op.batch_alter_table("agency_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agency_aliases_agency_id"), ["agency_id"], unique=False
        )

    op.create_table(
        "article_agencies",
        sa.Column("article_id", BIGINT_KEY, nullable=False),
        sa.Column("agency_id", BIGINT_KEY, nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "role IN ('credit', 'photo', 'source', 'mentioned')",
            name=op.f("ck_article_agencies_role_known"),
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_article_agencies_agency_id_agencies"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_agencies_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "article_id", "agency_id", "role", name=op.f("pk_article_agencies")
        ),
    )
    with op.batch_alter_table("article_agencies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_article_agencies_agency_id_role", ["agency_id", "role"], unique=False
        )

    op.create_table(
        "article_authors",
        sa.Column("article_id", BIGINT_KEY, nullable=False),
        sa.Column("author_id", BIGINT_KEY, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_authors_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["authors.id"],
            name=op.f("fk_article_authors_author_id_authors"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("article_id", "author_id", name=op.f("pk_article_authors")),
        sa.UniqueConstraint(
            "article_id", "position", name=op.f("uq_article_authors_article_id_position")
        ),
    )
    with op.batch_alter_table("article_authors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_authors_author_id"), ["author_id"], unique=False
        )

    op.create_table(
        "article_people",
        sa.Column("article_id", BIGINT_KEY, nullable=False),
        sa.Column("person_id", BIGINT_KEY, nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "role IN ('quoted', 'mentioned')", name=op.f("ck_article_people_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_people_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_article_people_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("article_id", "person_id", name=op.f("pk_article_people")),
    )
    with op.batch_alter_table("article_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_people_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "comments",
        sa.Column("id", BIGINT_KEY, autoincrement=True, nullable=False),
        sa.Column("article_id", BIGINT_KEY, nullable=False),
        sa.Column("parent_id", BIGINT_KEY, nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("author_email", sa.String(length=320), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'hidden', 'spam')",
            name=op.f("ck_comments_status_known"),
        ),
        sa.CheckConstraint("length(body) <= 10000", name=op.f("ck_comments_body_within_limit")),
        sa.CheckConstraint("length(body) > 0", name=op.f("ck_comments_body_not_empty")),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_comments_not_own_parent")
        ),
        sa.ForeignKeyConstraint(
            ["article_id", "parent_id"],
            ["comments.article_id", "comments.id"],
            name="fk_comments_parent_same_article",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_comments_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
        sa.UniqueConstraint("article_id", "id", name=op.f("uq_comments_article_id_id")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_comments_article_id_posted_at", ["article_id", "posted_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_comments_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "images",
        sa.Column("id", BIGINT_KEY, autoincrement=True, nullable=False),
        sa.Column("article_id", BIGINT_KEY, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("credit", sa.Text(), nullable=True),
        sa.Column("credit_agency_id", BIGINT_KEY, nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_images_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["credit_agency_id"],
            ["agencies.id"],
            name=op.f("fk_images_credit_agency_id_agencies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_images")),
        sa.UniqueConstraint("article_id", "position", name=op.f("uq_images_article_id_position")),
    )
    with op.batch_alter_table("images", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_images_credit_agency_id"), ["credit_agency_id"], unique=False
        )

    op.create_table(
        "person_aliases",
        sa.Column("id", BIGINT_KEY, autoincrement=True, nullable=False),
        sa.Column("person_id", BIGINT_KEY, nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("normalized_alias", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_aliases_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_aliases")),
        sa.UniqueConstraint("normalized_alias", name=op.f("uq_person_aliases_normalized_alias")),
    )
    with op.batch_alter_table("person_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_aliases_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "quotes",
        sa.Column("id", BIGINT_KEY, autoincrement=True, nullable=False),
        sa.Column("article_id", BIGINT_KEY, nullable=False),
        sa.Column("speaker_id", BIGINT_KEY, nullable=True),
        sa.Column("via_agency_id", BIGINT_KEY, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("cue", sa.String(length=40), nullable=True),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('direct', 'partial', 'scare')", name=op.f("ck_quotes_kind_known")
        ),
        sa.CheckConstraint("paragraph >= 0", name=op.f("ck_quotes_paragraph_not_negative")),
        sa.CheckConstraint("start_offset < end_offset", name=op.f("ck_quotes_start_before_end")),
        sa.CheckConstraint("start_offset >= 0", name=op.f("ck_quotes_start_not_negative")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_quotes_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["people.id"],
            name=op.f("fk_quotes_speaker_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["via_agency_id"],
            ["agencies.id"],
            name=op.f("fk_quotes_via_agency_id_agencies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        sa.UniqueConstraint(
            "article_id", "start_offset", name=op.f("uq_quotes_article_id_start_offset")
        ),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_speaker_id"), ["speaker_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_quotes_via_agency_id"), ["via_agency_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_via_agency_id"))
        batch_op.drop_index(batch_op.f("ix_quotes_speaker_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("person_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_aliases_person_id"))

    op.drop_table("person_aliases")
    with op.batch_alter_table("images", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_images_credit_agency_id"))

    op.drop_table("images")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_parent_id"))
        batch_op.drop_index("ix_comments_article_id_posted_at")

    op.drop_table("comments")
    with op.batch_alter_table("article_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_people_person_id"))

    op.drop_table("article_people")
    with op.batch_alter_table("article_authors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_authors_author_id"))

    op.drop_table("article_authors")
    with op.batch_alter_table("article_agencies", schema=None) as batch_op:
        batch_op.drop_index("ix_article_agencies_agency_id_role")

    op.drop_table("article_agencies")
    with op.batch_alter_table("agency_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_aliases_agency_id"))

    op.drop_table("agency_aliases")
    op.drop_table("people")
    op.drop_table("authors")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_published_at_id")

    op.drop_table("articles")
    op.drop_table("agencies")
