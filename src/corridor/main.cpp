#include <corridor/cli/cli.hpp>

int main(int argc, char** argv) { return corridor::cli::main(argc, argv); }
