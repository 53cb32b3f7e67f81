"""Site-wide search: Arabic and English normalization, the query parser, two database backends, the page."""
