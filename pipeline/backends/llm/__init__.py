"""The model backend: instructor over any OpenAI-compatible endpoint (``client``), with its
response cache, rate limiter and instructor memoisation.
"""
