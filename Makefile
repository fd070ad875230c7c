# orggate: build, test, run. `make check` and `make demo` install missing Debian packages first.

PREFIX ?= /usr/local
BUILD ?= build
VERSION ?= 0.1.0
CXX ?= g++
PKG_CONFIG ?= pkg-config

# Lazily expanded, so `make deps` can install the packages before pkg-config is asked.
# libfcgi gives its protocol header (fastcgi.h) only: orggate reads and writes the records
# itself, to keep nginx's connections open between requests (src/fcgi/), so nothing links it.
PKGS = libcurl RapidJSON libctemplate openssl
ALL_CPPFLAGS = -Isrc $(shell $(PKG_CONFIG) --cflags fcgi $(PKGS)) \
	-DORGGATE_VERSION='"$(VERSION)"' $(CPPFLAGS)
CXXFLAGS ?= -O2 -g
ALL_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror -pthread -MMD -MP $(CXXFLAGS)
ALL_LDLIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -pthread $(LDLIBS)
# Boost.Test ships no pkg-config file in Debian; the library name is stable.
TEST_CPPFLAGS = -Itest/unit -DBOOST_TEST_DYN_LINK
TEST_LDLIBS = -lboost_unit_test_framework

LIB_SRCS := $(shell find src -name '*.cpp' ! -name main.cpp | sort)
LIB_OBJS := $(LIB_SRCS:%.cpp=$(BUILD)/obj/%.o)
TEST_SRCS := $(shell find test/unit -name '*.cpp' | sort)
TEST_OBJS := $(TEST_SRCS:%.cpp=$(BUILD)/obj/%.o)
FORMAT_FILES := $(shell find src test -name '*.cpp' -o -name '*.hpp' | sort)

.PHONY: all deps test-deps check unit sanitize integration bench run demo format format-check clean

all: $(BUILD)/orggate

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

# The README's test command: unit tests, then the real nginx + orggate over loopback.
check: test-deps
	@$(MAKE) --no-print-directory format-check all $(BUILD)/unit-tests $(BUILD)/fault_shim.so
	@test/run-tests $(BUILD)

unit: $(BUILD)/unit-tests
	$(BUILD)/unit-tests

# Everything again, built with AddressSanitizer and UndefinedBehaviorSanitizer: the unit tests,
# then the integration tests against the sanitized orggate. A dangling reference, an overflow
# or a leak fails the run instead of passing by luck.
SANITIZE_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
sanitize:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)-sanitize CXXFLAGS='$(SANITIZE_FLAGS)' \
		LDFLAGS='$(SANITIZE_FLAGS)' $(BUILD)-sanitize/unit-tests $(BUILD)-sanitize/orggate \
		$(BUILD)-sanitize/fault_shim.so
	$(BUILD)-sanitize/unit-tests --report_level=short
	python3 test/integration/run.py --build $(BUILD)-sanitize

# Coverage-guided fuzzing (libFuzzer, clang): one target per parser of untrusted input in
# test/fuzz/, each run FUZZ_SECONDS on a scratch copy of its seeds in test/fuzz/corpus/NAME/.
# A crash, a leak, undefined behaviour or a broken property fails the make; the input is kept
# in $(BUILD)-fuzz/crashes/ (minimize it with -minimize_crash=1, add it to the seeds).
FUZZ_SECONDS ?= 10
FUZZ_CXX ?= clang++
FUZZ_BUILD = $(BUILD)-fuzz
FUZZ_IGNORELIST = $(FUZZ_BUILD)/ubsan-ignorelist.txt
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fsanitize-ignorelist=$(FUZZ_IGNORELIST)
FUZZ_CXXFLAGS = -std=c++17 -g -O1 -Wall -Wextra -Werror -pthread -MMD -MP
FUZZ_NAMES := $(sort $(basename $(notdir $(wildcard test/fuzz/*.cpp))))
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/%)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.cpp=$(FUZZ_BUILD)/obj/%.o)
# The longest input each target is given: a little over what its parser ever meets.
FUZZ_MAX_LEN = $(or $(FUZZ_MAX_LEN_$*),4096)
FUZZ_MAX_LEN_duration_fuzz = 32
FUZZ_MAX_LEN_return_path_fuzz = 2048
FUZZ_MAX_LEN_encoding_fuzz = 1024
FUZZ_MAX_LEN_sealed_box_fuzz = 1024
FUZZ_MAX_LEN_query_fuzz = 2048
FUZZ_MAX_LEN_pending_login_fuzz = 2048
FUZZ_MAX_LEN_session_codec_fuzz = 8192
FUZZ_MAX_LEN_webhook_event_fuzz = 8192

.PHONY: fuzz $(FUZZ_NAMES:%=fuzz-%)
fuzz: $(FUZZ_NAMES:%=fuzz-%)

$(FUZZ_NAMES:%=fuzz-%): fuzz-%: $(FUZZ_BUILD)/%
	@rm -rf $(FUZZ_BUILD)/corpus/$* && mkdir -p $(FUZZ_BUILD)/corpus/$* $(FUZZ_BUILD)/crashes
	@cp test/fuzz/corpus/$*/* $(FUZZ_BUILD)/corpus/$*/
	@UBSAN_OPTIONS=print_stacktrace=1 $< -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_BUILD)/crashes/$*- $(FUZZ_BUILD)/corpus/$* \
		>$(FUZZ_BUILD)/$*.log 2>&1 || { tail -n 60 $(FUZZ_BUILD)/$*.log; \
		echo "fuzz: $* FAILED (log: $(FUZZ_BUILD)/$*.log)" >&2; exit 1; }
	@awk '/^#[0-9]/ { for (i = 1; i < NF; i++) { if ($$i == "cov:") cov = $$(i + 1); \
		if ($$i == "corp:") corp = $$(i + 1) } } \
		/^stat::number_of_executed_units/ { runs = $$2 } /^stat::average_exec_per_sec/ { rate = $$2 } \
		END { printf "fuzz: %-20s %9d runs %7d/s  cov %5d  corpus %s\n", "$*", runs, rate, cov, corp }' \
		$(FUZZ_BUILD)/$*.log

$(FUZZ_BINS): $(FUZZ_BUILD)/%: test/fuzz/%.cpp $(FUZZ_BUILD)/liborggate.a $(FUZZ_IGNORELIST)
	$(FUZZ_CXX) $(ALL_CPPFLAGS) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer $(FUZZ_SANITIZE) -o $@ $< \
		$(FUZZ_BUILD)/liborggate.a $(ALL_LDLIBS)

$(FUZZ_BUILD)/liborggate.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/obj/src/%.o: src/%.cpp $(FUZZ_IGNORELIST)
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(ALL_CPPFLAGS) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SANITIZE) \
		-c -o $@ $<

# Debian 12's RapidJSON 1.1.0 adds an offset to its empty stack's null pointer (stack.h; fixed
# upstream after 1.1.0, Tencent/rapidjson#1724): harmless, but UBSan stops there. Only that check
# in only that header is ignored.
$(FUZZ_IGNORELIST):
	@mkdir -p $(@D)
	@printf '[pointer-overflow]\nsrc:*/rapidjson/internal/stack.h\n' >$@

-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_BINS:=.d)

integration: all $(BUILD)/fault_shim.so
	python3 test/integration/run.py --build $(BUILD)

# Throughput and CPU per request under wrk, against the real stack (not part of make check).
bench: test-deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench-sessions
	python3 test/bench/bench.py --build $(BUILD)

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-local --build $(BUILD) $(ARGS)

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo --build $(BUILD) $(ARGS)

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD) $(BUILD)-sanitize $(BUILD)-fuzz

