"""The model backend: instructor over any OpenAI-compatible endpoint (``client``), with
``transport`` (failures and server dialects), ``answers`` (the JSON of an answer), its
response cache, rate limiter and instructor memoisation.
"""
