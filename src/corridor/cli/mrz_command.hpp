#pragma once
// corridor mrz: reads a travel document's machine readable zone and shows
// its fields and check digits (docs/mrz.md). A row of the table in
// commands.cpp.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

// Declares FILE (or - for standard input, the default) and --json.
void declare_mrz(CLI::App& app, Args& a);

// Prints the format, every field and every check digit of the MRZ in
// `a.file` (text, or JSON with --json) to io.out. Returns 0 if every check
// digit agrees; 65 if the text is not an MRZ (io.err names the line and
// column) or a check digit fails (io.err names it, after the result is
// printed); 66 if the file cannot be read.
int run_mrz(const Args& a, Io& io);

}  // namespace corridor::cli
