// The OpenAPI document (src/corridor/api/openapi.json) against the route
// table: every route is documented and nothing else is, with its path
// parameters, its Idempotency-Key, its security and its problem responses.
// The document is checked as embedded in the binary, the bytes that
// GET /api/v1/openapi.json serves.

#include <corridor/api/api.hpp>

#include <corridor/api/auth.hpp>
#include <corridor/app/test_deployment.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace corridor::api {
namespace {

using nlohmann::json;

constexpr std::string_view k_problem_ref = "#/components/schemas/Problem";
constexpr std::array<std::string_view, 8> k_methods{"get",     "put",  "post",  "delete",
                                                    "options", "head", "patch", "trace"};

json parse_document() { return json::parse(openapi_document(), nullptr, false); }

// "/api/v1/log/tile/{path*}" -> "/api/v1/log/tile/{path}": OpenAPI has no
// rest-of-path parameter, so the document names it plainly.
std::string document_path(std::string_view pattern) {
  std::string out(pattern);
  for (auto star = out.find("*}"); star != std::string::npos; star = out.find("*}"))
    out.erase(star, 1);
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The parameter names of a pattern, without the '*' of a rest parameter.
std::vector<std::string> pattern_params(std::string_view pattern) {
  std::vector<std::string> out;
  for (auto open = pattern.find('{'); open != std::string_view::npos;
       open = pattern.find('{', open + 1)) {
    const auto close = pattern.find('}', open);
    std::string name(pattern.substr(open + 1, close - open - 1));
    if (!name.empty() && name.back() == '*') name.pop_back();
    out.push_back(std::move(name));
  }
  return out;
}

std::string_view access_name(Access a) {
  switch (a) {
    case Access::open:
      return "open";
    case Access::signed_in:
      return "signed_in";
    case Access::officer:
      return "officer";
    case Access::monitor:
      return "monitor";
    case Access::admin:
      return "admin";
    case Access::auditor:
      return "auditor";
  }
  return "?";
}

// j[key], or null if j is no object or has no such member (a const json's
// operator[] of a missing key is undefined behaviour).
const json& member(const json& j, std::string_view key) {
  static const json k_null;
  if (!j.is_object()) return k_null;
  const auto it = j.find(key);
  return it == j.end() ? k_null : *it;
}

// Follows local "$ref"s ("#/components/...") to what they name; a null
// json for a reference that resolves to nothing.
const json& resolve(const json& doc, const json& node) {
  static const json k_null;
  const json* at = &node;
  for (int hops = 0; hops < 8 && at->is_object() && at->contains("$ref"); ++hops) {
    const std::string ref = member(*at, "$ref").get<std::string>();
    if (ref.size() < 2 || ref.front() != '#') return k_null;
    const json::json_pointer pointer(ref.substr(1));
    if (!doc.contains(pointer)) return k_null;
    at = &doc.at(pointer);
  }
  return *at;
}

// An operation's parameters, path-level ones included, resolved.
std::vector<json> parameters_of(const json& doc, const json& path_item, const json& op) {
  std::vector<json> out;
  for (const json* list : {&path_item, &op})
    if (list->contains("parameters"))
      for (const json& p : member(*list, "parameters")) out.push_back(resolve(doc, p));
  return out;
}

bool is_problem_response(const json& doc, const json& response) {
  const json& r = resolve(doc, response);
  const json& schema = member(member(member(r, "content"), "application/problem+json"), "schema");
  return member(schema, "$ref") == json(std::string(k_problem_ref));
}

// Every "$ref" string anywhere in `node`, with where it is.
void collect_refs(const json& node, const std::string& where,
                  std::vector<std::pair<std::string, std::string>>* out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string())
        out->emplace_back(where, value.get<std::string>());
      else
        collect_refs(value, where + "/" + key, out);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      collect_refs(node[i], where + "/" + std::to_string(i), out);
  }
}

// --- the document alone ------------------------------------------------------

