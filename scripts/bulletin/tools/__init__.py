"""The commands: `bulletin` (cli), `scripts/publish`, `python -m bulletin.tools.linkcheck`."""
