"""Exact Chinese search: a positional character-bigram index in date-ordered segments,
written as static files and queried by overrides/assets/bulletin/search.js.

Why not a word index: word segmenters (jieba, the browser's Intl.Segmenter) cut the same phrase
differently in a document and in a query, so a reader who types a phrase that is in an article may
not find it. Indexing every pair of adjacent characters with its position, and matching a query's
pairs at consecutive positions, finds exactly the articles that contain the phrase (the method of
Lucene's CJK analyser and pg_bigm). Text and queries are folded the same way first.
"""

from .fold import fold, fold_char, t2s_table
from .index import index_files, write_column_indexes, write_search_index, write_site_search
from .records import SearchDoc, plain_text, search_docs, site_docs, with_policies

__all__ = [
    "SearchDoc",
    "fold",
    "fold_char",
    "index_files",
    "plain_text",
    "search_docs",
    "site_docs",
    "t2s_table",
    "with_policies",
    "write_column_indexes",
    "write_search_index",
    "write_site_search",
]
