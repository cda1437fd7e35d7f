"""Foundations every stage shares: the error hierarchy (``errors``), nothing else.

The library raises these and never exits; only ``pipeline.cli`` turns them into
a one-line message and an exit code.
"""
