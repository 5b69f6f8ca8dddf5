"""The story HTML page in a real headless browser (Debian's `chromium`), network disabled.

Skipped, with the reason shown (pytest -rs), when no Chromium is installed:
`apt-get install -y chromium` (README, "Story view").
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jlr_extract.story import render_html

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
GOLDEN_STORY = ROOT / "tests" / "golden" / "story" / "sample-story.json"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser():
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    document = json.loads(GOLDEN_STORY.read_text(encoding="utf-8"))
    texts = {p.stem: p.read_text(encoding="utf-8") for p in ARTICLES.glob("*.txt")}
    path = tmp_path_factory.mktemp("html") / "story.html"
    path.write_text(render_html(document, texts), encoding="utf-8")
    return path, document


def _run(browser, profile, *args, timeout=120):
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def test_page_is_self_contained(page):
    html = page[0].read_text(encoding="utf-8")
    assert not re.search(r"(?i)\b(src|href)\s*=|url\(|@import|https?://", html)
    assert html.count("<script") == 2  # the details data and the inline script, nothing loaded


def test_page_draws_one_mark_per_event_value_in_chromium(page, tmp_path):
    browser = _browser()
    if browser is None:
        pytest.skip("no Chromium installed (apt-get install -y chromium): HTML page not checked in a browser")
    path, document = page
    values = sum(len(e["values"]) for e in document["events"])
    assert values > 0
    dom = _run(browser, tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom", path.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    drawn = re.search(r'data-marks-drawn="(\d+)"', dom.stdout)
    assert drawn, "the page script did not run"
    assert int(drawn.group(1)) == values
    assert dom.stdout.count('class="mark"') == values
    conflicts = [e for e in document["events"] if e["status"] == "conflict"]
    assert dom.stdout.count('class="row conflict"') == len(conflicts)
    shot = tmp_path / "story.png"
    result = _run(browser, tmp_path / "profile2", "--window-size=1100,1400", f"--screenshot={shot}", path.as_uri())
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_clicked_mark_shows_its_sentences(page, tmp_path):
    browser = _browser()
    if browser is None:
        pytest.skip("no Chromium installed (apt-get install -y chromium): HTML page not checked in a browser")
    path, document = page
    entry = next(e for e in document["events"] if e["status"] == "conflict")
    mention = next(m for m in entry["mentions"] if m["value"] == 0)
    dom = _run(browser, tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom",
               path.as_uri() + f"#show={entry['id']}-0")
    panel = re.search(r'<div id="detail"[^>]*>(.*?)</div>', dom.stdout, re.S)
    assert panel and mention["text"] in panel.group(1)
    text = (ARTICLES / f"{mention['article']}.txt").read_text(encoding="utf-8")
    words = text[mention["end"]: mention["end"] + 40].split()[:3]
    assert all(w.replace("&", "&amp;") in panel.group(1) for w in words)  # the sentence around it
