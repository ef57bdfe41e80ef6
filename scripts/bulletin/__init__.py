"""Static site generator for campaign columns (专项行动专栏): numbered bulletin issues."""
