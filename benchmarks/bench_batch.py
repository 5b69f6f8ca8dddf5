"""Benchmark of `jlr-extract batch` (local and Dask engines) against `jlr-extract extract`.

From the repository root, with the extras installed (`pip install -e '.[test]'` has them):

    .venv/bin/python benchmarks/bench_batch.py --articles 2000 --shard-articles 100
    .venv/bin/python benchmarks/bench_batch.py --articles 400 --only extract,local1,local2,dask1,dask2

The corpus is the dev articles (../shared/eval: articles, dates-aquaint, quotes-polnear-dev) and
data/articles, repeated with unique ids up to --articles, written as JSONL shards of
--shard-articles articles into a scratch directory under /tmp (removed at the end; no article
text is stored in the repository). Each configuration is one CLI run as a subprocess, start-up
and model loading included:

- extract:        jlr-extract extract -f jsonl SHARDS > file       (one process)
- local1/local2:  jlr-extract batch SHARDS --out DIR -j 1|2         (in-process / process pool)
- dask1/dask2:    jlr-extract batch SHARDS --out DIR --engine dask -j 1|2   (LocalCluster)

Reported: wall seconds, articles/s, the peak resident set size of each worker process (batch:
from the manifest's `peak_rss_mib`; extract: the process's own, from wait4), and whether the
batch records equal extract's (all shards, in order). The load average before and after is
printed too: the machine's other work shows in every figure. Progress goes to stderr, the
markdown table to stdout (and to --out if given).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLI = str(BIN / "jlr-extract")
EVAL_SUBDIRS = ("articles", "dates-aquaint/articles", "quotes-polnear-dev/articles")
CONFIGS = {
    "extract": None,
    "local1": ["--engine", "local", "-j", "1"],
    "local2": ["--engine", "local", "-j", "2"],
    "dask1": ["--engine", "dask", "-j", "1"],
    "dask2": ["--engine", "dask", "-j", "2"],
}


def log(text: str) -> None:
    print(f"[bench-batch {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def load_texts(eval_dir: Path) -> list[tuple[str, str]]:
    files = []
    for folder in [eval_dir / sub for sub in EVAL_SUBDIRS] + [ROOT / "data" / "articles"]:
        files.extend(sorted(folder.glob("*.txt")))
    if not files:
        sys.exit(f"no articles found under {eval_dir} or data/articles")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in files]


def write_shards(texts, articles: int, per_shard: int, folder: Path) -> tuple[list[Path], int]:
    """JSONL shards holding `articles` articles (the texts repeated, ids made unique); words."""
    shards, words = [], 0
    rows = []
    for i in range(articles):
        article_id, text = texts[i % len(texts)]
        rows.append({"id": f"{article_id}-{i // len(texts)}", "text": text})
        words += len(text.split())
    for start in range(0, len(rows), per_shard):
        path = folder / f"shard-{start // per_shard:04d}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                for r in rows[start:start + per_shard]), encoding="utf-8")
        shards.append(path)
    return shards, words


def timed(cmd: list[str], stdout) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB of the process itself, exit code)."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    err = process.stderr.read().decode("utf-8", "replace")
    if process.returncode not in (0, 1):
        log(f"{' '.join(cmd[:3])} failed ({process.returncode}): {err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, process.returncode


def records_of(paths) -> list[str]:
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            lines.extend(line for line in stream if line.strip())
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--shard-articles", type=int, default=100)
    parser.add_argument("--only", default=",".join(CONFIGS), help="configurations, comma-separated")
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, help="also write the markdown here")
    args = parser.parse_args()
    configs = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = set(configs) - set(CONFIGS)
    if unknown:
        sys.exit(f"unknown configuration(s): {', '.join(sorted(unknown))}")

    scratch = Path(tempfile.mkdtemp(prefix="jlr-bench-batch-"))
    load_before = os.getloadavg()
    rows = []
    try:
        shards, words = write_shards(load_texts(args.eval_dir), args.articles,
                                     args.shard_articles, scratch)
        log(f"{args.articles} articles ({words:,} words) in {len(shards)} shards under {scratch}")
        reference = None
        for name in configs:
            out = scratch / f"out-{name}"
            log(f"{name} ...")
            if CONFIGS[name] is None:
                target = scratch / "extract.jsonl"
                with target.open("wb") as stream:
                    wall, rss, code = timed([CLI, "extract", "-q", "-f", "jsonl", *map(str, shards)],
                                            stream)
                lines = records_of([target])
                workers = {"extract": rss}
            else:
                wall, _, code = timed([CLI, "batch", *map(str, shards), "--out", str(out), "-q",
                                       *CONFIGS[name]], subprocess.DEVNULL)
                manifest = [json.loads(l) for l in (out / "manifest.jsonl").read_text().splitlines()]
                workers = {}
                for entry in manifest:
                    workers[entry["worker"]] = max(workers.get(entry["worker"], 0), entry["peak_rss_mib"] or 0)
                lines = records_of([out / f"{s.name[:-len('.jsonl')]}.jsonl" for s in shards])
            if reference is None:
                reference = lines
            same = "yes" if lines == reference else "NO"
            rows.append((name, wall, args.articles / wall, sorted(workers.values()), len(lines), same, code))
            log(f"{name}: {wall:.1f} s, {args.articles / wall:.2f} articles/s, "
                f"peak MiB per worker {sorted(workers.values())}, {len(lines)} records, same={same}")
            shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    load_after = os.getloadavg()
    lines = [
        f"{args.articles} articles ({words:,} words), {len(shards)} JSONL shards of "
        f"{args.shard_articles}; {os.cpu_count()} cores; load average (1/5/15 min) before "
        f"{'/'.join(f'{x:.1f}' for x in load_before)}, after {'/'.join(f'{x:.1f}' for x in load_after)}",
        "",
        "| run | seconds | articles/s | peak RSS per worker (MiB) | records | same as extract |",
        "|---|---:|---:|---|---:|---|",
    ]
    for name, wall, rate, rss, count, same, code in rows:
        lines.append(f"| {name} | {wall:.1f} | {rate:.2f} | {', '.join(f'{r:.0f}' for r in rss)} "
                     f"| {count} | {same}{'' if code in (0, 1) else f' (exit {code})'} |")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
