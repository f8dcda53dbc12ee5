// C2SP tlog-witness add-checkpoint over HTTP (`corridor witness serve`):
// every status the spec names, in its order, byte for byte where the spec
// gives bytes, and the state file across a restart and a crash.

#include <corridor/api/client.hpp>
#include <corridor/api/server.hpp>
#include <corridor/api/witness_http.hpp>
#include <corridor/app/log.hpp>
#include <corridor/ledger/base64.hpp>
#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/witness_request.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace corridor::api {
namespace {

namespace fs = std::filesystem;
using ledger::Hash;
constexpr core::Timestamp k_now = 1767225600;  // 2026-01-01T00:00:00Z

// A log of `leaves` leaf hashes, as a NodeSource (perfect subtrees only).
struct Tree {
  std::vector<Hash> leaves;
  explicit Tree(std::uint64_t size, const std::string& salt = "") {
    for (std::uint64_t i = 0; i < size; ++i)
      leaves.push_back(ledger::leaf_hash(salt + "entry " + std::to_string(i)));
  }
  Hash node(unsigned level, std::uint64_t index) const {
    if (level == 0) return leaves.at(index);
    return ledger::node_hash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
  }
  ledger::NodeSource nodes() const {
    return [this](unsigned level, std::uint64_t index) { return node(level, index); };
  }
  Hash root(std::uint64_t size) const { return ledger::tree_root(nodes(), size); }
  std::vector<Hash> proof(std::uint64_t from, std::uint64_t to) const {
    return ledger::consistency_proof(nodes(), from, to);
  }
};

class WitnessHttp : public ::testing::Test {
protected:
  WitnessHttp()
      : dir(fs::temp_directory_path() / ("corridor-witness-http-" + std::to_string(::getpid()))),
        log_key(ledger::PrivateKey::generate("corridor.test/log", ledger::KeyType::ed25519)),
        witness_key(ledger::PrivateKey::generate("who/witness", ledger::KeyType::cosignature)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    state = (dir / "who.state").string();
    handler = make_handler();
  }
  ~WitnessHttp() override { fs::remove_all(dir); }

  std::function<Response(const Request&)> make_handler() {
    return witness_handler({state, witness_key, log_key.public_key(), [] { return k_now; }});
  }

  std::string checkpoint(const Tree& t, std::uint64_t size, const ledger::PrivateKey& key) {
    return app::sign_checkpoint({key.public_key().name, size, t.root(size), {}}, key);
  }
  std::string checkpoint(const Tree& t, std::uint64_t size) { return checkpoint(t, size, log_key); }
  Response post(std::string body) {
    Request r;
    r.method = "POST";
    r.target = "/add-checkpoint";
    r.body = std::move(body);
    return handler(r);
  }
  Response add(std::uint64_t old_size, const std::vector<Hash>& proof, const std::string& cp) {
    return post(ledger::format_witness_request(old_size, proof, cp));
  }
  // A 200 answer: exactly one cosignature line by the witness key over the
  // checkpoint's text, timestamped now.
  void expect_cosigned(const Response& r, const std::string& cp_note) {
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.get("Content-Type").value_or(""), "text/plain; charset=utf-8");
    ASSERT_EQ(r.body.find('\n'), r.body.size() - 1) << "one line ending in a newline";
    ASSERT_EQ(r.body.rfind("\xE2\x80\x94 who/witness ", 0), 0u) << r.body;
    auto sig = ledger::parse_signature_line(r.body);
    ASSERT_TRUE(sig) << sig.error().message;
    auto note = ledger::parse_note(cp_note);
    ASSERT_TRUE(note);
    auto t = ledger::verify_cosignature(note->text, *sig, witness_key.public_key());
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(*t, static_cast<std::uint64_t>(k_now));
    // The client may append the answer to the checkpoint and verify it.
    auto whole = ledger::parse_note(cp_note + r.body);
    ASSERT_TRUE(whole) << whole.error().message;
    EXPECT_EQ(whole->signatures.size(), 2u);
  }
  void expect_status(const Response& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.headers.get("Content-Type").value_or(""), "text/plain; charset=utf-8");
    EXPECT_EQ(r.body.find("\xE2\x80\x94"), std::string::npos) << "no cosignature on a refusal";
  }
  std::string state_text() {
    std::ifstream f(state, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }

  fs::path dir;
  std::string state;
  ledger::PrivateKey log_key;
  ledger::PrivateKey witness_key;
  std::function<Response(const Request&)> handler;
};