TEST(OpenApiDocument, ParsesAsOpenApi31) {
  const json doc = parse_document();
  ASSERT_FALSE(doc.is_discarded()) << "openapi.json is not valid JSON";
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.value("openapi", ""), "3.1.0");
  ASSERT_TRUE(doc.contains("info"));
  EXPECT_EQ(member(doc["info"], "title"), "Corridor API");
  EXPECT_EQ(member(doc["info"], "version"), "1");
  ASSERT_TRUE(doc.contains("paths") && doc["paths"].is_object());
  EXPECT_FALSE(doc["paths"].empty());
  const json& schemes = member(member(doc, "components"), "securitySchemes");
  EXPECT_EQ(member(member(schemes, "bearer"), "type"), "http");
  EXPECT_EQ(member(member(schemes, "bearer"), "scheme"), "bearer");
  EXPECT_EQ(member(member(schemes, "cookie"), "type"), "apiKey");
  EXPECT_EQ(member(member(schemes, "cookie"), "in"), "cookie");
  EXPECT_EQ(member(member(schemes, "cookie"), "name"), "corridor_session");
}

TEST(OpenApiDocument, EveryRefResolvesUnderComponents) {
  const json doc = parse_document();
  ASSERT_FALSE(doc.is_discarded());
  std::vector<std::pair<std::string, std::string>> refs;
  collect_refs(doc, "", &refs);
  ASSERT_FALSE(refs.empty());
  for (const auto& [where, ref] : refs) {
    EXPECT_TRUE(ref.starts_with("#/components/")) << where << ": " << ref;
    EXPECT_FALSE(resolve(doc, json{{"$ref", ref}}).is_null()) << where << ": " << ref;
  }
}

TEST(OpenApiDocument, OperationIdsAreUnique) {
  const json doc = parse_document();
  ASSERT_FALSE(doc.is_discarded());
  std::set<std::string> seen;
  for (const auto& [path, item] : member(doc, "paths").items())
    for (const auto& [method, op] : item.items()) {
      if (std::find(k_methods.begin(), k_methods.end(), method) == k_methods.end()) continue;
      const std::string id = op.value("operationId", "");
      EXPECT_FALSE(id.empty()) << method << " " << path;
      EXPECT_TRUE(seen.insert(id).second) << "operationId " << id << " twice";
    }
}

// JSON request bodies are described as the decoders read them: an unknown
// member is refused (decode.hpp), so the schema says so too.
TEST(OpenApiDocument, JsonBodiesRefuseUnknownMembers) {
  const json doc = parse_document();
  ASSERT_FALSE(doc.is_discarded());
  for (const auto& [path, item] : member(doc, "paths").items())
    for (const auto& [method, op] : item.items()) {
      if (!op.is_object() || !op.contains("requestBody")) continue;
      const json& body = resolve(doc, op["requestBody"]);
      const json& media = member(member(body, "content"), "application/json");
      if (media.is_null()) continue;
      const json& schema = resolve(doc, member(media, "schema"));
      EXPECT_EQ(schema.value("additionalProperties", json(true)), json(false))
          << method << " " << path;
    }
}

// --- the document against the route table ---------------------------------------

class OpenApiTest : public app::testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    AuthOptions o;
    o.fast_hash_for_tests = true;
    auth = std::make_unique<Auth>(*svc, env, o);
    api = std::make_unique<Api>(*svc, *auth, env);
    doc = parse_document();
    ASSERT_FALSE(doc.is_discarded());
  }

  void TearDown() override {
    api.reset();
    auth.reset();
    DeploymentTest::TearDown();
  }

  const std::vector<Route>& routes() const { return api->routes().routes(); }

  // The path item of a route, or null.
  const json& path_item(const Route& r) const {
    static const json k_null;
    const std::string path = document_path(r.pattern);
    return member(member(doc, "paths"), path);
  }

  // The operation of a route, or null.
  const json& operation(const Route& r) const {
    static const json k_null;
    const json& item = path_item(r);
    const std::string method = lower(r.method);
    return item.is_object() && item.contains(method) ? item[method] : k_null;
  }

  std::unique_ptr<Auth> auth;
  std::unique_ptr<Api> api;
  json doc;
};

TEST_F(OpenApiTest, EveryRouteIsDocumentedWithItsSummary) {
  ASSERT_FALSE(routes().empty());
  for (const Route& r : routes()) {
    const json& op = operation(r);
    if (!op.is_object()) {
      ADD_FAILURE() << r.method << " " << r.pattern << " is not in openapi.json";
      continue;
    }
    EXPECT_EQ(op.value("summary", ""), r.summary) << r.method << " " << r.pattern;
  }
}

