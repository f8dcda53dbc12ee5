# Corridor. `make demo` and `make test` each work alone on a fresh Debian
# machine: both install what is missing first (scripts/install-deps.sh).

BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE    ?= cmake
DEMO_DB  ?= $(BUILD)/demo.db
PATIENTS ?= 16500
FUZZ_SECONDS ?= 20

.PHONY: all deps configure build test unit-test demo bench fuzz format clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure: $(BUILD)/CMakeCache.txt

# Leaves the binary at build/corridor.
build: configure
	$(CMAKE) --build $(BUILD) -j$(JOBS)

# The whole suite: unit tests, the CLI integration tests, and each fuzz
# target over its corpus for a few seconds.
test: deps build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

# A fresh demo database: 16,500 waiting patients with their companions,
# six weeks of decisions by every party, then the coordinator's figures.
demo: deps build
	$(BUILD)/corridor demo --db $(DEMO_DB) --patients $(PATIENTS) --fresh

bench: deps build
	bash scripts/bench.sh $(BUILD)

fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-fuzz
