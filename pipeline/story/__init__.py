"""Consolidation across articles: ``merge`` joins actors, events, quotes and agreements of
several outlets' coverage into stories (one module per pass: ``actors``, ``grouping``,
``events``, ``quotes``, ``agreements``) and ``claims`` reports where the sources disagree.

Reads extraction JSONL only; never reaches back into extraction.
"""