// The spec's example request (../shared/vectors/c2sp.md, section 4).
const std::string k_spec_request =
    "old 20852014\n"
    "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
    "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
    "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
    "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
    "\n"
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "\xE2\x80\x94 example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "\xE2\x80\x94 example.com/behind-the-sofa "
    "opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/"
    "V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n";

TEST_F(WitnessHttp, SpecExampleFromAnUnknownOriginIs404) {
  expect_status(post(k_spec_request), 404);
  EXPECT_FALSE(fs::exists(state)) << "nothing saved";
}

TEST_F(WitnessHttp, SpecExampleWithoutATrustedSignatureIs403) {
  // A witness of a log of that origin, whose key did not sign the example.
  log_key = ledger::PrivateKey::generate("example.com/behind-the-sofa", ledger::KeyType::ed25519);
  handler = make_handler();
  expect_status(post(k_spec_request), 403);
}

TEST_F(WitnessHttp, CheckpointSignedByAnotherKeyOfTheSameNameIs403) {
  Tree t(5);
  auto other = ledger::PrivateKey::generate("corridor.test/log", ledger::KeyType::ed25519);
  expect_status(add(0, {}, checkpoint(t, 5, other)), 403);
}

TEST_F(WitnessHttp, TrustedKeyWhoseSignatureFailsIs403EvenBesideAGoodOne) {
  Tree t(5);
  const std::string good = checkpoint(t, 5);
  auto note = ledger::parse_note(good);
  ASSERT_TRUE(note);
  ledger::NoteSignature bad = note->signatures[0];
  bad.signature[0] ^= 1;
  note->signatures.push_back(bad);
  expect_status(add(0, {}, ledger::format_note(*note)), 403);
}

TEST_F(WitnessHttp, OldSizePastTheCheckpointIs400) {
  Tree t(5);
  expect_status(add(6, {}, checkpoint(t, 5)), 400);
}

TEST_F(WitnessHttp, MalformedBodyIs400) {
  Tree t(5);
  expect_status(post("old 0\n" + checkpoint(t, 5)), 400);  // no empty line
  expect_status(post("old 00\n\n" + checkpoint(t, 5)), 400);
  expect_status(post("old 0\n\nnot a note\n"), 400);
}

TEST_F(WitnessHttp, CosignsThenAnswers409WithTheSizeItHolds) {
  Tree t(8);
  const std::string cp5 = checkpoint(t, 5);
  expect_cosigned(add(0, {}, cp5), cp5);
  // The state: the log key, then the checkpoint's text.
  auto note = ledger::parse_note(cp5);
  EXPECT_EQ(state_text(), "log " + ledger::format_vkey(log_key.public_key()) + "\n" + note->text);

  const std::string cp8 = checkpoint(t, 8);
  for (std::uint64_t wrong : {0u, 3u, 7u}) {
    Response r = add(wrong, wrong ? t.proof(wrong, 8) : std::vector<Hash>{}, cp8);
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.body, "5\n");  // byte for byte: the size, a newline
    EXPECT_EQ(r.headers.get("Content-Type").value_or(""), "text/x.tlog.size");
  }
  expect_cosigned(add(5, t.proof(5, 8), cp8), cp8);
  Response r = add(5, t.proof(5, 8), cp8);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, "8\n");
}

