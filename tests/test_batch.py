"""Batch runs: shards, the manifest (skip, redo), the engines, and equality with `extract`."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import need
from typer.testing import CliRunner

from jlr_extract import batch
from jlr_extract.cli import app

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"

# Articles written for these tests (none comes from the evaluation data).
OWN = [
    {"id": "kiln", "date": "2024-06-03", "text":
        "Harrow Ceramics said on Friday it would close its kiln works in Stoke-on-Trent by "
        "March, at a cost of about £8 million. \u201cThis is a sad day for the town,\u201d said "
        "Priya Nair, the firm\u2019s chief executive."},
    {"id": "mill", "text":
        " date 2023-11-20 Northgate Paper will invest $40m in its mill in Maine next year, the "
        "company said on Monday."},
    {"id": "plain", "text": "Nothing here names a date, an amount or a place."},
    {"id": "depot", "date": "2025-01-15", "text":
        "Kestrel Freight opened a distribution centre in Leeds last week. \u201cWe expect to hire "
        "two hundred people over the next year,\u201d said Tom Okafor, its operations director."},
]

runner = CliRunner()


def write_jsonl(path: Path, rows, gz: bool = False) -> Path:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as stream:
            stream.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def shards(tmp_path):
    """Three small shards of three kinds: JSONL, gzipped JSONL and a plain-text article."""
    folder = tmp_path / "in"
    folder.mkdir()
    first = write_jsonl(folder / "one.jsonl", OWN[:2])
    second = write_jsonl(folder / "two.jsonl.gz", OWN[2:], gz=True)
    third = folder / "three.txt"
    third.write_text(next(ARTICLES.glob("*.txt")).read_text(encoding="utf-8"), encoding="utf-8")
    return [first, second, third]


def extract_records(path) -> list[dict]:
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def shard_records(out: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (out / f"{name}.jsonl").read_text("utf-8").splitlines()]


def run(inputs, out, **kwargs):
    settings = batch.Settings(**kwargs.pop("settings", {}))
    return batch.run_batch([str(p) for p in inputs], out, settings, **kwargs)


def test_shard_names_and_kinds(tmp_path, shards):
    other = tmp_path / "other"
    other.mkdir()
    write_jsonl(other / "one.jsonl", OWN[3:])
    (other / "notes.md").write_text("not a shard", encoding="utf-8")
    found, problems = batch.discover_shards([shards[0].parent, other / "one.jsonl",
                                             other / "notes.md", tmp_path / "missing"])
    names = [s.name for s in found]
    assert sorted(n for n in names if not n.startswith("one")) == ["three", "two"]
    # Two inputs with one stem get distinct names, so their outputs cannot collide.
    ones = [n for n in names if n.startswith("one")]
    assert len(ones) == 2 and len(set(ones)) == 2 and all(n.startswith("one-") for n in ones)
    assert any("notes.md: not a shard file" in p for p in problems)
    assert any("missing: no such file" in p for p in problems)


def test_dask_local_cluster_gives_the_records_of_extract(tmp_path, shards):
    """Through the real CLI in a subprocess, so Dask's threads never live in the test process
    (a later test forks workers)."""
    need("distributed")
    out = tmp_path / "out"
    cli = Path(sys.executable).parent / "jlr-extract"
    done = subprocess.run([str(cli), "batch", *map(str, shards), "--out", str(out),
                           "--engine", "dask", "-j", "2", "--no-color"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert "3 to run" in done.stderr and done.stdout == ""
    results = batch.Manifest(out).entries.values()
    assert sorted(r["status"] for r in results) == ["done"] * 3
    assert all(r["peak_rss_mib"] for r in results)
    for path, name in zip(shards, ("one", "two", "three")):
        expected = extract_records(path)
        assert expected, f"{name} yields facts"
        assert shard_records(out, name) == expected
    # No temporary files are left behind.
    assert sorted(p.name for p in out.iterdir() if p.name != batch.LOCK_FILE) == [
        "manifest.jsonl", "one.jsonl", "three.jsonl", "two.jsonl"]


def test_local_pool_gives_the_records_of_extract(tmp_path, shards):
    out = tmp_path / "out"
    _, results = run(shards, out, engine="local", workers=2)
    assert {r.status for r in results} == {"done"}
    assert len({r.worker for r in results}) <= 2
    for path, name in zip(shards, ("one", "two", "three")):
        assert shard_records(out, name) == extract_records(path)


def test_rerun_redoes_only_the_shard_whose_output_was_deleted(tmp_path, shards):
    out = tmp_path / "out"
    run(shards, out)
    before = shard_records(out, "two")
    (out / "two.jsonl").unlink()
    plan, results = run(shards, out)
    assert [(t.shard.name, why) for t, why in plan.todo] == [("two", "output missing or changed")]
    assert sorted(t.shard.name for t in plan.skipped) == ["one", "three"]
    assert [r.shard for r in results] == ["two"]
    assert shard_records(out, "two") == before
    # A third run has nothing to do.
    plan, results = run(shards, out)
    assert not plan.todo and not results and len(plan.skipped) == 3


def test_truncated_output_is_redone(tmp_path, shards):
    out = tmp_path / "out"
    run(shards, out)
    target = out / "one.jsonl"
    target.write_text(target.read_text("utf-8")[:50], encoding="utf-8")
    plan, _ = run(shards, out)
    assert [t.shard.name for t, _ in plan.todo] == ["one"]
    assert shard_records(out, "one") == extract_records(shards[0])


def test_changed_input_is_redone(tmp_path, shards):
    out = tmp_path / "out"
    run(shards, out)
    write_jsonl(shards[0], OWN[:2] + OWN[3:])  # one more article
    plan, results = run(shards, out)
    assert [(t.shard.name, why) for t, why in plan.todo] == [("one", "input changed")]
    assert {r["article"] for r in shard_records(out, "one")} == {"kiln", "mill", "depot"}
    assert shard_records(out, "one") == extract_records(shards[0])


def test_a_change_keeping_size_and_mtime_is_seen_only_with_the_checksum(tmp_path, shards):
    for checksum in (False, True):
        out = tmp_path / f"out-{checksum}"
        run(shards, out, checksum=checksum)
        stat = shards[0].stat()
        text = shards[0].read_text("utf-8")
        swapped = text.replace("Friday", "Monday") if "Friday" in text else text.replace("Monday", "Friday")
        assert len(swapped) == len(text) and swapped != text
        shards[0].write_text(swapped, encoding="utf-8")
        os.utime(shards[0], ns=(stat.st_atime_ns, stat.st_mtime_ns))
        plan, _ = run(shards, out, checksum=checksum)
        assert [t.shard.name for t, _ in plan.todo] == (["one"] if checksum else [])


def test_changed_settings_redo_every_shard(tmp_path, shards):
    out = tmp_path / "out"
    run(shards, out)
    plan, _ = run(shards, out, settings={"types": ("date",)})
    assert [why for _, why in plan.todo] == ["settings changed"] * 3
    assert {r["type"] for r in shard_records(out, "one")} == {"date"}


def test_a_bad_line_is_reported_and_the_other_shards_complete(tmp_path, shards):
    bad = shards[0].parent / "bad.jsonl"
    bad.write_text(json.dumps(OWN[3]) + "\n{not json\n" + json.dumps({"id": "x"}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    plan, results = run([*shards, bad], out)
    by_name = {r.shard: r for r in results}
    assert {n: r.status for n, r in by_name.items()} == dict.fromkeys(["one", "two", "three", "bad"], "done")
    assert by_name["bad"].error_count == 2
    assert any(":2: not valid JSON" in e for e in by_name["bad"].errors)
    assert any(':3: missing "text"' in e for e in by_name["bad"].errors)
    assert all(r.error_count == 0 for n, r in by_name.items() if n != "bad")
    # The good article of the bad shard is written.
    assert {r["article"] for r in shard_records(out, "bad")} == {"depot"}
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert {m["shard"]: m["error_count"] for m in manifest}["bad"] == 2


def test_a_failed_shard_leaves_no_output_and_is_retried(tmp_path, shards):
    out = tmp_path / "out"
    _, results = run(shards[:1], out, settings={"model": "no_such_spacy_model"})
    assert results[0].status == "failed" and "no_such_spacy_model" in results[0].failure
    assert not (out / "one.jsonl").exists()
    assert [p.name for p in out.iterdir() if p.name != batch.LOCK_FILE] == ["manifest.jsonl"]
    plan, results = run(shards[:1], out)
    assert [why for _, why in plan.todo] == ["failed before"]
    assert results[0].status == "done"


def test_memory_zone_frees_the_strings_of_the_texts(tmp_path):
    """Inside the zone, an article's new words leave the StringStore; without it they stay."""
    word = "Zarquonbridge"
    rows = [{"id": "z", "date": "2024-01-02", "text": f"{word} Motors said on Monday that it had opened a {word} factory in Leeds."}]
    shard = write_jsonl(tmp_path / "z.jsonl", rows)
    extractor = batch.get_extractor(None, batch.Settings().types)
    assert batch.get_extractor(None, batch.Settings().types) is extractor  # one per process
    nlp = extractor.nlp
    for zone, kept in ((True, False), (False, True)):
        word_now = f"{word}{int(zone)}"
        shard.write_text(shard.read_text().replace(word, word_now), encoding="utf-8")
        word = word_now
        task = batch.ShardTask(batch.discover_shards([shard])[0][0], str(tmp_path / f"o{zone}"),
                               batch.Settings(), memory_zone=zone)
        (tmp_path / f"o{zone}").mkdir()
        result = batch.run_shard(task)
        assert result.status == "done" and result.records > 0
        assert (word in nlp.vocab.strings) is kept


