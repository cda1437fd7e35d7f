"""Consolidation across articles: ``merge`` joins actors, events and quotes of several outlets'
coverage into stories and ``claims`` reports where the sources disagree.

Reads extraction JSONL only; never reaches back into extraction.
"""
