# Two commands on a fresh machine: `make serve` and `make test`. Each installs what is missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
HOST   ?= 127.0.0.1

.PHONY: setup python-deps node-deps chromium test build serve dist serve-dist bench clean

setup: python-deps node-deps chromium

python-deps: $(VENV)/.installed
$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm (Node.js 20+) is needed: apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download its own here).
chromium:
	@command -v chromium >/dev/null || { \
	  echo "Chromium is missing: installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || { \
	  echo "error: could not install chromium (needs root or: sudo apt-get install chromium)"; exit 1; }

test: setup build
	$(VENV)/bin/pytest

build: python-deps node-deps
	$(PY) scripts/build_site.py

serve: build
	$(PY) scripts/serve.py --host $(HOST) --port $(PORT)

# The deployable folder (issue 9): hashed names, service worker; what Netlify publishes.
dist: build
	$(PY) scripts/dist.py

# site/dist/ as it will be deployed: `make serve-dist BASE=/~course/anne/` tries a sub-path.
# Its own port: a service worker belongs to its origin and would keep answering for
# `make serve` on the same port until unregistered.
DIST_PORT ?= 8001
BASE      ?= /
serve-dist: dist
	$(PY) scripts/serve.py --root site/dist --host $(HOST) --port $(DIST_PORT) --base $(BASE)

# Every bench script, then one page of figures, goals and verdicts: bench/out/summary.md.
bench: setup build
	$(PY) bench/summary.py --run

clean:
	rm -rf site/build site/dist bench/out .pytest_cache