TEST_F(WitnessHttp, BadConsistencyProofIs422AndNotSaved) {
  Tree t(8), fork(8, "fork ");
  const std::string cp5 = checkpoint(t, 5);
  expect_cosigned(add(0, {}, cp5), cp5);
  const std::string before = state_text();
  // A fork of the log: its own proof does not lead from what the witness holds.
  expect_status(add(5, fork.proof(5, 8), checkpoint(fork, 8)), 422);
  // The right tree with a wrong proof.
  auto proof = t.proof(5, 8);
  proof[0][0] ^= 1;
  expect_status(add(5, proof, checkpoint(t, 8)), 422);
  expect_status(add(5, {}, checkpoint(t, 8)), 422);
  EXPECT_EQ(state_text(), before);
}

TEST_F(WitnessHttp, SameSizeOtherRootIs422) {
  Tree t(5), fork(5, "fork ");
  const std::string cp5 = checkpoint(t, 5);
  expect_cosigned(add(0, {}, cp5), cp5);
  expect_status(add(5, {}, checkpoint(fork, 5)), 422);
  expect_cosigned(add(5, {}, cp5), cp5);  // the same checkpoint again is fine
}

TEST_F(WitnessHttp, ProofFromZeroIs422) {
  Tree t(5);
  expect_status(add(0, t.proof(2, 5), checkpoint(t, 5)), 422);
}

TEST_F(WitnessHttp, EmptyTreeWithAnotherRootIs422) {
  Tree t(1);
  expect_status(post(ledger::format_witness_request(
                    0, {}, app::sign_checkpoint({"corridor.test/log", 0, t.root(1), {}}, log_key))),
                422);
  const std::string empty =
      app::sign_checkpoint({"corridor.test/log", 0, ledger::empty_root(), {}}, log_key);
  expect_cosigned(add(0, {}, empty), empty);
}

TEST_F(WitnessHttp, OtherPathsAndMethods) {
  Request r;
  r.method = "GET";
  r.target = "/add-checkpoint";
  Response res = handler(r);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.headers.get("Allow").value_or(""), "POST");
  r.method = "POST";
  r.target = "/api/v1/log/checkpoint";
  EXPECT_EQ(handler(r).status, 404);
}

// The state outlives the process: a new handler on the same file (a
// restart) holds the size, and a temporary file left by a crash mid-write
// does not matter (the state is renamed into place whole).
TEST_F(WitnessHttp, StateSurvivesARestartAndACrashMidWrite) {
  Tree t(9);
  const std::string cp5 = checkpoint(t, 5);
  expect_cosigned(add(0, {}, cp5), cp5);
  {
    std::ofstream half(state + ".tmp", std::ios::binary);
    half << "log corridor.test/log+";  // what kill -9 during a write leaves
  }
  handler = make_handler();
  Response r = add(0, {}, checkpoint(t, 9));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, "5\n");
  const std::string cp9 = checkpoint(t, 9);
  expect_cosigned(add(5, t.proof(5, 9), cp9), cp9);
  EXPECT_FALSE(fs::exists(state + ".tmp"));
}

// Over a real socket, through api::Server and api::Client.
TEST_F(WitnessHttp, OverHttp) {
  ServerOptions o;
  o.port = 0;
  o.max_body = 64 << 10;
  auto server = Server::start(o, handler);
  ASSERT_TRUE(server) << server.error().message;
  auto url = parse_url("http://127.0.0.1:" + std::to_string((*server)->port()));
  ASSERT_TRUE(url);
  Client client(*url);
  Tree t(3);
  Request r;
  r.method = "POST";
  r.target = "/add-checkpoint";
  r.body = ledger::format_witness_request(0, {}, checkpoint(t, 3));
  auto first = client.send(r);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->status, 200);
  auto second = client.send(r);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->status, 409);
  EXPECT_EQ(second->body, "3\n");
  EXPECT_EQ(second->headers.get("Content-Type").value_or(""), "text/x.tlog.size");
}

}  // namespace
}  // namespace corridor::api
