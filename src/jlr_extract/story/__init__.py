"""The story view (story-v1.md): one story across many articles, with agreements and conflicts.

    build_story(records, articles) -> dict      merge v1 records into the story document
    StoryInputs.gather(paths, stdin)             record streams and article inputs
    write_json / render_table / render_html      the three views
"""

from .inputs import StoryInputs
from .merge import build_story
from .render import render_table, write_json

__all__ = ["StoryInputs", "build_story", "render_table", "write_json", "render_html"]


def render_html(document, texts=None) -> str:
    """The self-contained HTML page of a story document (see html.py)."""
    from .html import render_html as _render

    return _render(document, texts)
