# tttop: top for matrix multiply.  `make run` and `make check` are all a new machine needs.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(PREFIX)/bin

CC      ?= cc
# Overridable from the command line; the kernels need -O3 (gcc -O2 leaves ikj scalar).
CFLAGS  ?= -O3 -g
LDFLAGS ?=
WERROR  ?=

CORE_PKGS := openblas papi jansson inih zlib
UI_PKGS   := ncursesw
CORE_PKG_CFLAGS = $(shell pkg-config --cflags $(CORE_PKGS) 2>/dev/null)
UI_PKG_CFLAGS   = $(shell pkg-config --cflags $(UI_PKGS) 2>/dev/null)
PKG_LIBS        = $(shell pkg-config --libs $(UI_PKGS) $(CORE_PKGS) 2>/dev/null)
TEST_PKG_CFLAGS = $(shell pkg-config --cflags cmocka 2>/dev/null)
TEST_PKG_LIBS   = $(shell pkg-config --libs cmocka 2>/dev/null)

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
BASEFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(WARNINGS) $(WERROR)
LIBS      = $(PKG_LIBS) -lm -pthread

BUILD ?= build
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# The layering, enforced by what each part can see: kernels/ only itself; src/ the kernels
# and itself but no curses (the guard headers stop an include with an #error); ui/ the
# core and curses but not kernels/. src/main.c wires the faces together and sees ui/.
GUARD := $(BUILD)/guard
KERNEL_FLAGS = -Ikernels -I$(GUARD) $(CORE_PKG_CFLAGS)
CORE_FLAGS   = -Isrc -Ikernels -I$(GUARD) $(CORE_PKG_CFLAGS)
UI_FLAGS     = -Isrc -Iui $(UI_PKG_CFLAGS) $(CORE_PKG_CFLAGS)
MAIN_FLAGS   = -Isrc -Iui -I$(GUARD) $(CORE_PKG_CFLAGS)
TEST_FLAGS   = -Isrc -Ikernels -Iui -Itests $(UI_PKG_CFLAGS) $(CORE_PKG_CFLAGS) $(TEST_PKG_CFLAGS)
GUARDED_HEADERS := curses.h ncurses.h term.h ncursesw/curses.h ncursesw/ncurses.h

LIB_SRC  := $(sort $(wildcard kernels/*.c src/*/*.c ui/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_BINS = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all deps run check unit e2e extension report-check readme-check sanitize valgrind bench screenshots \
        install uninstall dist distcheck lint manpage clean tsan bad-inputs fuzz fuzz-check \
        soak soak-check

all: tttop

tttop: $(BUILD)/tttop
	@cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/tttop: $(BUILD)/src/main.o $(BUILD)/libtttop.a
	@echo "  LD  $@"
	@$(CC) $(CFLAGS) $(BASEFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS)

$(BUILD)/libtttop.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(GUARD)/stamp:
	@mkdir -p $(GUARD)/ncursesw
	@for h in $(GUARDED_HEADERS); do \
	    echo "#error \"curses belongs to ui/: kernels/ and src/ must not include it\"" >$(GUARD)/$$h; \
	done
	@touch $@

$(BUILD)/kernels/%.o: AREA_FLAGS = $(KERNEL_FLAGS)
$(BUILD)/src/%.o: AREA_FLAGS = $(CORE_FLAGS)
$(BUILD)/ui/%.o: AREA_FLAGS = $(UI_FLAGS)
$(BUILD)/src/main.o: AREA_FLAGS = $(MAIN_FLAGS)

$(BUILD)/%.o: %.c | $(GUARD)/stamp
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CFLAGS) $(BASEFLAGS) $(AREA_FLAGS) -MMD -MP -c -o $@ $<

# The version is embedded in one object, rebuilt when VERSION changes.
$(BUILD)/gen/tttop_version.h: VERSION
	@mkdir -p $(dir $@)
	@printf '#define TTTOP_VERSION "%s"\n' "$$(cat VERSION)" >$@.tmp && mv -f $@.tmp $@

$(BUILD)/src/core/version.o: $(BUILD)/gen/tttop_version.h
$(BUILD)/src/core/version.o: AREA_FLAGS = $(CORE_FLAGS) -I$(BUILD)/gen

$(BUILD)/tests/%: tests/%.c $(BUILD)/libtttop.a
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CFLAGS) $(BASEFLAGS) $(TEST_FLAGS) -o $@ $< $(BUILD)/libtttop.a \
	    $(LDFLAGS) $(TEST_PKG_LIBS) $(LIBS)

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/main.d

