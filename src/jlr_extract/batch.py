"""Resumable shard runs over large archives: shards, a manifest, local and Dask engines.

A *shard* is one input file (`.txt`, `.jsonl`, `.jsonl.gz`; a directory gives its files of
those kinds, sorted). Each shard's facts go to `OUT/<shard name>.jsonl` (or `.parquet`), written
under a temporary name in `OUT` and renamed when the shard is complete, so a file under its final
name is always whole. The records are exactly those `jlr-extract extract SHARD` gives.

The manifest, `OUT/manifest.jsonl`, gets one JSON line per finished shard attempt (the last line
of a shard wins): the input (`path`, `size` in bytes, `mtime_ns`, `sha256` when asked for), the
settings (format, types, date, model, version), `status` (`done` or `failed`), `articles`,
`records`, `errors` (input or extraction problems, `"where: message"`, at most
`MAX_ERRORS_LISTED` listed and `error_count` in all), `seconds`, `output` and `output_bytes`,
the `worker` (`host:pid`) and its `peak_rss_mib` (the worker process's peak resident set size so
far, MiB). Only the driver writes the manifest. A rerun skips a shard whose last attempt is
`done` with the same input and settings and whose output file is there with the recorded size;
anything else (new, input changed, output missing, settings changed, failed) is redone.

Engines: `local` (in this process for one worker, else a process pool of `workers`) and `dask`
(an existing `dask.distributed` scheduler, or a `LocalCluster` of `workers` single-threaded
worker processes; `pip install 'jlr-extract[dask]'`). Workers must see the input and output
paths (a shared file system for a real cluster).

Every engine calls `run_shard(task)`, which Spark or Ray can call too (README: "Batch runs").
A worker process loads the pipeline once (`get_extractor`, a per-process cache: the model is
never pickled) and warms it up outside any memory zone; then articles go through
`Extractor.run` (which parses with `nlp.pipe` in batches) in groups of `ZONE_ARTICLES`, each
group inside spaCy's `nlp.memory_zone()`, so the strings and lexemes of a group's texts are
freed after it and memory stays flat over a long shard.

The library never prints: progress reaches the caller as `ShardResult`s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import FACT_TYPES, __version__

SHARD_SUFFIXES = (".jsonl.gz", ".jsonl", ".txt")
SHARD_FORMATS = ("jsonl", "parquet")
ENGINES = ("local", "dask")
MANIFEST = "manifest.jsonl"
MAX_ERRORS_LISTED = 20
# Articles per memory zone (and per `Extractor.run` call); a zone also ends at ZONE_CHARS.
ZONE_ARTICLES = 256
ZONE_CHARS = 2_000_000

# An article of our own with one fact of each type: running it once, outside any memory zone,
# builds every lazily made matcher and lookup table, whose strings must outlive the zones.
WARM_UP_TEXT = (
    " date 2024-03-04 Borealis Cycles said on Tuesday that it would spend €12 million on its "
    "bicycle factory in Dundee next year. \u201cThe plant has a long future,\u201d said Maria "
    "Lindqvist, the company\u2019s managing director, adding that output rose 5% in 2023.\n"
)


class BatchError(Exception):
    """A usage problem with a batch run (bad format or engine, clashing shard names...)."""


# --- shards and settings ---------------------------------------------------------------------


def shard_stem(path: Path) -> str:
    """The file name without its shard suffix: `2024-01.jsonl.gz` -> `2024-01`."""
    for suffix in SHARD_SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.name[: -len(suffix)]
    return path.stem


def is_shard_file(path: Path) -> bool:
    return path.is_file() and any(path.name.endswith(s) for s in SHARD_SUFFIXES)


@dataclass(frozen=True)
class Shard:
    """One input file. `name` is the output's stem in OUT; size in bytes; mtime in ns."""

    name: str
    path: str
    size: int
    mtime_ns: int
    sha256: str | None = None

    def input_record(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256}


