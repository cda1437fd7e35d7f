"""Text primitives with no knowledge of records: cleaning and boilerplate (``clean``), chunking,
sentences and quotation marks (``sentences``), dates and names.

Everything works on character offsets into the original article.
"""