# `make install`: the binary, pages and stylesheet under PREFIX; the nginx site, the systemd
# units and /etc/orggate/orggate.env (kept if present) under /etc. Stage with DESTDIR=DIR.
# SERVER_NAME is your site's host name in the nginx site and, as https://SERVER_NAME, the
# ORGGATE_PUBLIC_URL of a new env file: change it.
SERVER_NAME ?= example.org
DESTDIR ?=

.PHONY: install uninstall

install: all
	@scripts/install --build '$(BUILD)' --prefix '$(PREFIX)' --destdir '$(DESTDIR)' \
		--server-name '$(SERVER_NAME)'

# Removes what install listed in PREFIX/share/orggate/install-manifest, and nothing else.
uninstall:
	@scripts/install --uninstall --prefix '$(PREFIX)' --destdir '$(DESTDIR)'

$(BUILD)/orggate: $(BUILD)/obj/src/main.o $(BUILD)/liborggate.a
	$(CXX) $(ALL_CXXFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LDLIBS)

# The storage fault tests' LD_PRELOAD shim (test/fault_shim/): never sanitized itself, since it
# is preloaded into orggate (after the sanitizer runtime, in a sanitized build).
$(BUILD)/fault_shim.so: test/fault_shim/fault_shim.cpp
	@mkdir -p $(@D)
	$(CXX) -std=c++17 -O2 -Wall -Wextra -Werror -fPIC -shared -o $@ $< -ldl

# make bench's session filler (test/bench/fill_sessions.cpp): orggate's own codec and layout.
$(BUILD)/bench-sessions: $(BUILD)/obj/test/bench/fill_sessions.o $(BUILD)/liborggate.a
	$(CXX) $(ALL_CXXFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LDLIBS)

$(BUILD)/liborggate.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/unit-tests: $(TEST_OBJS) $(BUILD)/liborggate.a
	$(CXX) $(ALL_CXXFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LDLIBS) $(ALL_LDLIBS)

# The compiled-in version: rebuild what uses it when it changes.
BUILD_SETTINGS = VERSION=$(VERSION)
$(BUILD)/settings.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(BUILD_SETTINGS)' | cmp -s - $@ || echo '$(BUILD_SETTINGS)' > $@
$(BUILD)/obj/src/main.o: $(BUILD)/settings.stamp

.PHONY: FORCE
FORCE:

$(BUILD)/obj/src/%.o: src/%.cpp
	@mkdir -p $(@D)
	$(CXX) $(ALL_CPPFLAGS) $(ALL_CXXFLAGS) -c -o $@ $<

$(BUILD)/obj/test/%.o: test/%.cpp
	@mkdir -p $(@D)
	$(CXX) $(ALL_CPPFLAGS) $(TEST_CPPFLAGS) $(ALL_CXXFLAGS) -c -o $@ $<

-include $(LIB_OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(BUILD)/obj/src/main.d \
	$(BUILD)/obj/test/bench/fill_sessions.d
