// The search box (GET /api/v1/search): found by ref, national ID, passport
// and name in either script; only by fields the party may see, answering
// only what it may see; every search in the read log, never its text.

#include <corridor/api/api_test_fixture.hpp>

#include <fstream>

namespace corridor::api {
namespace {

using nlohmann::json;
using testing::ApiTest;
using testing::Reply;

// The refs of a search's results, in order.
std::vector<std::string> refs_of(const Reply& r) {
  std::vector<std::string> refs;
  if (!r.body.is_object() || !r.body.contains("results")) return refs;
  for (const json& hit : r.body["results"]) refs.push_back(hit.at("ref").get<std::string>());
  return refs;
}

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class ApiSearch : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
  }
  Reply search(std::string_view q, const std::string& party) {
    return call("GET", "/api/v1/search?q=" + url_encode(q), "", login_party(party));
  }
  // The read log's entries, newest first, as the admin sees them.
  json reads() {
    Reply r = call("GET", "/api/v1/read-log?limit=1000", "", login(std::string(testing::k_admin)));
    EXPECT_EQ(r.status, 200) << r.text;
    return r.body["reads"];
  }
};

TEST_F(ApiSearch, FindsACaseByRefNationalIdPassportAndName) {
  EXPECT_EQ(refs_of(search("WHO-2025-0103", "who")), std::vector<std::string>{"WHO-2025-0103"});
  EXPECT_EQ(refs_of(search("408-627-198", "who")), std::vector<std::string>{"WHO-2025-0103"});
  EXPECT_EQ(refs_of(search("p4481207", "who")), std::vector<std::string>{"MOE-2025-0007"});
  const Reply latin = search("reem ABU", "who");
  EXPECT_EQ(refs_of(latin), std::vector<std::string>{"WHO-2025-0103"});
  EXPECT_EQ(latin.body["results"][0]["matched"], "name_en");
  EXPECT_EQ(latin.body["results"][0]["person"]["name_ar"], "ريم سمير أبو عودة");
  EXPECT_EQ(latin.body["truncated"], false);
}

TEST_F(ApiSearch, FindsAnArabicNameInAnyUnicodeFormAndSpelling) {
  // أبو جاموس typed with a bare alef, and with a decomposed hamza (NFD).
  for (std::string_view q :
       {"ابو جاموس", "\u0627\u0654\u0628\u0648 \u062c\u0627\u0645\u0648\u0633"}) {
    const Reply r = search(q, "who");
    ASSERT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(refs_of(r), (std::vector<std::string>{"WHO-2025-0104", "WHO-2025-0104-C1"})) << q;
    EXPECT_EQ(r.body["results"][0]["matched"], "name_ar");
  }
}

TEST_F(ApiSearch, AnswersOnlyTheFieldsThePartyMaySee) {
  const Reply r = search("WHO-2025-0101", "cogat");
  ASSERT_EQ(r.status, 200) << r.text;
  const json& hit = r.body["results"][0];
  EXPECT_EQ(hit["person"]["name_en"], "Mohammed Ahmad Al-Shaer");
  for (const char* hidden : {"urgency", "diagnosis", "phone", "national_id"})
    EXPECT_FALSE(hit.contains(hidden) || hit["person"].contains(hidden)) << hidden;
}

TEST_F(ApiSearch, RefusesAnEmptyOrLongQueryNamingQ) {
  const std::string token = login_party("who");
  for (const std::string& target : std::vector<std::string>{
           "/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=%20%20",
           "/api/v1/search?q=" + std::string(101, 'a'), "/api/v1/search?q=a%0Ab"}) {
    const Reply r = call("GET", target, "", token);
    EXPECT_EQ(r.status, 400) << target << ": " << r.text;
    EXPECT_EQ(r.body.value("field", ""), "q") << target;
  }
  // Refused before anything is read: nothing in the read log.
  EXPECT_TRUE(reads().empty());
}