def file_sha256(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def discover_shards(inputs: Iterable[str | os.PathLike], checksum: bool = False
                    ) -> tuple[list[Shard], list[str]]:
    """Shards of the inputs in the order given (a directory's files sorted) and the problems.

    Problems (`"path: message"`): no such path, a directory without shard files, a file of
    another kind. Two inputs with the same stem both get a name suffixed with 8 hex digits of
    the SHA-1 of their absolute path, so outputs never overwrite each other.
    """
    files: list[Path] = []
    problems: list[str] = []
    seen: set[Path] = set()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if is_shard_file(p))
            if not found:
                problems.append(f"{raw}: directory holds no {', '.join(SHARD_SUFFIXES)} files")
        elif is_shard_file(path):
            found = [path]
        elif path.exists():
            problems.append(f"{raw}: not a shard file (expected {', '.join(SHARD_SUFFIXES)})")
            found = []
        else:
            problems.append(f"{raw}: no such file or directory")
            found = []
        for file in found:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(resolved)
    stems: dict[str, int] = {}
    for file in files:
        stems[shard_stem(file)] = stems.get(shard_stem(file), 0) + 1
    shards = []
    for file in files:
        name = shard_stem(file)
        if stems[name] > 1:
            name += "-" + hashlib.sha1(str(file).encode("utf-8")).hexdigest()[:8]
        stat = file.stat()
        shards.append(Shard(name, str(file), stat.st_size, stat.st_mtime_ns,
                            file_sha256(file) if checksum else None))
    return shards, problems


@dataclass(frozen=True)
class Settings:
    """What the output of a shard depends on besides its input."""

    fmt: str = "jsonl"
    types: tuple[str, ...] = FACT_TYPES
    date: str | None = None  # YYYY-MM-DD, overriding each article's own
    model: str | None = None  # as given; None = the default model
    version: str = __version__

    def record(self) -> dict[str, Any]:
        return {"format": self.fmt, "types": list(self.types), "date": self.date,
                "model": self.model, "version": self.version}


@dataclass(frozen=True)
class ShardTask:
    """Everything a worker needs for one shard (small and picklable)."""

    shard: Shard
    out_dir: str
    settings: Settings
    memory_zone: bool = True

    @property
    def output(self) -> Path:
        return Path(self.out_dir) / f"{self.shard.name}.{self.settings.fmt}"


@dataclass
class ShardResult:
    """One finished shard attempt, as recorded in the manifest (see the module docstring)."""

    shard: str
    input: dict[str, Any]
    settings: dict[str, Any]
    status: str  # done | failed
    articles: int = 0
    records: int = 0
    error_count: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: int = 0
    seconds: float = 0.0
    output: str | None = None
    output_bytes: int | None = None
    worker: str = ""
    peak_rss_mib: float | None = None
    failure: str | None = None  # why a failed shard has no output

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# --- the manifest ----------------------------------------------------------------------------


class Manifest:
    """`OUT/manifest.jsonl`: append-only, one line per shard attempt, the last line wins."""

    def __init__(self, out_dir: str | os.PathLike):
        self.path = Path(out_dir) / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            with self.path.open(encoding="utf-8") as stream:
                for line in stream:
                    try:
                        entry = json.loads(line)
                    except json.JSONDecodeError:  # a line torn by a crash: that attempt is redone
                        continue
                    if isinstance(entry, dict) and "shard" in entry:
                        self.entries[entry["shard"]] = entry

    def append(self, result: ShardResult) -> None:
        entry = result.to_dict()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        self.entries[result.shard] = entry

    def redo_reason(self, task: ShardTask) -> str | None:
        """None when the shard's output is complete and current, else why it must run."""
        entry = self.entries.get(task.shard.name)
        if entry is None:
            return "new"
        if entry.get("status") != "done":
            return "failed before"
        recorded = entry.get("input", {})
        current = task.shard.input_record()
        keys = ("path", "size", "sha256") if current["sha256"] else ("path", "size", "mtime_ns")
        if any(recorded.get(k) != current[k] for k in keys):
            return "input changed"
        if entry.get("settings") != task.settings.record():
            return "settings changed"
        output = task.output
        if not output.exists() or output.stat().st_size != entry.get("output_bytes"):
            return "output missing or changed"
        return None


@dataclass
class Plan:
    """The shards to run (with why), the ones skipped, and the input problems found."""

    todo: list[tuple[ShardTask, str]]
    skipped: list[ShardTask]
    problems: list[str]
    manifest: Manifest


