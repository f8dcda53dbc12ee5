// GET /api/v1/public/figures: open, the same bytes as `corridor figures`,
// a new answer with each new checkpoint and the same one in between, also
// to concurrent requests.

#include <corridor/api/api.hpp>
#include <corridor/api/api_test_fixture.hpp>
#include <corridor/app/figures.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <thread>
#include <vector>

namespace corridor::api {
namespace {

using testing::ApiTest;
using testing::Reply;

const std::string k_patient = "WHO-2025-0101";

class ApiPublicFigures : public ApiTest {
protected:
  std::string expected() {
    auto db = svc->reader();
    EXPECT_TRUE(db.ok());
    auto r = app::figures_from_database(**db, svc->config(), svc->log_key());
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->json : "";
  }
};

TEST_F(ApiPublicFigures, AnyoneGetsTheCommandsBytesAtTheLatestCheckpoint) {
  const auto rep = import_good();
  const Reply r = call("GET", "/api/v1/public/figures", "", "");  // no session
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.text, expected());
  EXPECT_EQ(r.text.back(), '\n');
  EXPECT_EQ(r.body["format"], "corridor-figures/v1");
  EXPECT_EQ(r.body["checkpoint"]["size"], log_size());
  EXPECT_EQ(r.body["totals"]["registered"], rep.rows);
  EXPECT_EQ(r.body["totals"]["pending"], rep.rows);

  // The same checkpoint: the same bytes. A decision makes a new checkpoint,
  // and the next answer counts it.
  EXPECT_EQ(call("GET", "/api/v1/public/figures", "", "").text, r.text);
  approve(k_patient, "referral", "who");
  const Reply after = call("GET", "/api/v1/public/figures", "", "");
  ASSERT_EQ(after.status, 200) << after.text;
  EXPECT_EQ(after.body["checkpoint"]["size"], log_size());
  EXPECT_GT(after.body["checkpoint"]["size"], r.body["checkpoint"]["size"]);
  EXPECT_EQ(after.text, expected());
  const nlohmann::json& decisions = after.body["days"].back()["decisions"];
  ASSERT_EQ(decisions.size(), 1u) << after.text;
  EXPECT_EQ(decisions[0],
            (nlohmann::json{
                {"count", 1}, {"outcome", "approve"}, {"party", "who"}, {"stage", "referral"}}));
}

// Computed once per checkpoint: the metrics count the computations.
TEST_F(ApiPublicFigures, ComputedOncePerCheckpoint) {
  import_good();
  auto computed = [&] {
    const std::string text = call("GET", "/metrics").text;
    const std::string name = "\ncorridor_figures_computed_total ";
    const auto at = text.find(name);
    return at == std::string::npos
               ? std::string("missing")
               : text.substr(at + name.size(), text.find('\n', at + 1) - at - name.size());
  };
  EXPECT_EQ(computed(), "0");
  for (int i = 0; i < 3; ++i) call("GET", "/api/v1/public/figures", "", "");
  EXPECT_EQ(computed(), "1");
  approve(k_patient, "referral", "who");
  for (int i = 0; i < 3; ++i) call("GET", "/api/v1/public/figures", "", "");
  EXPECT_EQ(computed(), "2");
}

TEST_F(ApiPublicFigures, ConcurrentRequestsGetOneAnswer) {
  import_good();
  std::vector<std::string> bodies(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < bodies.size(); ++i)
    threads.emplace_back(
        [&, i] { bodies[i] = call("GET", "/api/v1/public/figures", "", "").text; });
  for (auto& t : threads) t.join();
  const std::string want = expected();
  for (const std::string& b : bodies) EXPECT_EQ(b, want);
  const std::string metrics = call("GET", "/metrics").text;
  EXPECT_NE(metrics.find("\ncorridor_figures_computed_total 1\n"), std::string::npos);
}

TEST_F(ApiPublicFigures, ALogOfKeysAloneHasNoCases) {
  // The fixture registered officers only: a checkpoint, no case.
  const Reply r = call("GET", "/api/v1/public/figures", "", "");
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["totals"]["registered"], 0);
}

}  // namespace
}  // namespace corridor::api
