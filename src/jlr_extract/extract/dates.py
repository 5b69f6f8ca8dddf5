"""Stub: replaced by the real extractor."""


def extract(doc, context):
    return []
