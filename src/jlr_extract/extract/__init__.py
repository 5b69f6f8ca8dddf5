"""One module per fact type. Each exposes `extract(doc, context) -> Iterable[Fact]`.

`doc` is the parsed article body (the header line is not part of it); fact offsets are
character offsets into `doc.text`. The pipeline turns them into article offsets, fills
`text`, `sentence` and `article`, and sorts.
"""