def test_memory_zone_does_not_change_the_records(tmp_path, shards):
    for zone in (True, False):
        for shard in batch.discover_shards(shards)[0]:
            folder = tmp_path / f"zone-{zone}"
            folder.mkdir(exist_ok=True)
            batch.run_shard(batch.ShardTask(shard, str(folder), batch.Settings(), memory_zone=zone))
    for name in ("one", "two", "three"):
        assert shard_records(tmp_path / "zone-True", name) == shard_records(tmp_path / "zone-False", name)


def test_cli_batch_reports_and_skips(tmp_path, shards):
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", *map(str, shards), "--out", str(out), "--no-color"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # messages only on stderr
    assert "3 to run, 0 skipped" in result.stderr
    assert result.stderr.count("] ") >= 3  # one progress line per finished shard
    again = runner.invoke(app, ["batch", *map(str, shards), "--out", str(out), "--no-color"])
    assert again.exit_code == 0
    assert "0 to run, 3 skipped" in again.stderr


def test_cli_batch_exit_code_and_errors(tmp_path, shards):
    bad = shards[0].parent / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(bad), str(shards[0]), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "bad: " in result.stderr and "not valid JSON" in result.stderr
    assert (tmp_path / "o" / "one.jsonl").exists()
    usage = runner.invoke(app, ["batch", str(shards[0]), "--out", str(tmp_path / "o"),
                                "--scheduler", "tcp://127.0.0.1:1"])
    assert usage.exit_code == 2 and "--engine dask" in usage.stderr


def test_parquet_shards_hold_the_jsonl_facts(tmp_path, shards):
    need("pyarrow")
    from jlr_extract.writers import column_kinds, flatten, read_parquet_records

    run(shards, tmp_path / "j")
    run(shards, tmp_path / "p", settings={"fmt": "parquet"})
    kinds = column_kinds()
    for name in ("one", "two", "three"):
        expected = [flatten(r, kinds) for r in shard_records(tmp_path / "j", name)]
        assert list(read_parquet_records(tmp_path / "p" / f"{name}.parquet")) == expected


def test_one_run_per_output_directory(tmp_path, shards):
    out = tmp_path / "out"
    first = batch.plan([str(shards[0])], out, batch.Settings())
    second = batch.plan([str(shards[1])], out, batch.Settings())
    running = batch.execute(first)
    next(running)  # the first run holds the directory until it is finished or closed
    with pytest.raises(batch.BatchError, match="another batch run"):
        next(batch.execute(second))
    running.close()
    assert [r.shard for r in batch.execute(second)] == ["two"]
