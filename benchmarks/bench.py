"""Speed and memory benchmark of jlr-extract against bare spaCy and a glued-together peer.

One command, from the repository root:

    .venv/bin/python benchmarks/bench.py            # full run, writes benchmarks/results.md
    .venv/bin/python benchmarks/bench.py --quick    # small sizes, one run, writes benchmarks/out/

What it measures, on the same articles in one run (see benchmarks/README.md):
  (a) jlr-extract end to end: the library, the CLI, the CLI with --workers 2;
  (b) the floor: the installed English model's default pipeline alone, `nlp.pipe`;
  (c) the peer: spaCy NER (default pipeline) + dateparser `search_dates` + textacy
      `direct_quotations`;
plus cold start, `--help` / `--version` time, peak RSS on large JSONL inputs, a --workers
sweep, and (with --profile) where jlr-extract's time goes.

The corpus is read at run time from the dev articles (../shared/eval) and data/articles; no
article text is stored in the repository. Progress goes to stderr; the tables to stdout and to
the markdown file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "out"
SCRATCH = OUT_DIR / f"scratch-{os.getpid()}"  # the large JSONL inputs; removed at the end
BIN = Path(sys.executable).parent
CLI = str(BIN / "jlr-extract")
EVAL_SUBDIRS = ("articles", "dates-aquaint/articles", "quotes-polnear-dev/articles")
WARMUP_ARTICLES = 8
# "cpu": user+sys CPU seconds of the process (and, for a subprocess, of its waited-for
# children, e.g. --workers); "wall": elapsed seconds. CPU time is the default because wall time
# means nothing on a loaded shared machine; set with --clock.
CLOCK = "cpu"


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# --- corpus ---------------------------------------------------------------------------------


@dataclass
class Doc:
    id: str
    path: str
    text: str  # the whole file
    body: str  # what jlr-extract parses: the text without the ` date YYYY-MM-DD` header line
    date: dt.date | None
    words: int


def corpus_dirs(eval_dir: Path) -> list[Path]:
    return [eval_dir / sub for sub in EVAL_SUBDIRS] + [ROOT / "data" / "articles"]


def load_corpus(dirs: list[Path]) -> list[Doc]:
    from jlr_extract.articles import parse_header

    docs = []
    for folder in dirs:
        files = sorted(folder.glob("*.txt"))
        if not files:
            log(f"warning: no articles in {folder}; skipped")
        for path in files:
            text = path.read_text(encoding="utf-8")
            date, body_start, _ = parse_header(text)
            body = text[body_start:]
            docs.append(Doc(path.stem, str(path), text, body, date, len(body.split())))
    if not docs:
        sys.exit("bench: no articles found; pass --eval-dir (the shared/eval folder)")
    return docs


def write_jsonl(docs: list[Doc], count: int, path: Path) -> Path:
    """`count` articles cycling over the corpus, ids made unique, as JSON Lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            doc = docs[i % len(docs)]
            record = {"id": f"{doc.id}~{i}", "text": doc.text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# --- timing helpers -------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run_cli(args: list[str], stdin=None, progress_file: Path | None = None,
            label: str = "") -> tuple[float, int, int]:
    """Run a command with stdout to /dev/null; return (seconds, peak RSS KiB, exit code).

    Seconds are the child's user+sys CPU time from wait4 (it includes the child's own
    waited-for children, e.g. --workers processes) when CLOCK is "cpu", else wall time.
    The peak RSS is the child's own ru_maxrss from wait4 (not the whole family's).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()
    if progress_file is not None:
        threading.Thread(target=_report_progress, args=(proc.pid, progress_file, stop, label),
                         daemon=True).start()
    # stderr is small (--quiet); read it in a thread so a chatty child never blocks
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stop.set()
    reader.join()
    if CLOCK == "cpu":
        elapsed = usage.ru_utime + usage.ru_stime
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        tail = b"".join(err_chunks).decode(errors="replace")[-600:]
        log(f"warning: {' '.join(args[:3])}... exited {proc.returncode}: {tail}")
    return elapsed, usage.ru_maxrss, proc.returncode


def _report_progress(pid: int, path: Path, stop: threading.Event, label: str) -> None:
    """Every 20 s: how far the child has read its input file (from /proc), and its RSS."""
    size = path.stat().st_size
    start = time.perf_counter()
    while not stop.wait(20):
        done = _read_position(pid, path)
        rss = _proc_status(pid, "VmRSS")
        share = f"{100 * done / size:.0f}% of input read" if done is not None else "running"
        log(f"{label}: {share}, {time.perf_counter() - start:.0f} s, RSS {rss}")


def _read_position(pid: int, path: Path) -> int | None:
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            if os.path.realpath(f"/proc/{pid}/fd/{fd}") == str(path.resolve()):
                for line in open(f"/proc/{pid}/fdinfo/{fd}"):
                    if line.startswith("pos:"):
                        return int(line.split()[1])
    except OSError:
        return None
    return None


def _proc_status(pid: int, key: str) -> str:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(key + ":"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


# --- (a) (b) (c): in-process throughput -----------------------------------------------------


class Systems:
    """The three things we time in-process; each `run_*` consumes every article once."""

    def __init__(self, docs: list[Doc], model: str, peer_detects_language: bool = False):
        import spacy

        from jlr_extract.pipeline import Extractor

        self.docs = docs
        self.model = model
        log(f"loading jlr-extract's pipeline and the default pipeline of {model}")
        self.extractor = Extractor(model=model)
        self.full_nlp = spacy.load(model)  # nothing excluded: what a user gets by default
        self.peer = Peer(self.full_nlp, peer_detects_language)

    def run_library(self, docs: list[Doc]) -> int:
        from jlr_extract.articles import iter_inputs

        facts = 0
        for result in self.extractor.run(iter_inputs([d.path for d in docs])):
            facts += len(result.records())
        return facts

    def run_floor(self, docs: list[Doc]) -> int:
        return len(list(self.full_nlp.pipe([d.body for d in docs])))

    def run_peer(self, docs: list[Doc]) -> int:
        return self.peer.run(docs)


class Peer:
    """spaCy NER + dateparser search_dates + textacy direct_quotations, as a user would glue."""

    def __init__(self, nlp, detect_language: bool = False):
        from dateparser.search import search_dates

        self.nlp = nlp
        # Told the language, dateparser is several times faster than when it detects it:
        # the default is the peer's best case, which keeps the a/c ratio honest.
        self.languages = None if detect_language else ["en"]
        self.search_dates = search_dates
        try:
            from textacy.extract.triples import direct_quotations

            self.direct_quotations = direct_quotations
            self.quotes_by = "textacy.extract.triples.direct_quotations"
        except ImportError as err:  # textacy missing or broken: say so in the results
            log(f"warning: textacy unavailable ({err}); the peer runs without quotations")
            self.direct_quotations = None
            self.quotes_by = f"none (textacy unavailable: {err})"
        self.quote_bailouts = 0

    def run(self, docs: list[Doc]) -> int:
        found = 0
        for doc, parsed in zip(docs, self.nlp.pipe([d.body for d in docs])):
            found += len(parsed.ents)
            base = dt.datetime.combine(doc.date, dt.time()) if doc.date else None
            settings = {"RELATIVE_BASE": base} if base else None
            found += len(self.search_dates(doc.body, languages=self.languages, settings=settings)
                         or [])
            if self.direct_quotations is not None:
                try:
                    found += len(list(self.direct_quotations(parsed)))
                except ValueError:  # textacy bails out on an odd number of quote marks
                    self.quote_bailouts += 1
        return found


def measure_throughput(systems: Systems, docs: list[Doc], runs: int, workers: int,
                       only: set[str] | None = None) -> dict:
    """Median seconds per system over `runs` interleaved rounds (a, b, c, a, b, c ...), after
    one warm-up each; `only` keeps some of library, cli, cli_wN, floor, peer."""
    words = sum(d.words for d in docs)
    warm = docs[:WARMUP_ARTICLES]
    log(f"warm-up on {len(warm)} articles")
    systems.run_library(warm)
    systems.run_floor(warm)
    systems.run_peer(warm)
    cli_args = [CLI, "extract", "--format", "jsonl", "--quiet", "--model", systems.model]
    paths = [d.path for d in docs]
    timers = {
        "library": lambda: _timed(lambda: systems.run_library(docs)),
        "cli": lambda: run_cli(cli_args + paths)[0],
        "model_cli": lambda: run_cli([sys.executable, "-c", MODEL_ONLY, systems.model] + paths)[0],
        f"cli_w{workers}": lambda: run_cli(cli_args + ["--workers", str(workers)] + paths)[0],
        "floor": lambda: _timed(lambda: systems.run_floor(docs)),
        "peer": lambda: _timed(lambda: systems.run_peer(docs)),
    }
    if only:
        timers = {name: timer for name, timer in timers.items()
                  if name in only or (name.startswith("cli_w") and "cli_w" in only)}
    times: dict[str, list[float]] = {name: [] for name in timers}
    for run in range(runs):
        for name, timer in timers.items():
            log(f"throughput run {run + 1}/{runs}: {name} on {len(docs)} articles")
            times[name].append(timer())
            log(f"  {name}: {times[name][-1]:.2f} s")
    systems.peer.quote_bailouts = 0
    if "peer" in timers:
        systems.run_peer(docs)  # once more, untimed, to count textacy's bail-outs per pass
    return {"articles": len(docs), "words": words, "runs": runs, "seconds": times,
            "median": {name: median(values) for name, values in times.items()},
            "peer_quotes_by": systems.peer.quotes_by,
            "peer_dateparser_languages": systems.peer.languages or "detected",
            "peer_quote_bailouts": systems.peer.quote_bailouts}


# The ceiling: a cold process doing what the CLI does minus every extractor: start-up, the
# pipeline load, reading the articles and the model's components (tokenizer, tok2vec, tagger,
# parser, POS rules, NER) in the CLI's batches, with the CLI's collector settings. No
# jlr-extract CLI can be faster while it runs the whole model on every sentence.
MODEL_ONLY = """
import sys
from jlr_extract.articles import iter_inputs, Article
from jlr_extract.blas import single_threaded
from jlr_extract.nlp import load_pipeline
from jlr_extract.pipeline import BATCH_ARTICLES, long_run_gc
from jlr_extract.textview import make_view
nlp = load_pipeline(sys.argv[1], ("date", "money", "site", "quote"))
long_run_gc()
keep = [n for n in nlp.pipe_names if n in ("jlr_scale_boundary", "tok2vec", "tagger", "parser",
        "jlr_pos_rules", "ner")]
