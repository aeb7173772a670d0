"""Dutch full-text search over the catalogue: a derived tantivy index that follows the change feed.

Modules: `analysis` (Dutch text → tokens), `lexicon` (word lists), `documents` (dataset → search
document), `index` (tantivy on disk, writer lock, feed position), `follower` (the change-feed
follower registered as "search"), `query` (user text and filters → tantivy query), `facets`
(counts from the index), `labels` (facet labels), `service` (`GET /v1/datasets`).

For other services (vraagsturing), the lower-level entry point:

    search_ids(index: SearchIndex, text: str | list[str] | None, filters: Filters | None = None,
               limit: int = 50) -> list[tuple[str, float]]

    - `index`: the running API's index, `request.app.state.followers["search"].index`
      (or `SearchIndex(index_dir(settings))` outside the API).
    - `text`: a str is a user query (all words must match; "phrases" and prefix* allowed);
      a list[str] is a set of expanded alternatives (synonyms, narrower terms): any may match,
      and documents matching more of them score higher.
    - `filters`: `Filters(publisher=["pv25"], theme=[<IRI>], ...)`, or build one from query-style
      values with `filters_of(publisher=[...], theme=["AGRI"], ...)`.
    - returns (dataset id, BM25 score with field boosts), best first.
"""

from app.services.search.index import SearchIndex, index_dir
from app.services.search.query import Filters
from app.services.search.service import SearchRequest, filters_of, search_datasets, search_ids

__all__ = ["Filters", "SearchIndex", "SearchRequest", "filters_of", "index_dir", "search_datasets", "search_ids"]