# Debian packages, one list each: what building and running need (`make deps`, which
# `make run` calls) and what the tests add (`make deps-check` installs both lists; `make
# check` calls it). As root the missing ones are installed; otherwise the exact apt-get
# line is printed (a minimal Debian has no sudo) and make stops.
DEB_PKGS      := gcc libc6-dev make pkg-config libncurses-dev libopenblas-dev libpapi-dev \
                 libjansson-dev libinih-dev zlib1g-dev
# gnuplot-nox draws the report's charts: optional when running (the report says how to get
# it), needed by the tests.
DEB_TEST_PKGS := libcmocka-dev tmux valgrind mandoc clang-format clang-tidy cppcheck \
                 gnuplot-nox clang-14 libclang-rt-14-dev

# The package that provides each pkg-config module the build and the tests ask for.
DEB_PKG.ncursesw := libncurses-dev
DEB_PKG.openblas := libopenblas-dev
DEB_PKG.papi     := libpapi-dev
DEB_PKG.jansson  := libjansson-dev
DEB_PKG.inih     := libinih-dev
DEB_PKG.zlib     := zlib1g-dev
DEB_PKG.cmocka   := libcmocka-dev

.PHONY: deps-check setup-test fresh-check

# deb_install TARGET,PACKAGES[,TEST PACKAGES]: the missing ones installed (root) or named.
define deb_install
@echo "make $(1): building and running need: $(2)"; \
if [ -n "$(3)" ]; then echo "make $(1): the tests also need: $(3)"; fi; \
if ! command -v dpkg-query >/dev/null 2>&1; then \
    echo "make $(1): not a Debian system: install these packages or their equivalents" >&2; \
    exit 1; \
fi; \
missing=; \
for p in $(2) $(3); do \
    dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q 'ok installed' || \
        missing="$$missing $$p"; \