texts = (make_view(a.text[a.body_start:]).text for a in iter_inputs(sys.argv[2:])
         if isinstance(a, Article))
with single_threaded(), nlp.select_pipes(enable=keep):
    for doc in nlp.pipe(texts, batch_size=BATCH_ARTICLES):
        pass
"""


def clock() -> float:
    """Seconds on the chosen clock: this process's CPU time (all threads) or wall time."""
    return time.process_time() if CLOCK == "cpu" else time.perf_counter()


def _timed(work) -> float:
    start = clock()
    work()
    return clock() - start


# --- start-up -------------------------------------------------------------------------------


def measure_startup(doc: Doc, model: str, runs: int) -> dict:
    """Cold start on one article vs the bare spaCy one-liner; --help and --version."""
    one_liner = (f"import spacy; spacy.load({model!r})(open({doc.path!r}, encoding='utf-8')"
                 ".read()[" + str(len(doc.text) - len(doc.body)) + ":])")
    commands = {
        "cold_start": [CLI, "extract", "--format", "jsonl", "--quiet", doc.path],
        "spacy_one_liner": [sys.executable, "-c", one_liner],
        "help": [CLI, "--help"],
        "version": [CLI, "--version"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for name, args in commands.items():  # one untimed run each warms the file cache
        run_cli(args)
    for run in range(runs):
        log(f"start-up run {run + 1}/{runs}")
        for name, args in commands.items():
            times[name].append(run_cli(args)[0])
    return {"article": doc.id, "words": doc.words, "runs": runs, "seconds": times,
            "median": {name: median(values) for name, values in times.items()}}


# --- --workers sweep and memory -------------------------------------------------------------


def measure_workers(docs: list[Doc], model: str, sizes: list[int], runs: int, workers: int) -> dict:
    """CLI wall time with 1 and `workers` processes on JSONL inputs of several sizes."""
    rows = []
    for size in sizes:
        path = write_jsonl(docs, size, SCRATCH / f"sweep-{size}.jsonl")
        row = {"articles": size, "words": _words(docs, size)}
        for w in (1, workers):
            args = [CLI, "extract", "--format", "jsonl", "--quiet", "--model", model,
                    "--workers", str(w), str(path)]
            seconds = []
            for run in range(runs):
                log(f"workers sweep: {size} articles, --workers {w}, run {run + 1}/{runs}")
                seconds.append(run_cli(args)[0])
            row[f"w{w}"] = median(seconds)
        rows.append(row)
    return {"workers": workers, "runs": runs, "rows": rows}


def pays_from(rows: list[dict], workers: int, margin: float = 1.05) -> int | None:
    """The smallest size from which every larger size ran at least `margin` times faster."""
    size = None
    for row in reversed(rows):
        if row["w1"] / row[f"w{workers}"] < margin:
            break
        size = row["articles"]
    return size


def run_cli_peak_rss(args: list[str], **kwargs) -> tuple[float, int, int]:
    """run_cli, with the peak RSS taken by GNU time's %M when it is installed.

    The ru_maxrss that wait4 reports for a direct child is not the child's own when Python
    starts it with vfork/posix_spawn: Linux keeps the larger maximum of the image the child
    was started from (this benchmark process, with its models loaded), so every size would
    show the same figure. /usr/bin/time forks the command from its own small process.
    """
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    if gnu_time is None:
        return run_cli(args, **kwargs)
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as out:
        seconds, _, code = run_cli([gnu_time, "-f", "%M", "-o", out.name, *args], **kwargs)
        lines = [line for line in open(out.name).read().splitlines() if line.strip().isdigit()]
    return seconds, int(lines[-1]) if lines else 0, code


def measure_memory(docs: list[Doc], model: str, sizes: list[int]) -> dict:
    """Peak RSS of the CLI streaming JSONL inputs of each size (one run each: they are long)."""
    rows = []
    for size in sizes:
        path = write_jsonl(docs, size, SCRATCH / f"rss-{size}.jsonl")
        args = [CLI, "extract", "--format", "jsonl", "--quiet", "--model", model, str(path)]
        log(f"memory: {size} articles streamed from {path.name}")
        seconds, rss_kib, code = run_cli_peak_rss(args, progress_file=path, label=f"rss {size}")
        log(f"  {size} articles: {seconds:.1f} s, peak RSS {rss_kib / 1024:.0f} MiB")
        rows.append({"articles": size, "words": _words(docs, size), "seconds": seconds,
                     "peak_rss_mib": rss_kib / 1024, "exit": code})
    return {"rows": rows}


def _words(docs: list[Doc], count: int) -> int:
    return sum(docs[i % len(docs)].words for i in range(count))


# --- profile --------------------------------------------------------------------------------


def profile(docs: list[Doc], model: str) -> dict:
    """Where the library's time goes, component by component (the model's and ours), on the
    CLOCK; plus the model's default pipeline split the same way and a cProfile of one pass."""
    from jlr_extract.nlp import load_pipeline
    from jlr_extract.textview import make_view

    nlp = load_pipeline(model, ("date", "money", "site", "quote"))
    texts = [make_view(d.body).text for d in docs]
    dates = [d.date.isoformat() if d.date else None for d in docs]
    spent = time_components(nlp, texts, dates)
    report = {"articles": len(docs), "total_seconds": sum(spent.values()), "spent": spent}
    import spacy

    report["components"] = time_components(spacy.load(model), [d.body for d in docs])
    report["call_tree"] = call_profile(model, [d.path for d in docs])
    return report


def call_profile(model: str, paths: list[str]) -> str:
    """cProfile one library pass; the heaviest functions go to benchmarks/out/profile.txt."""
    import cProfile
    import io
    import pstats

    from jlr_extract.articles import iter_inputs
    from jlr_extract.pipeline import Extractor

    extractor = Extractor(model=model)
    for _ in extractor.run(iter_inputs(paths[:WARMUP_ARTICLES])):
        pass
    profiler = cProfile.Profile()
    profiler.enable()
    for result in extractor.run(iter_inputs(paths)):
        result.records()
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    text.write("== by own time (all code) ==\n")
    stats.sort_stats("tottime").print_stats(40)
    text.write("== by cumulative time, jlr_extract and the libraries it calls ==\n")
    stats.sort_stats("cumulative").print_stats(r"extract|dateparser|gazetteer|pipeline|records", 50)
    stats.dump_stats(OUT_DIR / "profile.prof")
    tree = OUT_DIR / "profile.txt"
    tree.write_text(text.getvalue())
    return str(tree.relative_to(ROOT))


def time_components(nlp, texts: list[str], dates: list | None = None) -> dict[str, float]:
    """Seconds (CLOCK) per component of `nlp`, each run over all texts in turn, batched as
    nlp.pipe does (first pass warms up; the second is kept). `dates` set doc._.pub_date."""
    spent = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for _ in range(2):
        spent = dict.fromkeys(spent, 0.0)
        start = clock()
        docs = [nlp.make_doc(t) for t in texts]
        spent["tokenizer"] = clock() - start
        if dates is not None:
            for doc, date in zip(docs, dates):
                doc._.pub_date = date
        for name, component in nlp.pipeline:
            start = clock()
            docs = list(component.pipe(docs, batch_size=32)) if hasattr(component, "pipe") else [
                component(d) for d in docs]
            spent[name] = clock() - start
    return spent


# --- report ---------------------------------------------------------------------------------


def _ratio(reference: float, seconds: float) -> str:
    """"1.26x", or "n/a" when a system was not timed (NaN)."""
    value = reference / seconds
    return "n/a" if value != value else f"{value:.2f}x"


def rate(articles: int, words: int, seconds: float) -> tuple[float, float]:
    return articles / seconds, words / seconds


def render(results: dict) -> str:
    meta = results["meta"]
    lines = [
        "## Benchmark",
        "",
        f"Taken {meta['when']} on {meta['machine']} ({meta['cpus']} CPUs), Python {meta['python']}, "
        f"spaCy {meta['spacy']}, model `{meta['model']}`, commit `{meta['commit']}`"
        + (" (working tree modified)" if meta["dirty"] else "") + ".",
        f"Load average {meta['load_before']} before, {meta.get('load_after', '?')} after"
        + (f". **{meta['note']}**" if meta.get("note") else "") + ".",
        f"Command: `{meta['command']}`",
        f"Clock: **{meta.get('clock', 'wall')}** "
        + ("(user+sys CPU seconds of the process and its children; the rates below are per CPU "
           "second)" if meta.get("clock") == "cpu" else "(elapsed seconds)") + ".",
        "",
    ]
    tp = results.get("throughput")
    if tp:
        n, w, med = tp["articles"], tp["words"], tp["median"]
        startup = results.get("startup", {}).get("median", {}).get("cold_start")
        lines += [
            f"### Throughput ({n} articles, {w:,} words; median of {tp['runs']} run(s), "
            "warm-up excluded)",
            "",
            "| system | articles/s | words/s | vs floor (b) | vs peer (c) |",
            "|---|---:|---:|---:|---:|",
        ]
        labels = {"library": "(a) jlr-extract, library (model loaded)",
                  "cli": "(a) jlr-extract CLI, incl. start-up",
                  "model_cli": "ceiling: a cold process running only the model's components"}
        rows = [(labels[k], med[k]) for k in ("library", "cli", "model_cli") if k in med]
        if startup and "cli" in med:
            rows.append(("(a) jlr-extract CLI, net of one-article start-up",
                         max(med["cli"] - startup, 1e-9)))
        wkey = next((k for k in med if k.startswith("cli_w")), None)
        if wkey:
            rows.append((f"(a) jlr-extract CLI --workers {wkey[5:]}, incl. start-up", med[wkey]))
        rows += [(label, med[k]) for k, label in (
            ("floor", "(b) floor: default spaCy pipeline, `nlp.pipe`"),
            ("peer", "(c) peer: spaCy + dateparser.search_dates + textacy quotes")) if k in med]
        nan = float("nan")
        floor, peer = med.get("floor", nan), med.get("peer", nan)
        for name, seconds in rows:
            a_s, w_s = rate(n, w, seconds)
            lines.append(f"| {name} | {a_s:.2f} | {w_s:,.0f} | {_ratio(floor, seconds)} "
                         f"| {_ratio(peer, seconds)} |")
        lib, cli = med.get("library", nan), med.get("cli", nan)
        lines += [
            "",
            f"Ratio a/b, library vs floor: **{_ratio(floor, lib)}**; CLI incl. start-up vs floor: "
            f"**{_ratio(floor, cli)}** (target >= 1.5x). "
            f"Ratio a/c (library vs peer): **{_ratio(peer, lib)}** (target >= 3x).",
        ]
        if "model_cli" in med:
            lines.append(
                f"Ceiling: with every extractor free, a CLI that runs the whole model would be "
                f"**{_ratio(floor, med['model_cli'])}** the floor; our extractors and output add "
                f"{med.get('cli', nan) - med['model_cli']:.2f} s to it.")
        if "peer" in med:
            lines.append(
                f"Peer dates: `search_dates` with languages {tp.get('peer_dateparser_languages', ['en'])}. "
                f"Peer quotations: {tp['peer_quotes_by']}; it refused {tp['peer_quote_bailouts']} of "
                f"{n} articles (unbalanced quote marks).")
        lines.append("")
    su = results.get("startup")
    if su:
        med = su["median"]
        lines += [
            f"### Start-up (median of {su['runs']} subprocess run(s), one article of "
            f"{su['words']} words)",
            "",
            "| command | seconds |",
            "|---|---:|",
            f"| `jlr-extract extract ARTICLE.txt` | {med['cold_start']:.2f} |",
            f"| `python -c \"import spacy; spacy.load(MODEL)(TEXT)\"` | {med['spacy_one_liner']:.2f} |",
            f"| `jlr-extract --help` | {med['help']:.2f} |",
            f"| `jlr-extract --version` | {med['version']:.2f} |",
            "",
            f"Cold start vs the spaCy one-liner: **{med['cold_start'] / med['spacy_one_liner']:.2f}x** "
            "(target <= 1.2x); `--help` and `--version` target < 0.3 s.",
            "",
        ]
    mem = results.get("memory")
    if mem and mem["rows"]:
        lines += ["### Memory (CLI streaming a JSONL file, one run per size)", "",
                  "| articles | words | seconds | articles/s | peak RSS (MiB) |",
                  "|---:|---:|---:|---:|---:|"]
        for row in mem["rows"]:
            lines.append(f"| {row['articles']:,} | {row['words']:,} | {row['seconds']:.1f} | "
                         f"{row['articles'] / row['seconds']:.2f} | {row['peak_rss_mib']:.0f} |")
        first, last = mem["rows"][0], mem["rows"][-1]
        if len(mem["rows"]) > 1:
            growth = last["peak_rss_mib"] / first["peak_rss_mib"] - 1
            lines += ["", f"Peak RSS at {last['articles']:,} vs {first['articles']:,} articles: "
                      f"**{growth:+.1%}** (target within 10%)."]
        lines.append("")
    wk = results.get("workers")
    if wk:
        n = wk["workers"]
        lines += [f"### --workers {n} vs 1 (CLI wall time incl. start-up, median of {wk['runs']} "
                  "run(s))", "",
                  f"| articles | words | --workers 1 (s) | --workers {n} (s) | speed-up |",
                  "|---:|---:|---:|---:|---:|"]
        for row in wk["rows"]:
            lines.append(f"| {row['articles']:,} | {row['words']:,} | {row['w1']:.2f} | "
                         f"{row[f'w{n}']:.2f} | {row['w1'] / row[f'w{n}']:.2f}x |")
        start = pays_from(wk["rows"], n)
        verdict = (f"--workers {n} pays (at least 5% faster) from about {start} articles"
                   if start else f"--workers {n} was not 5% faster at the largest size measured")
        lines += ["", verdict + f" on this {results['meta']['cpus']}-CPU machine.", ""]
    prof = results.get("profile")
    if prof:
        total = prof["total_seconds"]
        lines += [f"### Where the library's time goes, by component ({prof['articles']} "
                  f"articles, {total:.2f} s)", "", "| component | seconds | share |",
                  "|---|---:|---:|"]
        for name, seconds in prof["spent"].items():
            lines.append(f"| {name} | {seconds:.2f} | {seconds / total:.0%} |")
        comps = prof.get("components")
        if comps:
            total_c = sum(comps.values())
            lines += ["", "The model's default pipeline, component by component (same articles; "
                      "jlr-extract excludes the lemmatizer):", "",
                      "| component | seconds | share |", "|---|---:|---:|"]
            lines += [f"| {name} | {sec:.2f} | {sec / total_c:.0%} |" for name, sec in comps.items()]
        if prof.get("call_tree"):
            lines += ["", f"Heaviest functions: `{prof['call_tree']}` (cProfile; raw stats in "
                      "profile.prof beside it, e.g. for snakeviz or pyinstrument)."]
        lines.append("")
    return "\n".join(lines)


def metadata(args, model: str) -> dict:
    import spacy

    def git(*cmd):
        try:
            return subprocess.run(["git", *cmd], cwd=ROOT, capture_output=True, text=True,
                                  timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "when": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{platform.system()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": model,
        "commit": git("rev-parse", "--short", "HEAD") or "?",
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "load_before": "/".join(f"{x:.1f}" for x in os.getloadavg()),
        "note": args.note,
        "clock": CLOCK,
        "command": "python benchmarks/bench.py " + " ".join(sys.argv[1:]),
    }


def save(results: dict, out: Path) -> None:
    results["meta"]["load_after"] = "/".join(f"{x:.1f}" for x in os.getloadavg())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(results) + "\n", encoding="utf-8")
    (OUT_DIR / f"{out.stem}.json").write_text(json.dumps(results, indent=1, default=str))


# --- main -----------------------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true",
                   help="small sizes and one run, to check the script (writes to benchmarks/out/)")
    p.add_argument("--runs", type=int, help="runs per timed measurement [5; quick 1]")
    p.add_argument("--out", type=Path,
                   help="markdown results [benchmarks/results.md; quick benchmarks/out/results-quick.md]")
    p.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval",
                   help="the shared/eval folder holding the dev articles [../shared/eval]")
    p.add_argument("--model", help="spaCy model [what jlr-extract would load]")
    p.add_argument("--limit", type=int, help="use only the first N corpus articles")
    p.add_argument("--workers", type=int, default=2, help="worker count to compare with 1 [2]")
    p.add_argument("--sweep-sizes", help="articles per --workers sweep input [1,10,50,200; quick 1,20]")
    p.add_argument("--rss-sizes", help="articles per memory input [1000,10000; quick 50,200]")
    p.add_argument("--only", default="startup,throughput,workers,memory",
                   help="sections to run, comma-separated: startup,throughput,workers,memory,profile")
    p.add_argument("--profile", action="store_true", help="also profile the library over the corpus")
    p.add_argument("--peer-detects-language", action="store_true",
                   help="call search_dates without languages=['en'] (dateparser's default, slower)")
    p.add_argument("--render", type=Path, metavar="RESULTS_JSON",
                   help="measure nothing: rewrite --out from a saved benchmarks/out/results.json")
    p.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                   help="cpu: user+sys CPU time (right under load); wall: elapsed time [cpu]")
    p.add_argument("--systems", help="throughput systems to time, comma-separated: "
                   "library,cli,model_cli,cli_w,floor,peer [all]")
    p.add_argument("--note", default="", help="a label printed with the figures, e.g. 'taken under load'")
    args = p.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 5)
    args.out = args.out or (OUT_DIR / "results-quick.md" if args.quick else ROOT / "benchmarks" / "results.md")
    args.sweep_sizes = _sizes(args.sweep_sizes or ("1,20" if args.quick else "1,10,50,200"))
    args.rss_sizes = _sizes(args.rss_sizes or ("50,200" if args.quick else "1000,10000"))
    args.systems = {s.strip() for s in args.systems.split(",")} if args.systems else None
    args.sections = {s.strip() for s in args.only.split(",") if s.strip()}
    if args.profile:
        args.sections.add("profile")
    if args.quick and args.limit is None:
        args.limit = 30
    return args