def plan(inputs: Iterable[str | os.PathLike], out_dir: str | os.PathLike, settings: Settings,
         checksum: bool = False, force: bool = False) -> Plan:
    """Find the shards and decide which to run; creates `out_dir`. BatchError on bad settings."""
    if settings.fmt not in SHARD_FORMATS:
        raise BatchError(f"unknown shard format {settings.fmt!r}; choose from {', '.join(SHARD_FORMATS)}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise BatchError(f"{out} is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    shards, problems = discover_shards(inputs, checksum=checksum)
    manifest = Manifest(out)
    todo, skipped = [], []
    for shard in shards:
        task = ShardTask(shard, str(out.resolve()), settings)
        reason = "forced" if force else manifest.redo_reason(task)
        if reason is None:
            skipped.append(task)
        else:
            todo.append((task, reason))
    return Plan(todo, skipped, problems, manifest)


# --- the per-shard function (runs in a worker) -----------------------------------------------

_EXTRACTORS: dict[tuple, Any] = {}
_LOCK = threading.Lock()  # one shard at a time per process: spaCy's memory zones are not thread-safe


def get_extractor(model: str | None, types: tuple[str, ...]):
    """This process's `pipeline.Extractor` for (model, types): loaded and warmed up once."""
    key = (model, tuple(types))
    extractor = _EXTRACTORS.get(key)
    if extractor is None:
        from .articles import Article
        from .pipeline import Extractor

        extractor = Extractor(model=model, types=types)
        list(extractor.run([Article.from_text("warm-up", WARM_UP_TEXT)]))  # outside any zone
        _EXTRACTORS[key] = extractor
    return extractor


def _groups(items, max_articles: int = ZONE_ARTICLES, max_chars: int = ZONE_CHARS):
    group, chars = [], 0
    for item in items:
        group.append(item)
        chars += len(getattr(item, "text", ""))
        if len(group) >= max_articles or chars >= max_chars:
            yield group
            group, chars = [], 0
    if group:
        yield group


def _results(extractor, items, memory_zone: bool):
    """Extractor results, each group of articles inside one `nlp.memory_zone()`."""
    import contextlib

    zone = getattr(extractor.nlp, "memory_zone", None) if memory_zone else None
    for group in _groups(items):
        with zone() if zone else contextlib.nullcontext():
            # Everything a result holds is plain Python (str, int, dict): safe after the zone.
            results = list(extractor.run(group))
        yield from results


def peak_rss_mib() -> float | None:
    """This process's peak resident set size so far, in MiB (None where unknown)."""
    try:
        import resource
        import sys
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _open_writer(fmt: str, part: Path):
    """(writer, stream or None) writing `part`."""
    from .output import make_writer

    if fmt == "jsonl":
        stream = part.open("w", encoding="utf-8", newline="")
        return make_writer("jsonl", stream), stream
    return make_writer(fmt, part), None


def run_shard(task: ShardTask) -> ShardResult:
    """Extract one shard to `task.output`; never raises (a failure is a `failed` result).

    Input problems (a bad JSON line, an empty article) and per-article extraction errors are
    counted and listed; the shard's other articles are written and the shard is `done`. A shard
    is `failed` only when it could not be finished (no model, unwritable output, a crash); then
    no output is left under the final name.
    """
    from .articles import iter_inputs, parse_date_option

    start = time.perf_counter()
    settings = task.settings
    result = ShardResult(task.shard.name, task.shard.input_record(), settings.record(), "failed",
                         worker=f"{socket.gethostname()}:{os.getpid()}")
    output = task.output
    part = output.with_name(f".{output.name}.part-{os.getpid()}-{threading.get_ident()}")
    writer = stream = None
    try:
        with _LOCK:
            extractor = get_extractor(settings.model, settings.types)
            date = parse_date_option(settings.date) if settings.date else None
            writer, stream = _open_writer(settings.fmt, part)
            items = iter_inputs([task.shard.path], date)
            for article in _results(extractor, items, task.memory_zone):
                result.warnings += len(article.warnings)
                if article.error:
                    result.error_count += 1
                    if len(result.errors) < MAX_ERRORS_LISTED:
                        result.errors.append(f"{article.article}: {article.error}")
                    continue
                result.articles += 1
                for record in article.records():
                    writer.write(record)
                    result.records += 1
            writer.close()
            if stream is not None:
                stream.close()
            os.replace(part, output)  # the parquet writer has renamed its own `part.part` to `part`
            result.status = "done"
            result.output = str(output)
            result.output_bytes = output.stat().st_size
    except Exception as err:  # a worker reports, the driver records and goes on
        result.failure = f"{type(err).__name__}: {err}"
        try:
            if stream is not None:
                stream.close()
            elif writer is not None and hasattr(writer, "abort"):
                writer.abort()
        except Exception:
            pass
        for leftover in (part, part.with_name(part.name + ".part")):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
    result.seconds = round(time.perf_counter() - start, 3)
    result.peak_rss_mib = peak_rss_mib()
    return result


# --- engines ---------------------------------------------------------------------------------


def run_local(tasks: list[ShardTask], workers: int = 1) -> Iterator[ShardResult]:
    """Results as shards finish: in this process for one worker, else a spawned process pool."""
    if workers <= 1:
        for task in tasks:
            yield run_shard(task)
        return
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # each worker loads its own pipeline
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(run_shard, task): task for task in tasks}
        for future in concurrent.futures.as_completed(futures):
            yield _result_of(future, futures[future])


