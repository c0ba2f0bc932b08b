"""Every model, imported here so that Alembic and the tests see the whole schema."""

from archive.models.agency import AGENCY_KINDS, AGENCY_ROLES, Agency, AgencyAlias, ArticleAgency
from archive.models.article import SOURCE_FORMATS, Article
from archive.models.author import AUTHOR_KINDS, ArticleAuthor, Author
from archive.models.base import Base
from archive.models.comment import COMMENT_STATUSES, MAX_COMMENT_LENGTH, Comment
from archive.models.image import Image
from archive.models.person import PERSON_ROLES, ArticlePerson, Person, PersonAlias
from archive.models.quote import QUOTE_KINDS, Quote

__all__ = [
    "AGENCY_KINDS",
    "AGENCY_ROLES",
    "AUTHOR_KINDS",
    "COMMENT_STATUSES",
    "MAX_COMMENT_LENGTH",
    "PERSON_ROLES",
    "QUOTE_KINDS",
    "SOURCE_FORMATS",
    "Agency",
    "AgencyAlias",
    "Article",
    "ArticleAgency",
    "ArticleAuthor",
    "ArticlePerson",
    "Author",
    "Base",
    "Comment",
    "Image",
    "Person",
    "PersonAlias",
    "Quote",
]
