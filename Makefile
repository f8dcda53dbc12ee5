# Corridor. `make demo` and `make test` each work alone on a fresh Debian
# machine: both install what is missing first (scripts/install-deps.sh).

BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE    ?= cmake
DEMO_DB  ?= $(BUILD)/demo.db
PATIENTS ?= 16500
FUZZ_SECONDS ?= 20

.PHONY: all deps configure build web test unit-test demo bench fuzz format clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure: $(BUILD)/CMakeCache.txt

# Leaves the binary at build/corridor, with the web UI built into it: `web`
# first copies its npm files into web/static/vendor, which the build embeds
# with the rest of web/static (scripts/embed_web.cmake).
build: configure web
	$(CMAKE) --build $(BUILD) -j$(JOBS)

web:
	@node web/scripts/vendor.mjs

# The whole suite: unit tests, the CLI integration tests, and each fuzz
# target over its corpus for a few seconds.
test: deps build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

# A fresh demo database: 16,500 waiting patients with their companions,
# six weeks of decisions by every party, then the coordinator's figures;
# then one demo login per party and the server with the web UI on it
# (DEMO_LISTEN, default 127.0.0.1:8080; DEMO_SERVE=0 stops before serving).
DEMO_LISTEN ?= 127.0.0.1:8080
DEMO_SERVE  ?= 1
demo: deps build
	DEMO_LISTEN=$(DEMO_LISTEN) DEMO_SERVE=$(DEMO_SERVE) \
	  bash scripts/demo.sh $(BUILD)/corridor $(DEMO_DB) $(PATIENTS)

bench: deps build
	bash scripts/bench.sh $(BUILD)

fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-fuzz
