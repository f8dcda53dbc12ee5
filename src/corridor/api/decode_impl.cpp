// The helpers every body decoder shares (decode_impl.hpp): strict JSON
// with no member named twice, unknown members refused, strings and dates
// read with errors naming the field.

#include <corridor/api/decode_impl.hpp>

#include <corridor/core/date.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace corridor::api {
namespace {

using core::Errc;
using core::Result;
using nlohmann::json;

// A member's name as a field in a message ("FIELD: why"): the name itself,
// or a description when it is empty or could not be read back as a field
// (a colon or a space in it, or too long).
std::string member_label(std::string_view key) {
  if (key.empty()) return "(a member with an empty name)";
  if (key.size() > 64 || key.find_first_of(": ") != std::string_view::npos)
    return "(a member whose name holds a colon or a space, or is long)";
  return std::string(key);
}

// Where the parser is in a body: an object (the names of its members so
// far) or an array (the index of its current element).
struct Frame {
  bool array = false;
  std::size_t index = 0;  // an array's current element, from 1 once one began
  std::string key;        // an object's current member
  std::set<std::string, std::less<>> names;
};

// The path of the current member, as fields are named ("decisions[0].stage").
std::string path_of(const std::vector<Frame>& frames) {
  std::string out;
  for (const Frame& f : frames) {
    if (f.array)
      out += "[" + std::to_string(f.index == 0 ? 0 : f.index - 1) + "]";
    else
      out += (out.empty() ? "" : ".") + member_label(f.key);
  }
  return out;
}

// Parses `body`, refusing an object that names a member twice, at any
// depth: nlohmann keeps the last one, so {"outcome":"approve",
// "outcome":"deny"} would read as a deny while another reader (or a person)
// sees an approval. `duplicate` is set to the path of the first such member.
json parse_strict(std::string_view body, std::optional<std::string>& duplicate) {
  std::vector<Frame> frames;
  const json::parser_callback_t seen = [&](int, json::parse_event_t event, json& parsed) {
    using E = json::parse_event_t;
    const bool starts = event == E::object_start || event == E::array_start || event == E::value;
    if (starts && !frames.empty() && frames.back().array) ++frames.back().index;
    if (event == E::object_start || event == E::array_start) {
      frames.push_back(Frame{event == E::array_start, 0, {}, {}});
    } else if ((event == E::object_end || event == E::array_end) && !frames.empty()) {
      frames.pop_back();
    } else if (event == E::key && !frames.empty()) {
      Frame& f = frames.back();
      f.key = parsed.get<std::string>();
      if (!f.names.insert(f.key).second && !duplicate) duplicate = path_of(frames);
    }
    return true;
  };
  return json::parse(body, seen, false);
}

}  // namespace

namespace decode_detail {

core::Error bad(std::string_view field, const std::string& why) {
  return core::invalid(std::string(field), why);
}

core::Error within(const std::string& where, core::Error e) {
  e.field = where + "." + e.field;
  e.message = where + "." + e.message;
  return e;
}

Result<json> object(std::string_view body, std::initializer_list<std::string_view> allowed) {
  std::optional<std::string> duplicate;
  json j = parse_strict(body, duplicate);
  if (j.is_discarded()) return bad("body", "not valid JSON");
  if (duplicate) return bad(*duplicate, "member given twice in one object");
  if (!j.is_object()) return bad("body", "not a JSON object");
  for (const auto& [key, value] : j.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return bad(
          member_label(key), "unknown member (expected one of: " + [&] {
            std::string s;
            for (auto a : allowed) s += (s.empty() ? "" : ", ") + std::string(a);
            return s;
          }() + ")");
  return j;
}

// A string member: "" if absent and optional.
Result<std::string> text(const json& j, std::string_view name, bool required, std::size_t max) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) return bad(name, "missing");
    return std::string();
  }
  if (!it->is_string()) return bad(name, "not a string");
  std::string s = it->get<std::string>();
  if (required && s.empty()) return bad(name, "empty");
  if (s.size() > max) return bad(name, "longer than " + std::to_string(max) + " bytes");
  return s;
}

Result<core::Date> date(const json& j, std::string_view name) {
  auto t = text(j, name, true, 10);
  if (!t) return std::move(t).error();
  auto d = core::parse_date(*t);
  if (!d) return bad(name, "'" + *t + "' is not a date (YYYY-MM-DD)");
  return *d;
}

}  // namespace decode_detail

}  // namespace corridor::api
