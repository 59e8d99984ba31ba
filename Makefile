.PHONY: run test lint bench soak format

run:
	scripts/setup.sh run
	scripts/run.sh

test:
	scripts/test.sh

lint:
	scripts/setup.sh dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

format:
	scripts/setup.sh dev
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench:
	scripts/bench.sh

soak:
	scripts/soak.sh