def run_dask(tasks: list[ShardTask], scheduler: str | None = None, workers: int = 1,
             client=None) -> Iterator[ShardResult]:
    """Results as shards finish on a dask.distributed cluster.

    `client`: an existing `distributed.Client`; else `scheduler` (an address such as
    `tcp://host:8786`); else a `LocalCluster` of `workers` processes, one thread each, made and
    closed here. ModuleNotFoundError (with an install hint) without dask.distributed.
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError("the dask engine needs dask.distributed: "
                                  "pip install 'jlr-extract[dask]'") from err
    import contextlib
    import logging

    with contextlib.ExitStack() as stack:
        if client is None:
            if scheduler:
                client = stack.enter_context(Client(scheduler))
            else:
                cluster = stack.enter_context(LocalCluster(
                    n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR))
                client = stack.enter_context(Client(cluster))
        futures = {}
        for task in tasks:
            future = client.submit(run_shard, task, pure=False,
                                   key=f"jlr-shard-{task.shard.name}-{os.urandom(4).hex()}")
            futures[future] = task
        for future in as_completed(list(futures)):
            yield _result_of(future, futures[future])


def _result_of(future, task: ShardTask) -> ShardResult:
    """The future's result, or a failed result when the worker died or raised."""
    try:
        return future.result()
    except Exception as err:
        return ShardResult(task.shard.name, task.shard.input_record(), task.settings.record(),
                           "failed", failure=f"{type(err).__name__}: {err}")


def execute(batch_plan: Plan, engine: str = "local", workers: int = 1, scheduler: str | None = None,
            client=None) -> Iterator[ShardResult]:
    """Run the plan's shards on the engine; each result is appended to the manifest, then yielded.

    One run per OUT at a time (BatchError otherwise, on the first iteration). Leftover temporary files of the shards to run (from a run that died) are removed first.
    BatchError on an unknown engine.
    """
    if engine not in ENGINES:
        raise BatchError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    tasks = [task for task, _ in batch_plan.todo]
    with _run_lock(batch_plan.manifest.path.parent):
        for task in tasks:
            for leftover in task.output.parent.glob(f".{task.output.name}.part-*"):
                leftover.unlink(missing_ok=True)
        if engine == "local":
            results = run_local(tasks, workers)
        else:
            results = run_dask(tasks, scheduler=scheduler, workers=workers, client=client)
        for result in results:
            batch_plan.manifest.append(result)
            yield result


LOCK_FILE = ".lock"


@contextlib.contextmanager
def _run_lock(out_dir: Path):
    """Hold `OUT/.lock` (flock) for the run: BatchError when another run holds it."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): one run per OUT is then up to the user
        yield
        return
    with open(out_dir / LOCK_FILE, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchError(f"another batch run is writing to {out_dir}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_batch(inputs: Iterable[str | os.PathLike], out_dir: str | os.PathLike,
              settings: Settings, engine: str = "local", workers: int = 1,
              scheduler: str | None = None, checksum: bool = False, force: bool = False,
              on_result: Callable[[ShardResult], None] | None = None) -> tuple[Plan, list[ShardResult]]:
    """Plan and execute in one call; `on_result` sees each result as its shard finishes."""
    batch_plan = plan(inputs, out_dir, settings, checksum=checksum, force=force)
    results = []
    for result in execute(batch_plan, engine=engine, workers=workers, scheduler=scheduler):
        results.append(result)
        if on_result is not None:
            on_result(result)
    return batch_plan, results
