#pragma once
// Result<T>: the value of an operation, or the Error that a user or a peer
// caused (bad input, not found, refused, conflict). Exceptions are kept for
// start-up failures and bugs; nothing a user can cause throws.

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace corridor::core {

// What went wrong, as a category. The CLI maps these to sysexits.h codes in
// one table (cli/exit_codes.hpp); the HTTP API will map them to statuses.
enum class Errc {
  usage,      // the caller used the interface wrongly (64)
  bad_input,  // input data is malformed or breaks a field rule (65)
  not_found,  // a named input (file, case, database) does not exist (66)
  refused,    // a domain rule refused the request (69)
  conflict,   // the request conflicts with stored state (69)
  internal,   // a bug or an environment failure (70)
};

// An error: its category, a one-line message that names the thing that is
// wrong, and optional further lines (one per problem, e.g. per CSV row).
// `rule` and `field` are what programs branch on; nothing branches on the
// message, which is for people.
struct Error {
  Errc code = Errc::internal;
  std::string message;
  std::vector<std::string> details;
  // The rule that refused ("stage-party", "stale-snapshot"; the names in
  // docs/log_format.md and docs/api.md), or a whole-input code of bad input
  // ("import-rows"). Empty for an error no rule names.
  std::string rule;
  // The input field at fault, as the caller named it ("outcome",
  // "changes.phone"), if one.
  std::string field;
};

inline Error make_error(Errc code, std::string message) {
  return Error{code, std::move(message), {}, {}, {}};
}

// The one way to say that a rule refused: Errc::refused (or `code`, e.g.
// Errc::conflict), the message "rule: why", and the rule as a member.
inline Error refuse(std::string_view rule, std::string_view why, std::string field = {},
                    Errc code = Errc::refused) {
  std::string message(rule);
  message += ": ";
  message += why;
  return Error{code, std::move(message), {}, std::string(rule), std::move(field)};
}

// Bad input in one field: Errc::bad_input, the message "field: why".
inline Error invalid(std::string field, std::string_view why) {
  std::string message = field + ": ";
  message += why;
  return Error{Errc::bad_input, std::move(message), {}, {}, std::move(field)};
}

template <class T>
class [[nodiscard]] Result {
public:
  using value_type = T;

  Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(m_v);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(m_v);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(m_v));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(m_v);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(m_v));
  }

private:
  std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Error error) : m_error(std::move(error)), m_failed(true) {}

  bool ok() const { return !m_failed; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(!ok());
    return m_error;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(m_error);
  }

private:
  Error m_error;
  bool m_failed = false;
};

}  // namespace corridor::core
