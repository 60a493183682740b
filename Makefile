# The README's commands. Each one installs what it needs first (see .ci/tools.sh).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/tests/e2e/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

.PHONY: serve test dist scorm bench fuzz data tools test-tools clean

tools:
	@bash .ci/tools.sh build

test-tools:
	@bash .ci/tools.sh test

## make serve: build in debug mode and serve the page on http://127.0.0.1:8080
serve: tools
	@echo "Optimizer Playground: serving on http://127.0.0.1:8080 (Ctrl-C stops)"
	trunk serve

## make test: every check, in order; stops at the first failure
test: test-tools
	cd www/data && sha256sum --check --quiet digits.sha256
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo test
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps
	wasm-pack test --headless --chrome -- --test web
	wasm-pack test --node -- --test fuzz_wasm
	trunk build --release
	node tests/e2e/scorm.mjs dist target/scorm $(VERSION)
	rm -rf target/course-dist && cp -r dist target/course-dist
	cargo run --quiet --bin course -- tests/course target/course-dist
	node tests/e2e/scorm.mjs target/course-dist target/scorm-course $(VERSION)
	cd tests/e2e && node --test

## make dist: release build into dist/, with relative URLs, ready to zip for an LMS;
## COURSE=path/to/course puts that course's lessons in place of the built-in ones
dist: tools
	trunk build --release
ifdef COURSE
	cargo run --release --quiet --bin course -- $(COURSE) dist
endif
	@echo "dist/ is ready: serve it from any sub-path, or zip it for an LMS."

## make scorm: the release build as SCORM 1.2 and SCORM 2004 packages an LMS imports as an activity
scorm: dist test-tools
	node tests/e2e/scorm.mjs dist target/scorm $(VERSION)

## make data: the 8x8 handwritten digits (www/data/digits.bin and its SHA-256) from the pinned
## scikit-learn wheel on PyPI (see .ci/digits.py); the result is committed
data:
	python3 .ci/digits.py target/data www/data/digits.bin
	cd www/data && sha256sum digits.bin > digits.sha256

## make fuzz: the fuzzing suite at full counts, natively and compiled to wasm32 (under node)
fuzz: test-tools
	cargo run --release --bin fuzz
	FUZZ_SCALE=full wasm-pack test --node --release -- --test fuzz_wasm -- --nocapture

## make bench: our engine (Wasm for node, and native) against ConvNetJS and TensorFlow.js
bench: dist
	cargo build --release --bin bench
	cargo build --release --lib --target wasm32-unknown-unknown --features bench
	wasm-bindgen --target nodejs --out-dir target/bench/pkg target/wasm32-unknown-unknown/release/optimizer_playground.wasm
	cd tests/bench && npm ci --no-audit --no-fund
	node tests/bench/run.mjs

clean:
	cargo clean
	rm -rf dist
