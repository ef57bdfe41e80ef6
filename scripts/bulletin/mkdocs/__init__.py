"""The MkDocs adapter: plugin events, options schema, Markdown extension, templates, preview."""
