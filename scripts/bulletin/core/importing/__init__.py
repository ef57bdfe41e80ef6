"""Bringing bulletins in as editors have them: Word documents and pages of an old column.

Each reader turns its input into the neutral `SourceDocument` (paragraphs, tables, pictures);
`structure` recognises an issue in it (masthead, 编者按, articles, 来源, 版记) and `writer`
renders that issue as the contract's Markdown file. Nothing here imports MkDocs or Markdown.
"""
