"""Fakes for tests and demos, kept out of the production stages: an OpenAI-compatible mock
model server (``mock_server``, behind ``newsfacts mock-llm``) and a Batch API fake (``mock_batch``).

Only tests and the ``mock-llm`` command import this package.
"""
