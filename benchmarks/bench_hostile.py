"""Peak memory and time of the CLI on hostile inputs (issue 16, points 1 and 2).

    .venv/bin/python benchmarks/bench_hostile.py                 # every case, label "run"
    .venv/bin/python benchmarks/bench_hostile.py --label before  # saved as out/hostile-before.json
    .venv/bin/python benchmarks/bench_hostile.py --only long --long-mb 0.25,1,3
    .venv/bin/python benchmarks/bench_hostile.py --compare before,after   # table from saved runs

Cases:
  long-N   one article of N MB: the corpus articles (data/articles and, when present, the dev
           articles of ../shared/eval) joined by blank lines until N MB. Memory should stay
           bounded by the parse chunk, time linear in N.
  quotes-marks-K   `Tata said: ` then K times `“ he said ” “`: K quote spans in one sentence.
  quotes-said-K    K times `Smith said “we are fine”, and `: one sentence of K cued quotes.
  Each quote case runs at two sizes, so the table shows whether cost grows linearly.

Each case is one CLI run (`extract --format jsonl --quiet`, stdout to /dev/null) under GNU time
(wall seconds, CPU seconds and peak RSS of the extracting process; on a shared machine
the CPU seconds are the steadier figure). Article text is generated at
run time in a scratch folder and removed; nothing is stored in the repository. Progress goes to
stderr; the table to stdout and to benchmarks/out/hostile-LABEL.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "out"
CLI = str(Path(sys.executable).parent / "jlr-extract")
GNU_TIME = "/usr/bin/time"
HEADER = " date 2025-09-29\n"


def log(text: str) -> None:
    print(f"[hostile {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def corpus_bodies(eval_dir: Path) -> list[str]:
    from jlr_extract.articles import parse_header

    bodies = []
    for folder in (ROOT / "data" / "articles", eval_dir / "articles"):
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            bodies.append(text[parse_header(text)[1]:].strip())
    return bodies


def long_article(bodies: list[str], megabytes: float) -> str:
    target = int(megabytes * 1_000_000)
    parts, size, i = [HEADER], len(HEADER), 0
    while size < target:
        body = bodies[i % len(bodies)] + "\n\n"
        parts.append(body)
        size += len(body.encode("utf-8"))
        i += 1
    return "".join(parts)


def cases(args, bodies: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    if "long" in args.only:
        for mb in args.long_mb:
            out[f"long-{mb:g}MB"] = long_article(bodies, mb)
    if "quotes" in args.only:
        for k in args.quote_counts:
            out[f"quotes-marks-{k}"] = HEADER + "Tata said: " + "“ he said ” “" * k
        for k in args.said_counts:
            out[f"quotes-said-{k}"] = HEADER + "Smith said “we are fine”, and " * k
    return out


def run_case(path: Path, timeout: float) -> dict:
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        args = [GNU_TIME, "-f", "%e %M %U %S", "-o", out.name, CLI, "extract", "--format", "jsonl",
                "--quiet", str(path)]
        # its own process group, so a timeout stops the extractor too, not only GNU time
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return {"seconds": None, "peak_rss_mib": None, "exit": "timeout"}
        fields = [line for line in out.read().splitlines() if line.strip()][-1].split()
    if proc.returncode:
        log(f"  exit {proc.returncode}: {err.decode(errors='replace')[-300:]}")
    return {"seconds": float(fields[0]), "peak_rss_mib": int(fields[1]) / 1024,
            "cpu_seconds": float(fields[2]) + float(fields[3]), "exit": proc.returncode}


def render(runs: dict[str, dict]) -> str:
    labels = list(runs)
    names = list(dict.fromkeys(n for r in runs.values() for n in r["cases"]))
    head = "| case | size (KB) | " + " | ".join(
        f"{l} wall s | {l} CPU s | {l} peak MiB" for l in labels) + " |"
    lines = ["## Hostile inputs (CLI, one run each; GNU time: wall %e, CPU %U+%S, peak RSS %M)",
             "", head, "|---|---:|" + "---:|---:|---:|" * len(labels)]
    for name in names:
        size = next(r["cases"][name]["kb"] for r in runs.values() if name in r["cases"])
        cells = []
        for label in labels:
            row = runs[label]["cases"].get(name)
            if row is None or row["seconds"] is None or row["exit"] != 0:
                cells += ["—" if row is None else f"exit {row['exit']}", "—", "—"]
            else:
                cpu = row.get("cpu_seconds")
                cells += [f"{row['seconds']:.1f}", "—" if cpu is None else f"{cpu:.1f}",
                          f"{row['peak_rss_mib']:.0f}"]
        lines.append(f"| {name} | {size:,.0f} | " + " | ".join(cells) + " |")
    lines.append("")
    for label in labels:
        lines.append(f"- {label}: commit `{runs[label]['commit']}`, {runs[label]['when']}")
    return "\n".join(lines)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--label", default="run", help="name of this run [run]")
    p.add_argument("--only", default="long,quotes", help="long,quotes [both]")
    p.add_argument("--long-mb", default="0.25,1,3", help="article sizes in MB [0.25,1,3]")
    p.add_argument("--quote-counts", default="1000,2000", help="K for quotes-marks [1000,2000]")
    p.add_argument("--said-counts", default="500,1000", help="K for quotes-said [500,1000]")
    p.add_argument("--timeout", type=float, default=1800, help="seconds per case [1800]")
    p.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    p.add_argument("--commit", help="the code measured, when not HEAD (e.g. PYTHONPATH=old/src)")
    p.add_argument("--fresh", action="store_true", help="drop the label's saved cases first")
    p.add_argument("--compare", help="measure nothing: table of saved labels, e.g. before,after")
    args = p.parse_args(argv)
    if args.compare:
        runs = {l: json.loads((OUT_DIR / f"hostile-{l}.json").read_text())
                for l in args.compare.split(",")}
        print(render(runs))
        return
    args.only = {s.strip() for s in args.only.split(",")}
    args.long_mb = [float(x) for x in args.long_mb.split(",") if x]
    args.quote_counts = [int(x) for x in args.quote_counts.split(",") if x]
    args.said_counts = [int(x) for x in args.said_counts.split(",") if x]
    commit = args.commit or subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    saved = OUT_DIR / f"hostile-{args.label}.json"
    result = {"commit": commit, "when": time.strftime("%Y-%m-%d %H:%M %Z"), "cases": {}}
    if saved.exists() and not args.fresh:  # a rerun of some cases keeps the others
        result["cases"] = json.loads(saved.read_text())["cases"]
    scratch = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        for name, text in cases(args, corpus_bodies(args.eval_dir)).items():
            path = scratch / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            kb = path.stat().st_size / 1000
            log(f"{name}: {kb:,.0f} KB")
            row = run_case(path, args.timeout)
            row["kb"] = kb
            log(f"  {row['seconds']} s, peak {row['peak_rss_mib'] or 0:.0f} MiB")
            result["cases"][name] = row
            OUT_DIR.mkdir(parents=True, exist_ok=True)
            saved.write_text(json.dumps(result, indent=1))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    table = render({args.label: result})
    (OUT_DIR / f"hostile-{args.label}.md").write_text(table + "\n", encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
