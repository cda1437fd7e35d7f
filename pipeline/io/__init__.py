"""Reading and writing files: articles in (``articles``: files, folders, JSONL, HTML, stdin, with
``files`` for which files are read, ``decode`` for bytes to text and ``ids`` for the given-id
survey) and output locations (``shards``: a JSONL file or a Ray engine's folder of shards).

Imports nothing above ``text`` and ``core``: every later stage reads through here.
"""
