"""The per-article core: settings, the ``Backend`` seam, the prompt, grounding (``ground``,
``resolve``, ``attribution``) and ``article``, which runs one article through
clean -> chunk -> backend -> ground -> validate.

Imports no backend and no engine: both come to it through ``backend.Backend``.
"""
