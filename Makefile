# Two commands: `make run` (set up, then start the server with the demo deck) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := workshop/static/vendor

.PHONY: setup run test e2e dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

$(VENDOR)/socket.io.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/socket.io-client/dist/socket.io.min.js $(VENDOR)/
	cp node_modules/socket.io-client/dist/socket.io.min.js.map $(VENDOR)/ 2>/dev/null || true

setup: $(VENV)/.installed $(VENDOR)/socket.io.min.js
	$(BIN)/pybabel compile --statistics -d workshop/translations  # the .mo files are generated (docs/translating.md)

run: setup
	$(BIN)/python run.py $(ARGS)

test: setup
	$(BIN)/python -m pytest $(ARGS)

# The wheel and sdist for users (docs/install.md): setup.py takes the socket.io client from node_modules.
dist: node_modules/.package-lock.json $(VENV)/.installed
	$(BIN)/python -m build --outdir dist

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache build dist
