#include <corridor/ledger/note.hpp>

#include <corridor/core/case.hpp>
#include <corridor/ledger/base64.hpp>

#include <corridor/ledger/test_vectors.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <string>

namespace corridor::ledger {
namespace {

using namespace vectors;

const nlohmann::json& doc() { return signed_note_vectors(); }

const nlohmann::json& published(const std::string& id) { return vectors::published(doc(), id); }

const std::string k_dash = "\xe2\x80\x94 ";  // U+2014 EM DASH, U+0020

PublicKey vkey(const nlohmann::json& text) {
  auto key = parse_vkey(text.get<std::string>());
  if (!key) throw std::runtime_error(key.error().message);
  return *key;
}

std::vector<PublicKey> vkeys(const nlohmann::json& list) {
  std::vector<PublicKey> out;
  for (const auto& v : list) out.push_back(vkey(v));
  return out;
}

Note parse_ok(const std::string& bytes) {
  auto note = parse_note(bytes);
  if (!note) throw std::runtime_error(note.error().message);
  return *note;
}

std::vector<std::string> names(const std::vector<PublicKey>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) out.push_back(k.name);
  return out;
}

// The PeterNeumann note split into its text and its signature line.
struct PeterNote {
  std::string note, text, line;
};

PeterNote peter_note() {
  PeterNote p;
  p.note = published("go-sumdb-note-peterneumann").at("note");
  const auto split = p.note.rfind("\n\n");
  p.text = p.note.substr(0, split + 1);
  p.line = p.note.substr(split + 2);
  return p;
}

void expect_malformed(const std::string& bytes, const std::string& what) {
  auto note = parse_note(bytes);
  ASSERT_FALSE(note) << what;
  EXPECT_EQ(note.error().code, core::Errc::bad_input) << what;
  EXPECT_TRUE(note.error().message.starts_with("malformed note"))
      << what << ": " << note.error().message;
}

TEST(SignedNote, VerifiesTheC2spExample) {
  const auto& v = published("c2sp-signed-note-example");
  const std::string bytes = v.at("note");
  const Note note = parse_ok(bytes);
  EXPECT_EQ(note.text, v.at("signed_text").get<std::string>());
  ASSERT_EQ(note.signatures.size(), 1u);
  EXPECT_EQ(note.signatures[0].name, v.at("key_name").get<std::string>());
  EXPECT_EQ(format_key_id(note.signatures[0].key_id), v.at("key_id_hex").get<std::string>());
  EXPECT_EQ(note.signatures[0].signature.size(), 64u);
  const PublicKey key = vkey(v.at("vkey"));
  EXPECT_EQ(static_cast<int>(key.type), v.at("signature_type").get<int>());
  EXPECT_TRUE(verify_note_signature(note.text, note.signatures[0], key));
  auto verified = verify_note(note, std::vector{key});
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(*verified, std::vector{key});
  EXPECT_EQ(format_note(note), bytes);
}

// Ed25519 is deterministic, so signing the text with the published private
// key reproduces the published line.
TEST(SignedNote, ReproducesPeterNeumannSignatureLine) {
  const auto& v = published("go-sumdb-note-peterneumann");
  const auto p = peter_note();
  auto skey = PrivateKey::parse(v.at("skey").get<std::string>());
  ASSERT_TRUE(skey) << skey.error().message;
  const PublicKey key = vkey(v.at("vkey"));
  EXPECT_EQ(skey->public_key(), key);
  EXPECT_EQ(format_key_id(key_id(key.name, key.type, key.key)),
            v.at("key_id_hex").get<std::string>());
  const NoteSignature sig = sign_note_text(p.text, *skey);
  EXPECT_EQ(format_signature_line(sig), p.line);
  const Note note = parse_ok(p.note);
  ASSERT_EQ(note.signatures.size(), 1u);
  EXPECT_EQ(note.signatures[0], sig);
  auto verified = verify_note(note, std::vector{key});
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(format_note(note), p.note);
}

TEST(SignedNote, VerifiesTwoSignersWithOneBothOrNoKeys) {
  const auto& v = published("go-sumdb-note-two-signers");
  const Note note = parse_ok(v.at("note"));
  ASSERT_EQ(note.signatures.size(), 2u);
  const auto keys = vkeys(v.at("vkeys"));
  auto both = verify_note(note, keys);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(names(*both), (std::vector<std::string>{"PeterNeumann", "EnochRoot"}));
  // Keys are matched by (name, ID), not by their order in the list.
  auto reversed = verify_note(note, std::vector{keys[1], keys[0]});
  ASSERT_TRUE(reversed);
  EXPECT_EQ(names(*reversed), (std::vector<std::string>{"PeterNeumann", "EnochRoot"}));
  auto one = verify_note(note, std::vector{keys[0]});
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(names(*one), std::vector<std::string>{"PeterNeumann"});
  auto enoch = verify_note(note, std::vector{keys[1]});
  ASSERT_TRUE(enoch);
  EXPECT_EQ(names(*enoch), std::vector<std::string>{"EnochRoot"});
  auto none = verify_note(note, std::vector<PublicKey>{});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "note has no verifiable signatures");
  EXPECT_EQ(format_note(note), v.at("note").get<std::string>());
}