TEST_F(OpenApiTest, EveryDocumentedOperationIsARoute) {
  std::set<std::pair<std::string, std::string>> table;
  for (const Route& r : routes()) table.emplace(lower(r.method), document_path(r.pattern));
  for (const auto& [path, item] : member(doc, "paths").items())
    for (const auto& [method, op] : item.items()) {
      if (std::find(k_methods.begin(), k_methods.end(), method) == k_methods.end()) continue;
      EXPECT_TRUE(table.contains({method, path}))
          << method << " " << path << " is documented but not a route";
    }
}

TEST_F(OpenApiTest, PathParametersAreDeclaredAndRequired) {
  for (const Route& r : routes()) {
    const json& op = operation(r);
    if (!op.is_object()) {
      ADD_FAILURE() << r.method << " " << r.pattern << " is not in openapi.json";
      continue;
    }
    const std::vector<std::string> names = pattern_params(r.pattern);
    std::set<std::string> declared;
    for (const json& p : parameters_of(doc, path_item(r), op)) {
      if (p.value("in", "") != "path") continue;
      declared.insert(p.value("name", ""));
      EXPECT_EQ(p.value("required", false), true) << r.pattern << ": " << p.value("name", "");
    }
    EXPECT_EQ(declared, std::set<std::string>(names.begin(), names.end()))
        << r.method << " " << r.pattern;
  }
}

TEST_F(OpenApiTest, IdempotencyKeyAndSecurityFollowTheRoute) {
  const bool secured_by_default = !member(doc, "security").empty();
  for (const Route& r : routes()) {
    const json& op = operation(r);
    if (!op.is_object()) {
      ADD_FAILURE() << r.method << " " << r.pattern << " is not in openapi.json";
      continue;
    }
    std::optional<json> key;
    for (const json& p : parameters_of(doc, path_item(r), op))
      if (p.value("in", "") == "header" && lower(p.value("name", "")) == "idempotency-key") key = p;
    if (r.idempotent) {
      EXPECT_TRUE(key && key->value("required", false))
          << r.method << " " << r.pattern << " lacks a required Idempotency-Key";
    } else {
      EXPECT_FALSE(key.has_value())
          << r.method << " " << r.pattern << " documents an Idempotency-Key it does not read";
    }
    const bool open_in_doc =
        op.contains("security") ? member(op, "security").empty() : !secured_by_default;
    EXPECT_EQ(open_in_doc, r.access == Access::open) << r.method << " " << r.pattern;
  }
}

TEST_F(OpenApiTest, AccessExtensionNamesTheRole) {
  for (const Route& r : routes()) {
    const json& op = operation(r);
    if (!op.is_object()) {
      ADD_FAILURE() << r.method << " " << r.pattern << " is not in openapi.json";
      continue;
    }
    EXPECT_EQ(op.value("x-corridor-access", ""), access_name(r.access))
        << r.method << " " << r.pattern;
  }
}

TEST_F(OpenApiTest, EveryOperationDescribesItsProblems) {
  for (const Route& r : routes()) {
    const json& op = operation(r);
    if (!op.is_object()) {
      ADD_FAILURE() << r.method << " " << r.pattern << " is not in openapi.json";
      continue;
    }
    EXPECT_TRUE(op.contains("responses")) << r.method << " " << r.pattern;
    int client_errors = 0;
    bool success = false;
    const json responses = op.value("responses", json::object());
    for (const auto& [code, response] : responses.items()) {
      success = success || code.starts_with('2');
      if (!code.starts_with('4') && !code.starts_with('5')) continue;
      client_errors += code.starts_with('4');
      EXPECT_TRUE(is_problem_response(doc, response))
          << r.method << " " << r.pattern << " " << code << " is not problem+json";
    }
    EXPECT_GT(client_errors, 0) << r.method << " " << r.pattern << " lists no 4xx problem";
    EXPECT_TRUE(success) << r.method << " " << r.pattern << " lists no success";
  }
}

TEST_F(OpenApiTest, IsServedAtItsRoute) {
  Response res = api->handle(Request{"GET", "/api/v1/openapi.json", {}, {}, "127.0.0.1"});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.headers.get("Content-Type").value_or(""), "application/json");
  EXPECT_EQ(res.body, openapi_document());
}

}  // namespace
}  // namespace corridor::api