def _sizes(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def compile_sources() -> None:
    """Byte-compile src/ first, as `pip install` of a wheel does: an editable install under
    PYTHONDONTWRITEBYTECODE=1 (this machine's default) never writes .pyc files, so every
    process would compile our ~12k lines again (~0.35 s of each cold start, measured)."""
    import compileall

    compileall.compile_dir(str(ROOT / "src"), quiet=1)


def main(argv=None) -> None:
    global CLOCK
    args = parse_args(argv)
    CLOCK = args.clock
    if args.render:
        results = json.loads(args.render.read_text())
        args.out.write_text(render(results) + "\n", encoding="utf-8")
        print(render(results))
        return
    if not Path(CLI).exists():
        sys.exit(f"bench: {CLI} not found; run it with the project's venv python")
    from jlr_extract.nlp import resolve_model_name

    model = resolve_model_name(args.model)
    compile_sources()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    corpus = load_corpus(corpus_dirs(args.eval_dir))
    docs = corpus[: args.limit] if args.limit else corpus
    log(f"corpus: {len(docs)} articles, {sum(d.words for d in docs):,} words; model {model}; "
        f"runs {args.runs}; results to {args.out}")
    results: dict = {"meta": metadata(args, model)}
    if "startup" in args.sections:
        # a typical single article: the project's own first sample if present
        one = next((d for d in corpus if d.path.startswith(str(ROOT / "data"))), docs[0])
        results["startup"] = measure_startup(one, model, max(args.runs, 3))
        save(results, args.out)
    if "throughput" in args.sections:
        systems = Systems(docs, model, args.peer_detects_language)
        results["throughput"] = measure_throughput(systems, docs, args.runs, args.workers,
                                                   args.systems)
        del systems
        save(results, args.out)
    if "workers" in args.sections:
        results["workers"] = measure_workers(docs, model, args.sweep_sizes, min(args.runs, 3),
                                             args.workers)
        save(results, args.out)
    if "memory" in args.sections:
        results["memory"] = measure_memory(docs, model, args.rss_sizes)
        save(results, args.out)
    if "profile" in args.sections:
        results["profile"] = profile(docs, model)
        save(results, args.out)
    shutil.rmtree(SCRATCH, ignore_errors=True)
    print(render(results))
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