TEST_F(ApiSearch, LogsEverySearchWithoutItsText) {
  ASSERT_EQ(search("408627198", "egypt").status, 200);
  ASSERT_EQ(search("Nobody Of That Name", "egypt").status, 200);
  const json log = reads();
  ASSERT_EQ(log.size(), 2u) << log.dump();
  EXPECT_EQ(log[1]["ref"], "WHO-2025-0103");
  EXPECT_EQ(log[1]["what"], "search: found by national_id");
  EXPECT_EQ(log[1]["account"], officer("egypt"));
  EXPECT_EQ(log[1]["reason"], "search");
  EXPECT_EQ(log[0]["ref"], "");
  EXPECT_EQ(log[0]["what"],
            "search: no match (looked in ref, national_id, passport_no, name_ar, name_en)");
  for (const json& e : log) {
    const std::string text = e.dump();
    EXPECT_EQ(text.find("408627198"), std::string::npos) << text;
    EXPECT_EQ(text.find("Nobody"), std::string::npos) << text;
  }
}

TEST_F(ApiSearch, BoundsTheResults) {
  // Every case of good.csv has "a" in a name: one-letter words are not
  // looked for, two letters are.
  EXPECT_TRUE(refs_of(search("a", "who")).empty());
  const Reply r = search("al", "who");
  EXPECT_GE(refs_of(r).size(), 5u);
  EXPECT_LE(refs_of(r).size(), r.body["limit"].get<std::size_t>());
}

TEST_F(ApiSearch, AnAdminCannotSearch) {
  const Reply r = call("GET", "/api/v1/search?q=WHO-2025-0101", "", login("admin-1"));
  EXPECT_EQ(r.status, 403) << r.text;
}

// A deployment where cogat sees names but no document number: a hostile
// cogat officer probes for whether a person is registered by their ID.
class ApiSearchHidden : public ApiSearch {
protected:
  std::optional<std::string> config_path() override {
    std::string text(app::embedded_default_config());
    const std::string from =
        R"(cogat = ["ref", "direction", "category", "group_ref", "name_ar", "name_en", "national_id",
         "passport_no", "date_of_birth")";
    const std::string to =
        R"(cogat = ["ref", "direction", "category", "group_ref", "name_ar", "name_en",
         "date_of_birth")";
    const auto at = text.find(from);
    if (at == std::string::npos) return std::nullopt;  // the test below then fails
    text.replace(at, from.size(), to);
    const std::string path = (dir() / "hidden.toml").string();
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(ApiSearchHidden, APartyCannotFindACaseByAFieldItMayNotSee) {
  ASSERT_FALSE(svc->config().may_see("cogat", "national_id"));
  // The same numbers find the case for egypt, which sees them.
  EXPECT_EQ(refs_of(search("408627198", "egypt")), std::vector<std::string>{"WHO-2025-0103"});
  EXPECT_EQ(refs_of(search("P4481207", "egypt")), std::vector<std::string>{"MOE-2025-0007"});
  // For cogat they answer as a number no one has: the same 200, no results,
  // and "searched" (fixed by the config) does not name the hidden fields.
  const Reply known = search("408627198", "cogat");
  const Reply unknown = search("408627199", "cogat");
  ASSERT_EQ(known.status, 200) << known.text;
  EXPECT_EQ(known.body, unknown.body);
  EXPECT_TRUE(refs_of(known).empty());
  EXPECT_TRUE(refs_of(search("P4481207", "cogat")).empty());
  EXPECT_EQ(known.body["searched"], (json{"ref", "name_ar", "name_en"}));
  // A name still finds the case, without the numbers.
  const Reply name = search("Lina Hamdan", "cogat");
  ASSERT_EQ(refs_of(name), std::vector<std::string>{"MOE-2025-0007"});
  EXPECT_FALSE(name.body["results"][0]["person"].contains("passport_no"));
}

}  // namespace
}  // namespace corridor::api
