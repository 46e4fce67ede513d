# Passerelle — the two commands of the README:
#   make run    installs what is missing, builds, opens the app on the demo mission
#   make test   installs the test tools and runs every test (Rust, UI, end-to-end in the window)
#
# Builds go to a cache outside the clone so that a second clone reuses them; a cold run works too.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export CARGO_TARGET_DIR ?= $(HOME)/.cache/passerelle/target
export CARGO_TERM_COLOR ?= never
TARGET := $(CARGO_TARGET_DIR)

# Debian packages: Tauri's build and runtime, the end-to-end harness, documents' tools and fonts,
# CUPS's `lp` (Print sends the PDF file to the system's print service), and cmake + libclang to build
# HiGHS from source (the scheduler's exact mode, the `highs` crate).
APT_PACKAGES := build-essential pkg-config file curl libwebkit2gtk-4.1-dev libxdo-dev libssl-dev \
  libayatana-appindicator3-dev librsvg2-dev webkit2gtk-driver xvfb xauth \
  poppler-utils fonts-noto-cjk fonts-noto-core cups-client libdbus-1-dev cmake libclang-dev
# For the tests only: a real print service with a virtual PDF printer (tests/e2e/print-queue.sh),
# an independent iCalendar parser to read exported calendars back (tests/e2e/ics_times.py), and
# PostgreSQL for the team server's tests (tests/team*.rs start throwaway clusters with its
# initdb/pg_ctl from /usr/lib/postgresql/*/bin; Debian's own cluster is not used), and a
# Secret Service for the team password's keyring test (tests/team.rs runs gnome-keyring
# in a D-Bus session of its own, dbus-run-session, with a throwaway HOME).
TEST_APT_PACKAGES := cups printer-driver-cups-pdf python3-icalendar postgresql dbus gnome-keyring
TAURI_DRIVER_VERSION := 2.1.0
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: bench-conflicts bench-schedule bench-sync-file help run test deps test-deps apt apt-test ui-deps e2e-deps tauri-driver ui build-release \
        build-debug test-rust test-ui test-e2e lint bindings clean bench-crash bench-memory bench-window build-bench fuzz fuzz-corpus fuzz-build fuzz-run bench-sync bench-team bench-forms bench-mail \
        package test-package fonts

help:
	@echo "make run   — install what is missing, build, open Passerelle on the demo mission"
	@echo "make test  — install the test tools and run every test"

# ---------------------------------------------------------------- installs (idempotent)

# Installs the Debian packages of $(1) that are missing.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

apt:
	$(call apt_install,$(APT_PACKAGES))

apt-test:
	$(call apt_install,$(TEST_APT_PACKAGES))

ui-deps:
	@cd ui && if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund; fi

e2e-deps:
	@cd tests/e2e && if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund; fi

tauri-driver:
	@if ! command -v tauri-driver >/dev/null; then \
	  echo "Installing tauri-driver $(TAURI_DRIVER_VERSION) (a few minutes, once)"; \
	  cargo install tauri-driver --version $(TAURI_DRIVER_VERSION) --locked; fi

deps: apt ui-deps

test-deps: deps apt-test e2e-deps tauri-driver

# ---------------------------------------------------------------- builds

ui: ui-deps
	cd ui && npm run build

build-release: deps ui
	cargo build --release -p passerelle --features custom-protocol
	cargo build --release -p passerelle-core --bin passerelle-cli

build-debug: deps ui
	cargo build -p passerelle --features custom-protocol
	cargo build -p passerelle-core --bin passerelle-cli

# The Debian package (issue 19): `make package` builds the .deb (a release build, ~25 minutes on
# 2 cores from cold); `make test-package` installs it with apt, opens the installed app under Xvfb
# to its first screen, and removes it. Not part of `make test`, for the release build's time.
DEB_DIR := $(TARGET)/release/bundle/deb