TEST(SignedNote, VerifiesTheSumGolangOrgCheckpoint) {
  const auto& v = published("sum.golang.org-checkpoint");
  const Note note = parse_ok(v.at("note"));
  const PublicKey key = vkey(v.at("vkey"));
  auto verified = verify_note(note, std::vector{key});
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(names(*verified), std::vector<std::string>{"sum.golang.org"});
  // The checkpoint body itself is checked in checkpoint_test.cpp.
  EXPECT_TRUE(note.text.starts_with(v.at("checkpoint").at("origin").get<std::string>() + "\n"));
}

TEST(SignedNote, VerifiesThreeExtraSignersAndIgnoresUnknownOnes) {
  const auto& v = published("sum.golang.org-checkpoint-plus-3-extra-signers");
  std::string bytes = v.at("note");
  const auto keys = vkeys(v.at("vkeys"));
  const std::vector<std::string> want = {"sum.golang.org", "monkeys", "bananas", "witness"};
  auto verified = verify_note(parse_ok(bytes), keys);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(names(*verified), want);
  // The source benchmark's extra lines: the witness signature bytes under
  // names nobody knows.
  const Note note = parse_ok(bytes);
  const std::string b64 = format_signature_line(note.signatures[3]).substr(k_dash.size() + 8);
  bytes += k_dash + "random1 " + b64 + k_dash + "random2 " + b64;
  const Note extended = parse_ok(bytes);
  EXPECT_EQ(extended.signatures.size(), 6u);
  auto again = verify_note(extended, keys);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(names(*again), want);
  EXPECT_EQ(format_note(extended), bytes);
}

// go-sumdb-note-negative-cases, built as note_test.go builds them.
TEST(SignedNote, RejectsPublishedMalformedNotes) {
  const auto p = peter_note();
  expect_malformed(p.text, "text with no blank line and no signatures");
  expect_malformed(p.text + "\n", "text + newline, no signature lines");
  expect_malformed(p.note.substr(0, p.note.size() - 1), "signature line without its newline");
  expect_malformed("\x01" + p.note, "leading 0x01");
  expect_malformed("\xff" + p.note, "leading 0xff");
  expect_malformed(p.text + "\n" + k_dash + "Bad Name " + p.line.substr(k_dash.size() + 13),
                   "space inside the name");
  expect_malformed(p.note + "Unexpected line.\n", "trailing unexpected line");
  std::string many = p.text + "\n";
  for (int i = 0; i < 101; ++i) many += p.line;
  expect_malformed(many, "101 signature lines");
}

TEST(SignedNote, AcceptsOneHundredSignatureLinesAndCountsAKeyOnce) {
  const auto p = peter_note();
  std::string many = p.text + "\n";
  for (std::size_t i = 0; i < k_max_note_signatures; ++i) many += p.line;
  const Note note = parse_ok(many);
  EXPECT_EQ(note.signatures.size(), k_max_note_signatures);
  auto verified =
      verify_note(note, std::vector{vkey(published("go-sumdb-note-peterneumann").at("vkey"))});
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->size(), 1u);
}

// 'ABCD' inserted at byte 60 of the signature line, as note_test.go does
// (Go indexes strings by byte): still base64, but no longer the signature.
TEST(SignedNote, RejectsAKnownKeysBadSignature) {
  const auto p = peter_note();
  const std::string line = p.line.substr(0, 60) + "ABCD" + p.line.substr(60);
  const Note note = parse_ok(p.text + "\n" + line);
  ASSERT_EQ(note.signatures.size(), 1u);
  EXPECT_EQ(format_key_id(note.signatures[0].key_id), "c74f20a3");
  auto verified =
      verify_note(note, std::vector{vkey(published("go-sumdb-note-peterneumann").at("vkey"))});
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().message, "invalid signature for key PeterNeumann+c74f20a3");
  // A good signature beside it does not rescue the note.
  const auto& two = published("go-sumdb-note-two-signers");
  const NoteSignature enoch = parse_ok(two.at("note")).signatures[1];
  const Note mixed = parse_ok(p.text + "\n" + line + format_signature_line(enoch));
  EXPECT_FALSE(verify_note(mixed, vkeys(two.at("vkeys"))));
}