done; \
missing=$${missing# }; \
if [ -z "$$missing" ]; then echo "make $(1): all installed"; exit 0; fi; \
if [ "$$(id -u)" != 0 ]; then \
    echo "make $(1): missing: $$missing" >&2; \
    echo "as root: apt-get install -y --no-install-recommends $$missing" >&2; \
    exit 1; \
fi; \
echo "make $(1): installing: $$missing"; \
export DEBIAN_FRONTEND=noninteractive; \
apt-get update -q && apt-get install -y -q --no-install-recommends $$missing
endef

deps:
	$(call deb_install,deps,$(DEB_PKGS))

deps-check:
	$(call deb_install,deps-check,$(DEB_PKGS),$(DEB_TEST_PKGS))

# Preflight, before anything is compiled: a compiler that finds the C library's headers,
# pkg-config, and every module (cmocka too when tests are built). Evaluated once per make,
# a few milliseconds, so that a machine without them gets one line naming the missing
# packages rather than an error deep in a compile. Goals that compile nothing skip it;
# run and check install first and their sub-makes are checked.
PREFLIGHT_SKIP  := deps deps-check run check setup-test fresh-check clean uninstall dist \
                   distcheck lint
PREFLIGHT_GOALS := $(filter-out $(PREFLIGHT_SKIP),$(or $(MAKECMDGOALS),all))
PREFLIGHT_MODS   = $(UI_PKGS) $(CORE_PKGS) $(if $(findstring /tests/,$(PREFLIGHT_GOALS))$(filter \
                   unit unit-bins sanitize,$(PREFLIGHT_GOALS)),cmocka)
PREFLIGHT_CC    := $(firstword $(CC))
# printf writes the '#' that a makefile line cannot hold
PREFLIGHT_LACKS := $(if $(PREFLIGHT_GOALS),$(shell \
    if command -v $(PREFLIGHT_CC) >/dev/null 2>&1; then \
        printf '\043include <stdio.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 || echo libc6-dev; \
    else \
        echo $(if $(findstring clang,$(PREFLIGHT_CC)),clang,gcc); \
        [ -e /usr/include/stdio.h ] || echo libc6-dev; \
    fi; \
    command -v pkg-config >/dev/null 2>&1 || echo pkg-config; \
    pkg-config --exists $(PREFLIGHT_MODS) 2>/dev/null || \
        for m in $(PREFLIGHT_MODS); do pkg-config --exists "$$m" 2>/dev/null || echo "$$m"; done))
PREFLIGHT_PKGS  := $(foreach m,$(PREFLIGHT_LACKS),$(or $(DEB_PKG.$(m)),$(m)))
PREFLIGHT_HINT  := make $(if $(filter cmocka,$(PREFLIGHT_MODS)),deps-check,deps)
ifneq ($(PREFLIGHT_PKGS),)
$(error cannot build: missing packages $(PREFLIGHT_PKGS); run `$(PREFLIGHT_HINT)` (as root \
    it installs them, otherwise it prints the apt-get line))
endif

# The set-up contract above, checked with stub dpkg-query, id, pkg-config and apt-get.
setup-test:
	@sh tests/setup.sh

# A minimal Debian 12 (debootstrap minbase, plus git and make) in a temporary directory:
# this commit cloned into it, `make run` and `make` as a user, `make check` as root.
# Needs root and the Debian mirror; minutes, so not part of check.
fresh-check:
	@bash tests/fresh_check.sh

run: deps
	@$(MAKE) --no-print-directory tttop
	./tttop

# Every test: the set-up contract, warnings as errors, unit tests, terminal tests, the table
# of bad inputs, sanitizers (ASan+UBSan, TSan), valgrind, short fuzzing and a short soak,
# lint.
check: deps-check setup-test
	@$(MAKE) --no-print-directory WERROR=-Werror tttop unit-bins
	@$(MAKE) --no-print-directory unit e2e extension manpage report-check readme-check bad-inputs
	@$(MAKE) --no-print-directory sanitize tsan valgrind
	@$(MAKE) --no-print-directory fuzz-check soak-check lint

unit-bins: $(TEST_BINS)

unit: $(TEST_BINS)
	@sh tests/run_unit.sh $(TEST_BINS)

e2e: tttop
	@sh tests/run_e2e.sh ./tttop

manpage: tttop
	@sh tests/manpage.sh ./tttop

# A variant added the documented way (one file, one line) shows up everywhere.
extension:
	@sh tests/extra_variant.sh

# `tttop report --quick` end to end: sections, numbers, charts, the rules of its files.
report-check: tttop
	@sh tests/report.sh ./tttop

# Every command README.md shows, run as written at small sizes.
readme-check: tttop
	@bash tests/readme.sh ./tttop

# ASan+UBSan build of the unit tests and a short headless smoke run, in its own tree.
ASAN_BINS = build/asan/tttop $(TEST_SRC:tests/%.c=build/asan/tests/%)

sanitize:
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="$(SAN_FLAGS)" WERROR=-Werror \
	    LDFLAGS="-fsanitize=address,undefined" $(ASAN_BINS)
	@sh tests/run_unit.sh $(TEST_SRC:tests/%.c=build/asan/tests/%)
	@sh tests/smoke.sh build/asan/tttop
	@E2E_ONLY=exit sh tests/run_e2e.sh build/asan/tttop

# ThreadSanitizer build of the runner's and the results' tests (and the counters', whose
# worker threads it checks) and a short dashboard run. OpenBLAS is not instrumented, so its
# own hand-offs between threads look like races: it starts on one thread there
# (OPENBLAS_NUM_THREADS=1), and for the runs that ask it for more, tests/tsan.supp names
# only its library, so that a race in tttop's code still shows (tests/tsan_canary.c proves
# that the build, with these options, reports one).
TSAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=thread
TSAN_TESTS := test_runner test_results test_counters
TSAN_ENV = OPENBLAS_NUM_THREADS=1 \
           TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 \
           suppressions=$(CURDIR)/tests/tsan.supp"

tsan:
	@$(MAKE) --no-print-directory BUILD=build/tsan CFLAGS="$(TSAN_FLAGS)" WERROR=-Werror \
	    LDFLAGS="-fsanitize=thread" build/tsan/tttop $(TSAN_TESTS:%=build/tsan/tests/%) \
	    build/tsan/tests/tsan_canary
	@$(TSAN_ENV) sh tests/tsan_canary.sh build/tsan/tests/tsan_canary
	@$(TSAN_ENV) sh tests/run_unit.sh $(TSAN_TESTS:%=build/tsan/tests/%)
	@$(TSAN_ENV) E2E_ONLY=exit sh tests/run_e2e.sh build/tsan/tttop

build/tsan/tests/tsan_canary: tests/tsan_canary.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASEFLAGS) -o $@ $< $(LDFLAGS) -pthread

valgrind: tttop
	@sh tests/valgrind.sh ./tttop

# The table of bad inputs (tests/bad_inputs.tsv): every face, the config files, the
# write targets; each row's exit status and message.
bad-inputs: tttop
	@sh tests/bad_inputs.sh ./tttop tests/bad_inputs.tsv

# libFuzzer harnesses (tests/fuzz/*.c) built with clang against the library's sources in
# their own tree. `make fuzz` runs each for FUZZ_SECONDS; `make check` for FUZZ_CHECK_SECONDS.
# New inputs go to build/fuzz/corpus/<target>; tests/fuzz/corpus/<target> seeds them.
FUZZ_CC      ?= clang-14
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=all
FUZZ_TARGETS := $(sort $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS     = $(FUZZ_TARGETS:%=build/fuzz/%)
FUZZ_SECONDS ?= 300
FUZZ_CHECK_SECONDS ?= 20

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libtttop.a
	@echo "  CC  $<"
	@$(CC) $(CFLAGS) $(BASEFLAGS) $(TEST_FLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
	    build/fuzz/libtttop.a $(LIBS)

fuzz-bins:
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) CFLAGS="$(FUZZ_FLAGS)" \
	    WERROR=-Werror $(FUZZ_BINS)

fuzz: fuzz-bins
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

fuzz-check: fuzz-bins
	@sh tests/fuzz/run.sh $(FUZZ_CHECK_SECONDS) $(FUZZ_BINS)

# Random keys and resizes in tmux: alive, keys answered within 100 ms, memory back to its
# plateau. `make soak` for SOAK_SECONDS; `make check` for SOAK_CHECK_SECONDS.
SOAK_SECONDS ?= 600
SOAK_CHECK_SECONDS ?= 45

soak: tttop
	@bash tests/soak.sh ./tttop $(SOAK_SECONDS)

soak-check: tttop
	@bash tests/soak.sh ./tttop $(SOAK_CHECK_SECONDS)

bench: tttop
	@sh tests/bench.sh ./tttop

# PNGs are rendered from the coloured captures with aha and headless Chromium: tools of
# this target only, installed (or asked for) here, not by `make deps`.
SHOT_PKGS := aha chromium fonts-dejavu-core

screenshots: tttop
	$(call deb_install,screenshots,$(SHOT_PKGS))
	@sh tests/screenshots.sh ./tttop screenshots

MANDIR := $(PREFIX)/share/man/man1

# Exactly two files, and uninstall removes exactly those.
install: tttop
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	install -m 755 tttop $(DESTDIR)$(BINDIR)/tttop
	install -m 644 tttop.1 $(DESTDIR)$(MANDIR)/tttop.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tttop $(DESTDIR)$(MANDIR)/tttop.1

# The release tarball: every tracked file of the working tree, under tttop-VERSION/.
DIST := tttop-$(VERSION)

dist:
	@git ls-files -z | tar --null -T - --transform 's,^,$(DIST)/,' -czf $(DIST).tar.gz.tmp
	@mv -f $(DIST).tar.gz.tmp $(DIST).tar.gz
	@echo "wrote $(DIST).tar.gz"

# The tarball builds and passes its own check when unpacked elsewhere.
distcheck: dist
	@sh tests/distcheck.sh $(DIST).tar.gz

# clang-format, cppcheck and clang-tidy (.clang-tidy), and the man page, all clean.
FORMAT_SRC = $(sort $(wildcard kernels/*.[ch] src/*.c src/*/*.[ch] ui/*.[ch] tests/*.c \
                              tests/*/*.c))
TIDY_SRC   = $(sort $(wildcard kernels/*.c src/*.c src/*/*.c ui/*.c))
LINT_FLAGS = -std=c11 -D_GNU_SOURCE -Isrc -Ikernels -Iui -I$(BUILD)/gen $(UI_PKG_CFLAGS) \
             $(CORE_PKG_CFLAGS)

lint: $(BUILD)/gen/tttop_version.h
	@clang-format --dry-run --Werror $(FORMAT_SRC)
	@cppcheck --quiet --error-exitcode=1 --inline-suppr --std=c11 -D_GNU_SOURCE \
	    --enable=warning,portability,performance -Isrc -Ikernels -Iui -I$(BUILD)/gen \
	    kernels src ui
	@printf '%s\n' $(TIDY_SRC) | \
	    xargs -P 2 -n 8 sh -c 'clang-tidy -quiet "$$@" -- $(LINT_FLAGS) 2>/dev/null' tidy
	@mandoc -Tlint -Wwarning tttop.1
	@echo "lint: clean"

clean:
	rm -rf build tttop $(DIST).tar.gz
