"""The offline extractor: generic news-English rules for actors, quotes, events and agreements.

``backend.HeuristicBackend`` puts it behind the ``Backend`` seam; ``extractor.extract_drafts``
is the pure function under it.
"""
