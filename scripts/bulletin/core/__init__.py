"""The column's core: reading, validating and indexing editors' files. Imports no MkDocs,
Markdown or Jinja (a test enforces it), so `bulletin check` and unit tests run without them."""
