#include <corridor/ledger/base64.hpp>
#include <corridor/ledger/witness_request.hpp>

#include <gtest/gtest.h>

namespace corridor::ledger {
namespace {

// The example request body of C2SP tlog-witness (add-checkpoint), byte for
// byte (../shared/vectors/c2sp.md, section 4).
const std::string k_spec_checkpoint =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "\xE2\x80\x94 example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "\xE2\x80\x94 example.com/behind-the-sofa "
    "opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/"
    "V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n";
const std::string k_spec_proof[] = {
    "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=", "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=",
    "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=", "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0="};
const std::string k_spec_request = "old 20852014\n" + k_spec_proof[0] + "\n" + k_spec_proof[1] +
                                   "\n" + k_spec_proof[2] + "\n" + k_spec_proof[3] + "\n\n" +
                                   k_spec_checkpoint;

std::string b64(const Hash& h) {
  return base64_encode({reinterpret_cast<const char*>(h.data()), h.size()});
}

TEST(WitnessRequest, ParsesTheSpecExampleAndFormatsItBackByteForByte) {
  auto r = parse_witness_request(k_spec_request);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->old_size, 20852014u);
  ASSERT_EQ(r->proof.size(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(b64(r->proof[i]), k_spec_proof[i]);
  EXPECT_EQ(r->checkpoint, k_spec_checkpoint);
  EXPECT_EQ(format_witness_request(r->old_size, r->proof, r->checkpoint), k_spec_request);
}

TEST(WitnessRequest, OldZeroWithoutProof) {
  auto r = parse_witness_request("old 0\n\n" + k_spec_checkpoint);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->old_size, 0u);
  EXPECT_TRUE(r->proof.empty());
  EXPECT_EQ(format_witness_request(0, {}, k_spec_checkpoint), "old 0\n\n" + k_spec_checkpoint);
}

TEST(WitnessRequest, RefusesBadFramingNamingTheLine) {
  const std::string line = k_spec_proof[0] + "\n";
  std::string many = "old 1\n";
  for (int i = 0; i < 64; ++i) many += line;
  const std::pair<std::string, std::string> cases[] = {
      {"", "line 1"},
      {"old 5", "line 1"},                           // no newline
      {"old05\n\n" + k_spec_checkpoint, "line 1"},   // no space
      {"old 05\n\n" + k_spec_checkpoint, "line 1"},  // leading zero
      {"old -1\n\n" + k_spec_checkpoint, "line 1"},
      {"old +1\n\n" + k_spec_checkpoint, "line 1"},
      {"old 1 \n\n" + k_spec_checkpoint, "line 1"},
      {"old 99999999999999999999\n\n" + k_spec_checkpoint, "line 1"},
      {"old 9223372036854775808\n\n" + k_spec_checkpoint, "line 1"},  // past 2^63-1
      {"OLD 1\n\n" + k_spec_checkpoint, "line 1"},
      {"old 1\nnot base64!\n\n" + k_spec_checkpoint, "line 2"},
      {"old 1\nAAAA\n\n" + k_spec_checkpoint, "line 2"},  // 3 bytes, not 32
      {"old 1\n" + line, "line 3"},                       // no empty line
      {"old 1\n" + line + "\n", "line 4"},                // nothing after it
      {many + "\n" + k_spec_checkpoint, "line 65: more than 63"},
  };
  for (const auto& [body, want] : cases) {
    auto r = parse_witness_request(body);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().code, core::Errc::bad_input);
    EXPECT_NE(r.error().message.find(want), std::string::npos) << r.error().message;
  }
}

TEST(WitnessRequest, AcceptsExactly63ProofLines) {
  std::string body = "old 1\n";
  for (int i = 0; i < 63; ++i) body += k_spec_proof[i % 4] + "\n";
  auto r = parse_witness_request(body + "\n" + k_spec_checkpoint);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->proof.size(), 63u);
}

}  // namespace
}  // namespace corridor::ledger
