"""Reading and writing files: articles in (``articles``: files, folders, JSONL, HTML, stdin)
and output locations (``shards``: a JSONL file or a Ray engine's folder of shards).

Imports nothing above ``text`` and ``core``: every later stage reads through here.
"""
