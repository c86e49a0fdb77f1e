"""The product's front doors: the Litestar HTTP API and the ``saveworthy`` CLI."""
