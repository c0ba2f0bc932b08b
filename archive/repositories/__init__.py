"""Repositories: the archive's query API, one class per aggregate over one Session.

They build select() statements and return frozen results; they never commit and never open
a session. Use them through `archive.unit_of_work.open_archive`, or on a Session you own.
"""

from archive.repositories.agencies import AgencyRepository
from archive.repositories.articles import ArticleRepository
from archive.repositories.authors import AuthorRepository
from archive.repositories.comments import CommentRepository
from archive.repositories.filters import ArticleFilters
from archive.repositories.people import PersonRepository
from archive.repositories.quotes import QuoteRepository
from archive.repositories.results import (
    AgencyInfo,
    AgencyLink,
    ArticleDetail,
    ArticlePage,
    ArticleSummary,
    AuthorInfo,
    CommentNode,
    ImageInfo,
    PersonInfo,
    PersonLink,
    QuoteHit,
    QuoteInfo,
    SearchHit,
    SpeakerCount,
)

__all__ = [
    "AgencyInfo",
    "AgencyLink",
    "AgencyRepository",
    "ArticleDetail",
    "ArticleFilters",
    "ArticlePage",
    "ArticleRepository",
    "ArticleSummary",
    "AuthorInfo",
    "AuthorRepository",
    "CommentNode",
    "CommentRepository",
    "ImageInfo",
    "PersonInfo",
    "PersonLink",
    "PersonRepository",
    "QuoteHit",
    "QuoteInfo",
    "QuoteRepository",
    "SearchHit",
    "SpeakerCount",
]
