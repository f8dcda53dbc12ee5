#include <corridor/cli/mrz_command.hpp>

#include <corridor/cli/common.hpp>
#include <corridor/core/mrz.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>
#include <iterator>

namespace corridor::cli {
namespace {

bool from_stdin(const Args& a) { return a.file.empty() || a.file == "-"; }

core::Result<std::string> read_mrz_text(const Args& a) {
  if (!from_stdin(a)) return app::read_file(a.file);
  return std::string(std::istreambuf_iterator<char>(std::cin), {});
}

void print_text(std::ostream& out, const core::Mrz& m) {
  out << "format " << core::to_string(m.format) << "\n";
  for (const auto& [name, value] : m.fields)
    out << std::left << std::setw(28) << name << value << "\n";
  for (const core::MrzCheck& c : m.checks)
    out << "check " << std::left << std::setw(22) << c.field << "found " << c.found << "  computed "
        << c.computed << "  " << (c.ok ? "ok" : "FAILED") << "\n";
  out << "valid " << (m.valid() ? "yes" : "no") << "\n";
}

// Keys in MRZ order, as in tests/vectors/mrz.json.
nlohmann::ordered_json to_json(const core::Mrz& m) {
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
  for (const auto& [name, value] : m.fields) fields[name] = value;
  nlohmann::ordered_json checks = nlohmann::ordered_json::object();
  for (const core::MrzCheck& c : m.checks)
    checks[c.field] = {
        {"found", std::string(1, c.found)}, {"computed", std::string(1, c.computed)}, {"ok", c.ok}};
  return {{"format", core::to_string(m.format)},
          {"valid", m.valid()},
          {"fields", fields},
          {"check_digits", checks}};
}

// "check digits fail: composite (found 0, computed 1), ..."
std::string failed_checks(const core::Mrz& m) {
  std::string out = "check digits fail:";
  for (const core::MrzCheck& c : m.checks)
    if (!c.ok)
      out += std::string(out.back() == ':' ? " " : ", ") + c.field + " (found " + c.found +
             ", computed " + c.computed + ")";
  return out;
}

}  // namespace

void declare_mrz(CLI::App& app, Args& a) {
  app.add_option("FILE", a.file,
                 "A text file with the MRZ's 2 or 3 lines, or - for standard input (the default)");
  app.add_flag("--json", a.json, "Print JSON instead of text");
}

int run_mrz(const Args& a, Io& io) {
  auto text = read_mrz_text(a);
  if (!text) return fail(io, text.error());
  auto mrz = core::parse_mrz(*text);
  const std::string source = from_stdin(a) ? "standard input" : a.file;
  if (!mrz)
    return fail(io, core::make_error(mrz.error().code, source + ": " + mrz.error().message));
  if (a.json)
    io.out << to_json(*mrz).dump(2) << "\n";
  else
    print_text(io.out, *mrz);
  if (mrz->valid()) return k_exit_ok;
  return fail(io, core::make_error(core::Errc::bad_input, source + ": " + failed_checks(*mrz)));
}

}  // namespace corridor::cli