# The package's binary is built for size (link-time optimisation over one unit, opt-level s):
# slower to build (about 15 minutes from a warm dependency cache here), and 51 MB instead of 73
# (the .deb 23.6 MB instead of 30.7). Without Typst's embedded fonts but the one Latin face the
# documents use, 47.8 MB (a .deb of 19.9 MiB with Tauri's gzip, 14.1 MiB packed with xz; the
# goal is 15 MB). With HiGHS linked in (the scheduler's exact mode), 53.7 MB and a .deb of
# 16.0 MiB at first; then HiGHS built at -Os like the Rust (src-tauri/highs-size.cmake, read by
# CMake through the cmake crate; HiGHS's build script does not watch that variable, so a target
# folder that built the package before keeps its -O3 HiGHS until `cargo clean -p highs-sys
# --release`), the Latin face cut to what documents use (`make fonts`), the relative relocations
# packed (src-tauri/build.rs): 48.5 MB, and with xz's x86 filter (below) a .deb of 14.8 MB.
PACKAGE_PROFILE := CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_OPT_LEVEL=s \
  CMAKE_TOOLCHAIN_FILE=$(CURDIR)/src-tauri/highs-size.cmake

# Tauri's bundler compresses the .deb's files with gzip; they are packed again with xz (what
# Debian's own packages use; dpkg reads it since 1.15.6), the same files and control data. The
# files' archive goes through xz's x86 filter before LZMA2 (calls' relative addresses made
# absolute, so that repeated calls compress): 14.8 MB instead of 15.6 for the same files.
# dpkg-deb cannot set a filter, so it writes the two archives uncompressed and they are
# compressed and put back in the .deb's `ar` archive here, in dpkg's order; dpkg and apt read
# any xz stream (liblzma), filters included.
package: deps ui
	$(PACKAGE_PROFILE) ui/node_modules/.bin/tauri build --bundles deb --ci
	@for deb in $(DEB_DIR)/*.deb; do \
	  dir=$$(mktemp -d) && dpkg-deb -R $$deb $$dir/pkg && \
	  dpkg-deb --root-owner-group -Znone -b $$dir/pkg $$dir/plain.deb >/dev/null && \
	  (cd $$dir && ar x plain.deb && xz -9 control.tar && xz --x86 --lzma2=preset=9e -T1 data.tar) && \
	  rm -f $$deb && ar rcD $$deb $$dir/debian-binary $$dir/control.tar.xz $$dir/data.tar.xz && \
	  rm -rf $$dir || exit 1; \
	done
	@ls -l $(DEB_DIR)/*.deb

# The release builds the window's benchmarks measure (bench-window, bench-memory), in one cargo
# run: the app as `make package` builds it (its profile and features: the same binary), the CLI
# the benchmarks write with, and the minimal window bench-memory compares the app with (the same
# Tauri features as the app's). About 25 minutes on 2 cores from a cold release cache.
build-bench: deps ui
	$(PACKAGE_PROFILE) cargo build --release -p passerelle -p passerelle-minimal-window -p passerelle-core \
	  --bin passerelle --bin passerelle-minimal-window --bin passerelle-cli --features tauri/custom-protocol

test-package: package e2e-deps tauri-driver
	cd tests/package && DEB_DIR=$(DEB_DIR) CARGO_TARGET_DIR=$(TARGET) xvfb-run -a -s "-screen 0 1280x800x24" node --test package.test.mjs

# The documents' Latin face (src-tauri/core/src/documents/fonts, committed): typst-assets'
# Libertinus Serif cut with fontTools to the scripts a programme's names and words use (Latin
# with its extensions and Vietnamese, Greek, Cyrillic, punctuation, currency, arrows, maths
# operators, ligatures; not polytonic Greek, enclosed numbers or music) and without hinting,
# which neither Typst's PDFs nor its pictures use: 1.86 MB of the binary became 1.19 MB, 0.96 MB
# of the package 0.60 MB (issue 19). Run again after a Typst upgrade; the rest of the text falls
# back to the system's fonts (Noto CJK, which has Latin, Greek and Cyrillic too).
FONT_UNICODES := U+0000-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+2610-2612,U+2713-2714,U+FB00-FB06,U+FFFD
fonts:
	$(call apt_install,python3-fonttools)
	@src=$$(cargo metadata --format-version 1 | /usr/bin/python3 -c 'import json, os, sys; \
	  print(next(os.path.dirname(p["manifest_path"]) for p in json.load(sys.stdin)["packages"] \
	  if p["name"] == "typst-assets"))')/files/fonts; \
	for f in src-tauri/core/src/documents/fonts/*.otf; do \
	  /usr/bin/python3 -m fontTools.subset $$src/$$(basename $$f) --unicodes="$(FONT_UNICODES)" \
	    --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline --no-hinting \
	    --output-file=$$f || exit 1; \
	done; ls -l src-tauri/core/src/documents/fonts/*.otf

# ---------------------------------------------------------------- the two commands

run: build-release
	$(TARGET)/release/passerelle-cli seed taiwan-wallonia-2025
	$(TARGET)/release/passerelle

test: test-deps lint test-rust bindings test-ui test-e2e
	@echo "make test: all suites passed"

# ---------------------------------------------------------------- suites

lint: ui
	cargo fmt --all -- --check
	cargo clippy -p passerelle-core --all-targets -- -D warnings
	cargo clippy -p passerelle --features custom-protocol -- -D warnings

test-rust:
	cargo test -p passerelle-core

# The TypeScript bindings are generated from the Rust types by `cargo test`; they must be committed.
bindings: test-rust
	@if ! git diff --quiet -- ui/src/lib/bindings || [ -n "$$(git ls-files --others --exclude-standard ui/src/lib/bindings)" ]; then \
	  echo "ui/src/lib/bindings drifted from the Rust types: commit the regenerated files"; \
	  git status --short ui/src/lib/bindings; exit 1; fi

test-ui: ui-deps
	cd ui && npm run check && npm test

test-e2e: build-debug e2e-deps tauri-driver
	$(SUDO) bash tests/e2e/print-queue.sh
	cd tests/e2e && CARGO_TARGET_DIR=$(TARGET) xvfb-run -a -s "-screen 0 1280x800x24" npm test

# The programme's conflict checker (issue 4): 2,000 items and 300 people, a realistic draft and
# a random stress case; prints the median and worst time of 30 runs (goal: under 50 ms).
bench-conflicts:
	cargo build --release -p passerelle-core --bin passerelle-cli
	$(TARGET)/release/passerelle-cli programme bench --items 2000 --people 300 --runs 30

# The scheduler's benchmark (issue 5): generated mission, event and large instances for three
# seeds, solved with the issue's limits (1 s, 1 s, 5 s); prints objective, certified bound, gap,
# seconds, greedy objective and peak memory. Figures, never assertions.
# Then the mission-sized instances (issue 19: `mission-full`, 240 requests) at seeds 1-5, solved
# with each limit of MISSION_LIMITS, beside the exact optimum computed once, outside the product,
# and kept in bench/schedule-references.json (how: bench/schedule-reference.py): objective and
# bound as % of the optimum, and the seconds to the proof when the solver proved its schedule.
# Last, the large instances (20,000 requests) at each limit of LARGE_LIMITS beside the LP
# relaxation of the same model (computed once with HiGHS's interior-point method, kept in the same
# file): the objective as % of it. And the same large instances with their travel times taken
# out: the LP above barely sees travel (its value is within 0.02 % of the same LP without it),
# and without travel the search reaches the bound, so what separates the two tables is the
# travel's cost (issue 19's note of 2026-12-07).
MISSION_LIMITS ?= 1 60
LARGE_LIMITS ?= 1 5
bench-schedule:
	cargo build --release -p passerelle-core --bin passerelle-cli
	@mkdir -p $(TARGET)/bench-schedule
	@printf "%-8s %4s %6s %9s %9s %7s %7s %9s %8s  %s\n" kind seed reqs objective bound gap% seconds greedy peakMB "bound kind"
	@for spec in mission:1 event:1 large:5; do kind=$${spec%%:*}; limit=$${spec##*:}; \
	  for seed in 1 2 3; do f=$(TARGET)/bench-schedule/$$kind-$$seed; \
	    $(TARGET)/release/passerelle-cli bench-instance --kind $$kind --seed $$seed --out $$f.json >/dev/null || exit 1; \
	    $(TARGET)/release/passerelle-cli solve $$f.json --time-limit $$limit --seed 1 --out $$f.solution.json > $$f.summary.json || exit 1; \
	    python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("%-8s %4s %6d %9.0f %9.0f %7.3f %7.3f %9.0f %8.1f  %s%s" % (sys.argv[2], sys.argv[3], s["requests"], s["objective"], s["upper_bound"], s["gap_percent"], s["seconds"], s["greedy_objective"], s["peak_rss_mb"] or 0, s["bound_kind"], ", optimal" if s["optimal"] else ""))' $$f.summary.json $$kind $$seed; \
	  done; done
	@printf "\n%-12s %4s %5s %7s %9s %9s %8s %8s %7s  %-20s %s\n" kind seed limit optimum objective bound obj/opt% bnd/opt% seconds proof "goals (issue 19)"
	@for seed in 1 2 3 4 5; do f=$(TARGET)/bench-schedule/mission-full-$$seed; \
	  $(TARGET)/release/passerelle-cli bench-instance --kind mission-full --seed $$seed --out $$f.json >/dev/null || exit 1; \
	  for limit in $(MISSION_LIMITS); do \
	    $(TARGET)/release/passerelle-cli solve $$f.json --time-limit $$limit --seed 1 --out $$f.solution.json > $$f.summary.json || exit 1; \
	    python3 bench/schedule-row.py bench/schedule-references.json mission-full $$seed $$limit $$f.json $$f.summary.json || exit 1; \
	  done; done
	@printf "\n%-12s %4s %5s %9s %9s %9s %8s %8s %7s  %s\n" kind seed limit "LP bound" objective bound obj/LP% bnd/LP% seconds "goal (issue 19)"
	@for seed in 1 2 3; do f=$(TARGET)/bench-schedule/large-$$seed; \
	  for limit in $(LARGE_LIMITS); do \
	    $(TARGET)/release/passerelle-cli solve $$f.json --time-limit $$limit --seed 1 --out $$f.solution.json > $$f.summary.json || exit 1; \
	    python3 bench/schedule-row.py bench/schedule-references.json large $$seed $$limit $$f.json $$f.summary.json || exit 1; \
	  done; done
	@printf "\n%-12s %4s %5s %9s %9s %7s %7s  %s\n" kind seed limit objective bound gap% seconds "the same without travel times"
	@for seed in 1 2 3; do f=$(TARGET)/bench-schedule/large-$$seed; \
	  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["travel"]=[]; json.dump(d,open(sys.argv[2],"w"))' $$f.json $$f-no-travel.json; \
	  $(TARGET)/release/passerelle-cli solve $$f-no-travel.json --time-limit 5 --seed 1 --out $$f-no-travel.solution.json > $$f-no-travel.summary.json || exit 1; \
	  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("%-12s %4s %5s %9.0f %9.0f %7.3f %7.3f  %s" % ("large", sys.argv[2], 5, s["objective"], s["upper_bound"], s["gap_percent"], s["seconds"], "optimal" if s["optimal"] else ""))' $$f-no-travel.summary.json $$seed; \
	  done

# The directory's speed goals (issue 3): 100,000-row CSV import, search over 100,000 contacts;
# opening the file and `passerelle-cli search` on it, process start included (issue 14).
bench-directory:
	cargo build --release -p passerelle-core --bin passerelle-cli
	cargo run --release -p passerelle-core --example bench_directory

# The merge's speed goals (issue 15): 10,000 ops merged into the demo database under 2 s, a
# mission's ops exported under 1 s.
bench-sync:
	cargo run --release -p passerelle-core --example bench_sync

# The interest form's speed goal (issue 17): 2,000 responses (Microsoft Forms .xlsx, Google
# Forms .csv in French) imported into the demo mission under 1 s; prints read, dry run, import.
bench-forms:
	cargo run --release -p passerelle-core --example bench_forms

# The documents' speed goals (issue 6): a 2-day mission's programme plus 30 personal itineraries
# (goal: under 2 s) and a preview (goal: under 500 ms); prints the figures.
bench-documents:
	cargo run --release -p passerelle-core --example bench_documents

# The e-mail drafts (issue 17): 500 personalised drafts, each with the person's itinerary PDF
# and calendar file attached, written as .eml files (goal: under 10 s); prints the figures.
bench-mail:
	cargo run --release -p passerelle-core --example bench_mail

# The window's timings (issue 14): app start to first screen with 100,000 contacts, a write's
# refresh (event to repaint) on the demo mission; read from the real window. The goals are about
# the app planners run: by default the release app as the package builds it (`build-bench`, the
# build bench-memory uses too); WINDOW_BUILD=debug measures the debug build of the e2e tests.
# The app and the minimal window start in a D-Bus session of their own (dbus-run-session), as on
# a planner's desktop: without a session bus, every D-Bus client of GLib (the notifications, the
# single-instance plugin, WebKit's) first tries to launch one, and the app paid ~50 ms for it
# (spawn to first screen, 8 interleaved starts: 722 ms without a bus, 668 with one; the minimal
# window 494 and 500).
WINDOW_BUILD ?= release
bench-window: $(if $(filter debug,$(WINDOW_BUILD)),build-debug,build-bench) e2e-deps tauri-driver apt-test
	cd tests/e2e && CARGO_TARGET_DIR=$(TARGET) PASSERELLE_APP=$(TARGET)/$(WINDOW_BUILD)/passerelle \
	  PASSERELLE_CLI=$(TARGET)/$(WINDOW_BUILD)/passerelle-cli \
	  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node bench-window.mjs

# The mission exchange file (issue 15): the demo mission after 5,000 moves, exported whole and
# --since a peer's file, read back; prints the bytes per op (goal: at most 200) and the export's
# time (goal: under 1 s).
bench-sync-file:
	cargo run --release -p passerelle-core --example bench_sync_file

# The team server (issue 16), on a throwaway PostgreSQL cluster on 127.0.0.1: 10 data folders
# making 10 edits/s each for a minute, latency commit → visible on another folder (goal p95 ≤
# 2 s) and ops lost (goal 0); then a new laptop joining 100,000 ops (goal ≤ 30 s). It prints
# the CPU time of the folders and of PostgreSQL over the run, per sync. The 50-folder goal
# (p95 ≤ 5 s): BENCH_TEAM_FOLDERS=50 BENCH_TEAM_JOIN_OPS=0 make bench-team. A quick check:
# BENCH_TEAM_SECS=10 BENCH_TEAM_JOIN_OPS=10000 make bench-team.
bench-team: apt-test
	cargo run --release -p passerelle-core --example bench_team

clean:
	rm -rf ui/dist tests/e2e/artifacts

# ---------------------------------------------------------------- benchmarks (print figures)

# The app's memory (issue 19): the release app on the demo mission and a minimal Tauri window
# (bench/minimal-window, not shipped), side by side under Xvfb; prints the proportional set size
# of every process of each, the totals and the ratio (goal: at most 1.25). Both are built as
# `make package` builds the app (`build-bench`).
bench-memory: build-bench e2e-deps tauri-driver
	cd tests/e2e && CARGO_TARGET_DIR=$(TARGET) xvfb-run -a -s "-screen 0 1280x800x24" node bench-memory.mjs

# 10,000 writers killed with SIGKILL at random moments (tests/crash.rs), each file checked whole
# after every kill, a new file every 200 kills; prints the commits reported and found.
bench-crash:
	CRASH_CYCLES=$${CRASH_CYCLES:-10000} cargo test -p passerelle-core --test crash -- --nocapture killed_writers

# ---------------------------------------------------------------- fuzzing (not part of `make test`)

# The parsers of files from outside, fuzzed with cargo-fuzz (libFuzzer, nightly, AddressSanitizer,
# debug assertions and overflow checks on): src-tauri/core/fuzz, a workspace of its own. Each
# target runs its time (below) from its committed corpus (fuzz/corpus/<target>, read only; what it
# finds goes to $(TARGET)/fuzz-work), one process on one core, each input capped in time
# (FUZZ_TIMEOUT seconds) and memory (FUZZ_RSS_MB). Prints each target's executions and crashes
# and fails on any crash; a crashing input is kept in src-tauri/core/fuzz/artifacts/<target>/.
# Each target's default time is set for a million inputs or more on 2 cores (the goal): 420 s
# for the CSV import (about 3,600 inputs a second alone, 3,100 beside another target: 944,621
# in 300 s) and the exchange file (about 7,000 a second alone, read from memory; 3,045 beside
# two other targets: 916,810 in 300 s), 300 s for the scheduler's instance (about 6 million)
# and the others. The form and survey
# responses' targets read a whole file (a workbook or a CSV, every header folded, every row
# against the demo mission's choices) per input, most of it in the coverage's comparison hooks
# in decoding, CSV reading and folding (`perf record -g` on a target's binary shows it): about
# 1,700 and 900 inputs a second over their first 5 minutes, slower as their corpus grows to
# whole workbooks (759 and 769 a second over 25 and 40 minutes, beside another target on the
# 2 cores: 1,140,743 and 1,847,277 inputs, 0 crashes). They run 25 and 40 minutes.
# FUZZ_SECONDS sets one time for every target.
FUZZ_SECONDS ?=
FUZZ_SECONDS_DEFAULT := 300
FUZZ_SECONDS_csv_import := 420
FUZZ_SECONDS_exchange_file := 420
FUZZ_SECONDS_form_responses := 1500
FUZZ_SECONDS_survey_responses := 2400
FUZZ_TIMEOUT ?= 10
FUZZ_RSS_MB ?= 1024
FUZZ_TARGETS ?= csv_import vcard_import schedule_instance seed_file exchange_file form_responses \
               survey_responses
FUZZ_BUILD := --codegen-units 16
# Scratch files of the targets (the demo mission's store the form and survey targets seed
# once per process): in memory where there is a tmpfs.
FUZZ_TMPDIR ?= $(shell [ -w /dev/shm ] && echo /dev/shm || echo $(TARGET))
# SQLite's allocations go through AddressSanitizer's allocator (Rust's through mimalloc): no
# allocation stacks and a short quarantine make it about 1.5 times faster; replaying a crash
# with `cargo fuzz run` gives the full report.
FUZZ_ASAN := detect_odr_violation=0:malloc_context_size=0:quarantine_size_mb=1
FUZZ_DIR := $(CURDIR)/src-tauri/core/fuzz

fuzz: fuzz-build
	@$(MAKE) --no-print-directory fuzz-run

# The exchange file's starting corpus, written again in the current layout (after a change of
# src-tauri/core/src/store/exchange_file.rs or of the op kinds): every op kind, refused files.
fuzz-corpus:
	cd src-tauri/core && cargo run --example fuzz_corpus

fuzz-build:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	cd src-tauri/core && cargo +nightly fuzz build $(FUZZ_BUILD)

# The targets as last built, without building.
fuzz-run:
	@work=$(TARGET)/fuzz-work; bin=$(TARGET)/x86_64-unknown-linux-gnu/release; failed=0; \
	printf "%-18s %8s %12s %9s %8s\n" target seconds executions exec/s crashes; \
	for t in $(FUZZ_TARGETS); do \
	  secs="$(FUZZ_SECONDS)"; [ -n "$$secs" ] || case $$t in \
	    csv_import) secs=$(FUZZ_SECONDS_csv_import);; \
	    exchange_file) secs=$(FUZZ_SECONDS_exchange_file);; \
	    form_responses) secs=$(FUZZ_SECONDS_form_responses);; \
	    survey_responses) secs=$(FUZZ_SECONDS_survey_responses);; \
	    *) secs=$(FUZZ_SECONDS_DEFAULT);; esac; \
	  tmp=$(FUZZ_TMPDIR)/passerelle-fuzz-$$t; \
	  rm -rf $$work/$$t $$tmp; mkdir -p $$work/$$t/corpus $$tmp $(FUZZ_DIR)/artifacts/$$t; \
	  before=$$(ls $(FUZZ_DIR)/artifacts/$$t | wc -l); \
	  (cd $$work/$$t && TMPDIR=$$tmp ASAN_OPTIONS=$(FUZZ_ASAN) $$bin/$$t corpus $(FUZZ_DIR)/corpus/$$t \
	    -max_total_time=$$secs -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) \
	    -max_len=65536 -jobs=1 -workers=1 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t/ >run.log 2>&1) || true; \
	  log=$$work/$$t/fuzz-0.log; [ -f $$log ] || log=$$work/$$t/run.log; \
	  runs=$$(grep -ho 'stat::number_of_executed_units: *[0-9]*' $$log | grep -o '[0-9]*$$' | tail -1 || true); \
	  [ -n "$$runs" ] || runs=$$(grep -ho '^Done [0-9]* runs' $$log | grep -o '[0-9]*' | tail -1 || true); \
	  speed=$$(grep -ho 'stat::average_exec_per_sec: *[0-9]*' $$log | grep -o '[0-9]*$$' | tail -1 || true); \
	  crashes=$$(( $$(ls $(FUZZ_DIR)/artifacts/$$t | wc -l) - before )); \
	  printf "%-18s %8s %12s %9s %8s\n" $$t $$secs "$${runs:-?}" "$${speed:-?}" $$crashes; \
	  if [ $$crashes -gt 0 ] || [ -z "$$runs" ]; then failed=1; \
	    echo "  $$t: see $$log and $(FUZZ_DIR)/artifacts/$$t/"; fi; \
	  rm -rf $$tmp; \
	done; \
	exit $$failed
