"""Ways to run many articles through ``extract.article``: in one process (``local``, with
``ordered`` output), in worker processes (``workers``), on Ray (``ray_cluster``) or through the
OpenAI Batch API (``batch_api``); ``summary`` counts what a run did.
"""
