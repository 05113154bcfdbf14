# Two commands: `make run` (the whole platform with demo data) and `make test` (the test suite).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Links in e-mails point at the server `make run` starts, unless SITE_URL says otherwise.
SITE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)

.PHONY: install run test migrate translations messages seed lint check vendor clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

translations: install
	$(PY) manage.py compile_translations

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

seed: migrate
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo

run: migrate translations
	@test -f var/.demo-seeded || (DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo && touch var/.demo-seeded)
	DEBUG=1 PY=$(PY) HOST=$(HOST) PORT=$(PORT) SITE_URL=$(SITE_URL) sh scripts/run_dev.sh

test: translations
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Refresh the Dutch message catalogue from the sources (needs GNU gettext).
messages: install
	DEBUG=1 $(PY) manage.py makemessages --locale nl --no-obsolete --add-location file --ignore '.venv/*' --ignore 'var/*' --ignore 'static/*'

# Refresh static/vendor/ from the npm registry at the versions in package.json (needs npm).
vendor:
	sh scripts/vendor_static.sh

clean:
	rm -rf $(VENV) var
