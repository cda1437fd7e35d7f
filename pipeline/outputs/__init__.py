"""Where records go after extraction: database export (``export`` over the ``tables`` derived
from the models) and the HTML review page (``review``).

Reads extraction and merge output only.
"""
