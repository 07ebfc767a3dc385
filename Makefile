# tttop: top for matrix multiply.  `make run` and `make check` are all a new machine needs.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(PREFIX)/bin

CC      ?= cc
# Overridable from the command line; the kernels need -O3 (gcc -O2 leaves ikj scalar).
CFLAGS  ?= -O3 -g
LDFLAGS ?=
WERROR  ?=

CORE_PKGS := openblas papi jansson inih
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

.PHONY: all deps run check unit e2e extension sanitize valgrind bench screenshots install \
        uninstall clean tsan bad-inputs fuzz fuzz-check soak soak-check

all: tttop

tttop: $(BUILD)/tttop
	cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/tttop: $(BUILD)/src/main.o $(BUILD)/libtttop.a
	$(CC) $(CFLAGS) $(BASEFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS)

$(BUILD)/libtttop.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

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
	$(CC) $(CFLAGS) $(BASEFLAGS) $(AREA_FLAGS) -DTTTOP_VERSION='"$(VERSION)"' -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(BUILD)/libtttop.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASEFLAGS) $(TEST_FLAGS) -o $@ $< $(BUILD)/libtttop.a \
	    $(LDFLAGS) $(TEST_PKG_LIBS) $(LIBS)

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/main.d

# Debian packages: installed when root, otherwise the exact command is printed.
DEB_PKGS := build-essential pkg-config libncurses-dev libopenblas-dev libpapi-dev \
            libjansson-dev libinih-dev libcmocka-dev tmux valgrind clang-14 libclang-rt-14-dev

deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done | tr '\n' ' '); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -q && apt-get install -y -q --no-install-recommends $$missing; \
	else \
	    echo "missing packages; run: sudo apt-get install $$missing" >&2; exit 1; \
	fi

run: deps
	@$(MAKE) --no-print-directory tttop
	./tttop

# Every test: warnings as errors, unit tests, terminal tests, the table of bad inputs,
# sanitizers (ASan+UBSan, TSan), valgrind, short fuzzing and a short soak.
check: deps
	@$(MAKE) --no-print-directory WERROR=-Werror tttop unit-bins
	@$(MAKE) --no-print-directory unit e2e extension bad-inputs
	@$(MAKE) --no-print-directory sanitize tsan valgrind
	@$(MAKE) --no-print-directory fuzz-check soak-check

unit-bins: $(TEST_BINS)

unit: $(TEST_BINS)
	@sh tests/run_unit.sh $(TEST_BINS)

e2e: tttop
	@sh tests/run_e2e.sh ./tttop

# A variant added the documented way (one file, one line) shows up everywhere.
extension:
	@sh tests/extra_variant.sh

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
	$(CC) $(CFLAGS) $(BASEFLAGS) $(TEST_FLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
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

screenshots: tttop
	@sh tests/screenshots.sh ./tttop screenshots

install: tttop
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 tttop $(DESTDIR)$(BINDIR)/tttop

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tttop

clean:
	rm -rf build tttop