TEST(SignedNote, RejectsOtherMalformedInput) {
  const auto p = peter_note();
  expect_malformed(p.text + "\n" + k_dash + "Peter+Neumann " + p.line.substr(k_dash.size() + 13),
                   "'+' in the name");
  expect_malformed(p.text + "\n" + "- " + p.line.substr(k_dash.size()), "ASCII dash");
  expect_malformed(p.text + "\n" + k_dash + "PeterNeumann\n", "no signature");
  expect_malformed(p.text + "\n" + k_dash + "PeterNeumann AAAA\n", "3 bytes");
  expect_malformed(p.text + "\n" + k_dash + "PeterNeumann  " + p.line.substr(k_dash.size() + 13),
                   "two spaces");
  expect_malformed("a\rb\n\n" + p.line, "carriage return");
  expect_malformed(
      "a\x7f"
      "b\n\n" +
          p.line,
      "DEL");
  expect_malformed("a\tb\n\n" + p.line, "tab");
  expect_malformed(
      "a\xc0\xaf"
      "b\n\n" +
          p.line,
      "overlong UTF-8");
  expect_malformed(std::string("a\0b\n\n", 6) + p.line, "NUL");
  // A UTF-8 character inside the base64 (libsodium 1.0.18 alone would read
  // each of its bytes as '/'; found by fuzz/note_fuzz).
  std::string utf8_in_b64 = p.note;
  utf8_in_b64.replace(utf8_in_b64.find("x08go/Z") + 5, 2, "\xc8\xa5");
  expect_malformed(utf8_in_b64, "UTF-8 inside the base64");
  expect_malformed(p.note + "\n", "trailing blank line");
  expect_malformed("", "empty");
}

// The text may itself hold blank lines: the signatures follow the last.
TEST(SignedNote, SignsAndVerifiesTextWithBlankLines) {
  auto key =
      PrivateKey::parse(published("go-sumdb-note-peterneumann").at("skey").get<std::string>());
  ASSERT_TRUE(key);
  const std::string text = "first\n\n\nafter blank lines \xe2\x80\x94 and UTF-8\n";
  const Note note{text, {sign_note_text(text, *key)}};
  const std::string bytes = format_note(note);
  const Note back = parse_ok(bytes);
  EXPECT_EQ(back.text, text);
  ASSERT_EQ(back.signatures.size(), 1u);
  EXPECT_TRUE(verify_note(back, std::vector{key->public_key()}));
  EXPECT_FALSE(verify_note_signature("first\n", back.signatures[0], key->public_key()));
}

// A witness (0x04) key never verifies a note signature, even one under its
// own name and ID.
TEST(SignedNote, IgnoresCosignatureKeys) {
  auto key =
      PrivateKey::parse(published("go-sumdb-note-peterneumann").at("skey").get<std::string>());
  ASSERT_TRUE(key);
  PublicKey as_witness = key->public_key();
  as_witness.type = KeyType::cosignature;
  const Note note = parse_ok(peter_note().note);
  EXPECT_FALSE(verify_note_signature(note.text, note.signatures[0], as_witness));
  auto verified = verify_note(note, std::vector{as_witness});
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().message, "note has no verifiable signatures");
}

// c2sp-spec-example-lines-not-verifiable: parse as signature lines only.
TEST(SignatureLine, ParsesSpecExampleLines) {
  int checked = 0;
  for (const auto& v : published("c2sp-spec-example-lines-not-verifiable").at("lines")) {
    const std::string line = v.at("line").get<std::string>() + "\n";
    auto sig = parse_signature_line(line);
    ASSERT_TRUE(sig) << line << sig.error().message;
    EXPECT_EQ(format_key_id(sig->key_id), v.at("key_id_hex").get<std::string>());
    EXPECT_EQ(4 + sig->signature.size(), v.at("decoded_length").get<std::size_t>());
    EXPECT_EQ(line.substr(k_dash.size(), sig->name.size() + 1), sig->name + " ");
    EXPECT_EQ(format_signature_line(*sig), line);
    ++checked;
  }
  EXPECT_EQ(checked, 3);
  EXPECT_FALSE(parse_signature_line(peter_note().line.substr(0, peter_note().line.size() - 1)));
  EXPECT_FALSE(parse_signature_line(peter_note().line + "x\n"));
}

}  // namespace
}  // namespace corridor::ledger
