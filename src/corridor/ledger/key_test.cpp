#include <corridor/ledger/key.hpp>

#include <corridor/core/case.hpp>

#include <corridor/ledger/test_vectors.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <string>

namespace corridor::ledger {
namespace {

using namespace vectors;
using vectors::hex;

std::string hex(const PublicKeyBytes& key) { return core::to_hex(key.data(), key.size()); }

// RFC 8032 section 7.1 tests 1-3.
TEST(Ed25519, MatchesRfc8032Vectors) {
  const auto doc = load_vectors("ed25519.json");
  int checked = 0;
  for (const auto& v : doc.at("vectors")) {
    const std::string name = v.at("name");
    auto key = PrivateKey::from_seed("rfc8032", KeyType::ed25519,
                                     unhex(v.at("secret_key").get<std::string>()));
    ASSERT_TRUE(key) << name;
    EXPECT_EQ(hex(key->public_key().key), v.at("public_key").get<std::string>()) << name;
    const std::string message = unhex(v.at("message").get<std::string>());
    ASSERT_EQ(message.size(), v.at("message_length").get<std::size_t>()) << name;
    const std::string sig = key->sign(message);
    EXPECT_EQ(hex(sig), v.at("signature").get<std::string>()) << name;
    EXPECT_TRUE(verify_ed25519(key->public_key().key, message, sig)) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

TEST(Ed25519, RejectsAnyFlippedBit) {
  const auto doc = load_vectors("ed25519.json");
  for (const auto& v : doc.at("vectors")) {
    auto key = PrivateKey::from_seed("rfc8032", KeyType::ed25519,
                                     unhex(v.at("secret_key").get<std::string>()));
    ASSERT_TRUE(key);
    const PublicKeyBytes& pub = key->public_key().key;
    const std::string message = unhex(v.at("message").get<std::string>());
    const std::string sig = unhex(v.at("signature").get<std::string>());
    for (std::size_t bit = 0; bit < sig.size() * 8; bit += 7) {
      std::string bad = sig;
      bad[bit / 8] = static_cast<char>(bad[bit / 8] ^ (1 << (bit % 8)));
      EXPECT_FALSE(verify_ed25519(pub, message, bad)) << v.at("name") << " bit " << bit;
    }
    for (std::size_t bit = 0; bit < message.size() * 8; ++bit) {
      std::string bad = message;
      bad[bit / 8] = static_cast<char>(bad[bit / 8] ^ (1 << (bit % 8)));
      EXPECT_FALSE(verify_ed25519(pub, bad, sig)) << v.at("name") << " message bit " << bit;
    }
    EXPECT_FALSE(verify_ed25519(pub, message + "x", sig));
    EXPECT_FALSE(verify_ed25519(pub, message, sig.substr(0, 63)));
    EXPECT_FALSE(verify_ed25519(pub, message, sig + "x"));
  }
}

// Every verifier key published in signed_note.json that must parse.
TEST(VerifierKey, ParsesPublishedKeysAndRecomputesTheirIds) {
  const auto doc = load_vectors("signed_note.json");
  const auto& foo = published(doc, "c2sp-signed-note-example");
  auto key = parse_vkey(foo.at("vkey").get<std::string>());
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->name, foo.at("key_name").get<std::string>());
  EXPECT_EQ(key->type, KeyType::ed25519);
  EXPECT_EQ(format_key_id(key->id), foo.at("key_id_hex").get<std::string>());
  EXPECT_EQ(hex(key->key), foo.at("ed25519_public_key_hex").get<std::string>());
  EXPECT_EQ(key_id(key->name, key->type, key->key), key->id);
  EXPECT_EQ(format_vkey(*key), foo.at("vkey").get<std::string>());

  std::vector<std::string> vkeys = {
      published(doc, "go-sumdb-note-peterneumann").at("vkey"),
      published(doc, "sum.golang.org-checkpoint").at("vkey"),
      published(doc, "transparency-dev-test-keypair-Log").at("vkey"),
  };
  for (const auto& v : published(doc, "go-sumdb-note-two-signers").at("vkeys")) vkeys.push_back(v);
  for (const auto& v : published(doc, "sum.golang.org-checkpoint-plus-3-extra-signers").at("vkeys"))
    vkeys.push_back(v);
  for (const std::string& text : vkeys) {
    auto k = parse_vkey(text);
    ASSERT_TRUE(k) << text << ": " << k.error().message;
    EXPECT_EQ(k->type, KeyType::ed25519) << text;
    EXPECT_EQ(key_id(k->name, k->type, k->key), k->id) << text;
    EXPECT_EQ(format_vkey(*k), text);
  }
  auto sum = parse_vkey(published(doc, "sum.golang.org-checkpoint").at("vkey").get<std::string>());
  ASSERT_TRUE(sum);
  EXPECT_EQ(
      hex(sum->key),
      published(doc, "sum.golang.org-checkpoint").at("ed25519_public_key_hex").get<std::string>());
}

TEST(VerifierKey, ParsesCosignatureVectors) {
  const auto doc = load_vectors("signed_note.json");
  const auto& cases = published(doc, "cosignature-v1-vkeys").at("cases");
  // The native cosignature/v1 (0x04) key.
  auto remora = parse_vkey(cases.at(0).at("vkey").get<std::string>());
  ASSERT_TRUE(remora) << remora.error().message;
  EXPECT_EQ(static_cast<int>(remora->type), cases.at(0).at("type_byte").get<int>());
  EXPECT_EQ(remora->type, KeyType::cosignature);
  EXPECT_EQ(hex(remora->key), cases.at(0).at("ed25519_public_key_hex").get<std::string>());
  EXPECT_EQ(format_key_id(key_id(remora->name, KeyType::cosignature, remora->key)), "da77ade7");
  EXPECT_EQ(format_vkey(*remora), cases.at(0).at("vkey").get<std::string>());
  // A type 0x01 key; as a cosignature key its ID would be fdd2dbc7.
  auto test = parse_vkey(cases.at(1).at("vkey").get<std::string>());
  ASSERT_TRUE(test) << test.error().message;
  EXPECT_EQ(static_cast<int>(test->type), cases.at(1).at("type_byte").get<int>());
  EXPECT_EQ(test->type, KeyType::ed25519);
  EXPECT_EQ(format_key_id(key_id(test->name, KeyType::cosignature, test->key)), "fdd2dbc7");
}

// The published rejects, each for the reason the vector gives.
TEST(VerifierKey, RejectsPublishedBadKeys) {
  const auto doc = load_vectors("signed_note.json");
  const auto& neg = published(doc, "go-sumdb-note-negative-cases").at("cases");
  const auto& cos = published(doc, "cosignature-v1-vkeys").at("cases");
  const std::pair<std::string, std::string> cases[] = {
      // Go rejects this one for its key length. Its base64 ends "EY==",
      // which leaves non-zero bits after the last byte; our strict decoder
      // refuses it before the length is looked at (the canonical spelling
      // is checked for the length reason below).
      {neg.at(0).at("input_vkey"), "not base64"},
      {neg.at(1).at("input_vkey"), "unknown key type 0x65"},
      {cos.at(2).at("vkey"), "wrong number of parts"},
      {cos.at(3).at("vkey"), "not base64"},
      {cos.at(4).at("vkey"), "unknown key type 0x03"},
  };
  std::string canonical = neg.at(0).at("input_vkey");
  canonical.replace(canonical.size() - 4, 4, "EQ==");
  auto too_long = parse_vkey(canonical);
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message.find("key is 36 bytes, want 32"), std::string::npos)
      << too_long.error().message;
  for (const auto& [text, reason] : cases) {
    auto key = parse_vkey(text);
    ASSERT_FALSE(key) << text;
    EXPECT_EQ(key.error().code, core::Errc::bad_input);
    EXPECT_NE(key.error().message.find(reason), std::string::npos)
        << text << ": " << key.error().message;
  }
}

TEST(VerifierKey, RejectsMismatchedIdAndBadNames) {
  const std::string good = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
  ASSERT_TRUE(parse_vkey(good));
  for (const std::string& text : {
           std::string("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
           std::string("example.com/fo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
           std::string("example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
           std::string("example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
           std::string("+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
           std::string("exam ple+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
           std::string("example.com/foo+530d903a+"),
           std::string("example.com/foo"),
       }) {
    EXPECT_FALSE(parse_vkey(text)) << text;
  }
  auto wrong = parse_vkey("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("does not match"), std::string::npos);
}

// Go x/mod private keys: each published pair's private key derives its
// verifier key and formats back to itself.
TEST(PrivateKey, DerivesPublishedVerifierKeys) {
  const auto doc = load_vectors("signed_note.json");
  std::vector<std::pair<std::string, std::string>> pairs;
  const auto& peter = published(doc, "go-sumdb-note-peterneumann");
  pairs.emplace_back(peter.at("skey"), peter.at("vkey"));
  const auto& log = published(doc, "transparency-dev-test-keypair-Log");
  pairs.emplace_back(log.at("skey"), log.at("vkey"));
  for (const auto& [name, pair] : log.at("other_pairs_in_source").items())
    pairs.emplace_back(pair.at(1), pair.at(0));
  ASSERT_EQ(pairs.size(), 5u);
  for (const auto& [skey, vkey] : pairs) {
    auto priv = PrivateKey::parse(skey);
    ASSERT_TRUE(priv) << skey << ": " << priv.error().message;
    auto pub = parse_vkey(vkey);
    ASSERT_TRUE(pub) << vkey;
    EXPECT_EQ(priv->public_key(), *pub) << vkey;
    EXPECT_EQ(format_vkey(priv->public_key()), vkey);
    EXPECT_EQ(priv->format(), skey);
  }
  auto p = PrivateKey::parse(peter.at("skey").get<std::string>());
  ASSERT_TRUE(p);
  EXPECT_EQ(hex(p->public_key().key), peter.at("ed25519_public_key_hex").get<std::string>());
  auto from_seed = PrivateKey::from_seed("PeterNeumann", KeyType::ed25519,
                                         unhex(peter.at("ed25519_seed_hex").get<std::string>()));
  ASSERT_TRUE(from_seed);
  EXPECT_EQ(from_seed->format(), peter.at("skey").get<std::string>());
}

TEST(PrivateKey, RejectsMalformedPrivateKeys) {
  const std::string good =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  ASSERT_TRUE(PrivateKey::parse(good));
  const std::pair<std::string, std::string> cases[] = {
      {"PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "prefix"},
      {"PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
       "does not match"},
      {"PRIVATE+KEY+PeterNeumann+c74f20a3+ZYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
       "unknown key type"},
      {"PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXH", "want 32"},
      {"PRIVATE+KEY+PeterNeumann+c74f20a3", "wrong number of parts"},
      {"PRIVATE+KEY+Peter Neumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
       "invalid key name"},
  };
  for (const auto& [text, reason] : cases) {
    auto key = PrivateKey::parse(text);
    ASSERT_FALSE(key) << text;
    EXPECT_NE(key.error().message.find(reason), std::string::npos)
        << text << ": " << key.error().message;
    // The secret must never be echoed back.
    EXPECT_EQ(key.error().message.find("AYEKFALV"), std::string::npos);
  }
  EXPECT_FALSE(PrivateKey::from_seed("ok", KeyType::ed25519, std::string(31, 'x')));
  EXPECT_FALSE(PrivateKey::from_seed("not ok", KeyType::ed25519, std::string(32, 'x')));
}

TEST(PrivateKey, GeneratesWorkingDistinctKeys) {
  const auto a = PrivateKey::generate("officer.example/a", KeyType::ed25519);
  const auto b = PrivateKey::generate("officer.example/a", KeyType::ed25519);
  EXPECT_NE(a.public_key().key, b.public_key().key);
  const std::string sig = a.sign("hello\n");
  EXPECT_TRUE(verify_ed25519(a.public_key().key, "hello\n", sig));
  EXPECT_FALSE(verify_ed25519(b.public_key().key, "hello\n", sig));
  auto back = PrivateKey::parse(a.format());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->public_key(), a.public_key());
  auto w = PrivateKey::generate("witness.example/w", KeyType::cosignature);
  EXPECT_EQ(w.public_key().type, KeyType::cosignature);
  EXPECT_EQ(w.public_key().id,
            key_id("witness.example/w", KeyType::cosignature, w.public_key().key));
  EXPECT_THROW(PrivateKey::generate("bad name", KeyType::ed25519), std::invalid_argument);
}

TEST(KeyName, FollowsSignedNoteRules) {
  for (const char* ok : {"example.com/foo", "PeterNeumann", "sum.golang.org",
                         "\xc3\xbcn\xc3\xaf"
                         "code",
                         "emoji\xf0\x9f\x98\x80", "a"}) {
    EXPECT_TRUE(valid_key_name(ok)) << ok;
  }
  for (const char* bad : {
           "", "a b", "a+b", "a\tb", "a\nb", "a\x7f",
           "a\xc2\x85",  // U+0085 NEL
           "a\xc2\xa0"
           "b",              // U+00A0 no-break space
           "a\xe3\x80\x80",  // U+3000 ideographic space
           "a\xe2\x80\xa8",  // U+2028 line separator
           "a\xe2\x80\x82",  // U+2002 en space
           "\x01", "\xff",
           "\xc0\xaf",          // overlong '/'
           "\xed\xa0\x80",      // a surrogate
           "\xf4\x90\x80\x80",  // above U+10FFFF
           "\xe2\x80",          // truncated
       }) {
    EXPECT_FALSE(valid_key_name(bad))
        << core::to_hex(reinterpret_cast<const std::uint8_t*>(bad), std::string_view(bad).size());
  }
  EXPECT_FALSE(valid_key_name(std::string("a\0b", 3)));
}

TEST(Utf8, DecodesCodePointsAndStopsAtBadOnes) {
  const std::string text = "a\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80\xc3";
  std::size_t pos = 0;
  EXPECT_EQ(next_utf8(text, pos), U'a');
  EXPECT_EQ(next_utf8(text, pos), U'\u00e9');
  EXPECT_EQ(next_utf8(text, pos), U'\u2014');
  EXPECT_EQ(next_utf8(text, pos), U'\U0001F600');
  EXPECT_EQ(pos, text.size() - 1);
  EXPECT_FALSE(next_utf8(text, pos));
  EXPECT_EQ(pos, text.size() - 1);
}

}  // namespace
}  // namespace corridor::ledger
