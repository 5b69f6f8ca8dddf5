"""The command line at a real terminal: the table and the progress bar, through a pseudo-terminal.

Each test runs `python -m jlr_extract` with some of its standard streams on the slave side of
a pty (so `isatty()` is true there, as for a person at a terminal) and reads what the
terminal would show from the master side.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

ARTICLE = (
    " date 2025-09-29 Acme Motors said on Monday it will reopen its factory in Leeds on "
    '1 October. "We are confident the restart of the whole plant and of its many suppliers will '
    'go smoothly and quickly," said Jane Doe, its chief executive. The stoppage has cost '
    "around £50 million.\n"
)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


def _run(args, *, tty_streams, columns=None, stdin_text=None, timeout=240):
    """Run the CLI with the named streams ("stdin", "stdout", "stderr") on one pty.

    Returns (exit code, what the terminal showed with escape codes removed, the other streams
    as captured bytes keyed by name).
    """
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    if columns:
        env["COLUMNS"] = str(columns)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    streams = {}
    for name in ("stdin", "stdout", "stderr"):
        streams[name] = slave if name in tty_streams else subprocess.PIPE
    if "stdin" not in tty_streams:
        streams["stdin"] = subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "jlr_extract", *map(str, args)], env=env, close_fds=True, **streams
    )
    os.close(slave)
    shown = b""
    sent = stdin_text is None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the slave side is closed: the process is done
                break
            if not chunk:
                break
            shown += chunk
        if not sent and b"Ctrl-D" in shown:
            os.write(master, stdin_text.encode() + b"\n\x04")
            sent = True
        if proc.poll() is not None and not ready:
            break
    captured = {}
    for name in ("stdout", "stderr"):
        pipe = getattr(proc, name)
        if pipe is not None:
            captured[name] = pipe.read()
    proc.wait(timeout=30)
    os.close(master)
    return proc.returncode, ANSI.sub("", shown.decode("utf-8", "replace")), captured


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"article-with-a-long-name-{i}.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.mark.parametrize("columns", [60, 80])
def test_table_at_a_terminal_fits_the_width(articles, columns):
    from rich.cells import cell_len

    code, shown, captured = _run(["extract", articles], tty_streams={"stdout"}, columns=columns)
    assert code == 0, captured
    lines = [line for line in shown.splitlines() if line.strip()]
    # A table (the default at a terminal), one section per article, ids never cut.
    headings = [line for line in lines if not line.startswith((" ", "("))]
    assert headings == [f"article-with-a-long-name-{i}  5 facts" for i in range(3)]
    assert lines[-1] == "(… = shortened; -f jsonl has the full texts)"
    facts = [line for line in lines if line.startswith("  ")]
    assert len(facts) == 15  # one line per fact
    assert max(cell_len(line.rstrip()) for line in lines) <= columns
    assert "True" not in shown and "partial" not in shown.split("quote", 1)[0]
    assert any(line.split()[0] == "quote" and "…" in line for line in facts)  # long quote shortened


def test_progress_bar_counts_articles_when_records_go_elsewhere(articles, tmp_path):
    out = tmp_path / "facts.jsonl"
    code, shown, captured = _run(["extract", "-o", out, articles], tty_streams={"stderr"}, columns=100)
    assert code == 0
    assert re.search(r"extracting .*\b3/3 articles", shown), shown
    assert "0/3" in shown  # drawn from the start with the right total
    assert len(out.read_text(encoding="utf-8").splitlines()) == 15


def test_no_progress_bar_on_the_terminal_that_shows_the_records(articles):
    code, shown, _ = _run(["extract", "-f", "jsonl", articles], tty_streams={"stdout", "stderr"}, columns=100)
    assert code == 0
    assert "extracting" not in shown and "/3" not in shown
    assert shown.count('"article"') == 15  # the records themselves, each on its own line
    assert "15 facts from 3 article(s)" in shown


def test_typed_stdin_is_announced_and_no_bar_is_drawn(tmp_path):
    out = tmp_path / "facts.jsonl"
    code, shown, _ = _run(
        ["extract", "-f", "jsonl", "-o", out, "-"], tty_streams={"stdin", "stderr"}, stdin_text=ARTICLE.strip()
    )
    assert code == 0, shown
    assert "reading stdin (end with Ctrl-D)" in shown
    assert "extracting" not in shown
    assert {line.split('"article": "')[1].split('"')[0] for line in out.read_text().splitlines()} == {"stdin"}
