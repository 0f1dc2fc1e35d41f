"""Full-text search in the request's language, with that language's stemming.

Wagtail's database search backend builds one set of PostgreSQL text-search
vectors per page, with one configuration for the whole index (its
``SEARCH_CONFIG``, English here): a Spanish reader's "depresión" would not
find a page that only says "depresiones". A second backend entry with
``SEARCH_CONFIG = "spanish"`` is no way out: every database backend writes
the same index table, one row per object (an upsert on content type and
object id), so two backends would overwrite each other's vectors.

So the vectors are built when searching instead, with the language's own
configuration (``SEARCH_LANGUAGE_CONFIGS``: "english", "spanish"), from the
plain text Wagtail's PostgreSQL backend keeps beside its vectors for each
indexed page (the title and the body text of the page's ``search_fields``,
reached through the ``index_entries`` relation the backend gives every
indexed model). The search stays scoped to the language's tree by the
caller (core.views.search_scope), and what is indexed stays what Wagtail
indexes: publishing a page updates it as before.

Building the vectors per search is fine for a site of a few hundred pages
(each search reads the text of one language's live pages); a far larger
site would store one vector column per language instead.

On another database (SQLite for ``make run``) or a language without a
configuration, Wagtail's own search is used unchanged.
"""

from django.conf import settings
from django.db import connections


def language_config(pages, language):
    """The PostgreSQL text-search configuration for ``language``, or None
    where per-language search does not apply (another database, a language
    without one)."""
    if connections[pages.db].vendor != "postgresql":
        return None
    return getattr(settings, "SEARCH_LANGUAGE_CONFIGS", {}).get(language)


def search_pages(pages, query, language):
    """``pages`` (a page queryset, already narrowed to the language's tree)
    matching ``query``, best first: titles weigh more than body text.
    Words are stemmed in ``language`` ("depresión" finds "depresiones");
    the query reads as a web search (quoted phrases, "-word", "or")."""
    config = language_config(pages, language)
    if config is None:
        return pages.search(query)
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("index_entries__title_text", weight="A", config=config) + SearchVector(
        "index_entries__body_text", weight="B", config=config
    )
    wanted = SearchQuery(query, config=config, search_type="websearch")
    return (
        pages.annotate(search_vector=vector)
        .filter(search_vector=wanted)
        .annotate(search_rank=SearchRank(vector, wanted))
        .order_by("-search_rank", "path")
    )
