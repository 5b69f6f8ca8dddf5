"""Golden files: the reviewed expected facts of data/articles (see README, known errors).

`pytest --update-golden` (or `make golden`) rewrites them; review `git diff tests/golden`.
"""

import json
from pathlib import Path

from typer.testing import CliRunner

from jlr_extract.cli import app

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
GOLDEN = ROOT / "tests" / "golden"


def test_sample_articles_match_golden_files(request):
    args = ["check", str(ARTICLES), "--expected", str(GOLDEN)]
    if request.config.getoption("--update-golden"):
        args.append("--update")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, "golden files differ:\n" + result.stdout + result.stderr


def test_every_sample_article_has_a_golden_file():
    assert sorted(p.stem for p in GOLDEN.glob("*.jsonl")) == sorted(p.stem for p in ARTICLES.glob("*.txt"))


def test_check_reports_a_difference_and_exits_1(tmp_path):
    runner = CliRunner()
    article = sorted(ARTICLES.glob("*.txt"))[0]
    assert runner.invoke(app, ["check", str(article), "--expected", str(tmp_path), "--update"]).exit_code == 0
    expected = tmp_path / f"{article.stem}.jsonl"
    records = [json.loads(line) for line in expected.read_text(encoding="utf-8").splitlines()]
    records.append({**records[0], "text": "not extracted"})
    expected.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = runner.invoke(app, ["check", str(article), "--expected", str(tmp_path)])
    assert result.exit_code == 1
    assert records[:-1], "the sample article has facts"
    assert f"-{json.dumps(records[-1], ensure_ascii=False)}\n" in result.stdout
