#include <corridor/core/csv.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corridor::core {
namespace {

using Fields = std::vector<std::string>;

// What the reader made of one record: its row, fields and error message.
struct Read {
  std::int64_t row = 0;
  Fields fields;
  std::string error;  // empty if none
  int error_field = 0;
};

std::vector<Read> read_all(std::string_view data) {
  CsvReader reader(data);
  CsvRecord rec;
  std::optional<CsvError> err;
  std::vector<Read> out;
  while (reader.next(rec, err)) {
    Read r{rec.row, rec.fields, err ? err->message : "", err ? err->field : 0};
    if (err) {
      EXPECT_EQ(err->row, rec.row);
    }
    out.push_back(std::move(r));
  }
  return out;
}

// The fields of every record, asserting that none has an error.
std::vector<Fields> fields_of(std::string_view data) {
  std::vector<Fields> out;
  for (const Read& r : read_all(data)) {
    EXPECT_EQ(r.error, "") << "row " << r.row;
    out.push_back(r.fields);
  }
  return out;
}

TEST(Csv, ReadsSimpleRecordsWithLfLineEnds) {
  EXPECT_EQ(fields_of("a,b,c\n1,2,3\n"), (std::vector<Fields>{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(Csv, ReadsCrLfLineEnds) {
  EXPECT_EQ(fields_of("a,b\r\n1,2\r\n"), (std::vector<Fields>{{"a", "b"}, {"1", "2"}}));
}

TEST(Csv, TreatsABareCrAsALineEnd) {
  EXPECT_EQ(fields_of("a,b\r1,2\r"), (std::vector<Fields>{{"a", "b"}, {"1", "2"}}));
}

TEST(Csv, LastRecordNeedsNoLineEnd) {
  EXPECT_EQ(fields_of("a,b\n1,2"), (std::vector<Fields>{{"a", "b"}, {"1", "2"}}));
}

TEST(Csv, SkipsTheByteOrderMark) {
  EXPECT_EQ(fields_of("\xEF\xBB\xBF"
                      "ref,sex\n1,M\n"),
            (std::vector<Fields>{{"ref", "sex"}, {"1", "M"}}));
}

TEST(Csv, KeepsAByteOrderMarkThatIsNotAtTheStart) {
  EXPECT_EQ(fields_of("a\n\xEF\xBB\xBFx\n"), (std::vector<Fields>{{"a"}, {"\xEF\xBB\xBFx"}}));
}

TEST(Csv, ReadsEmptyFields) {
  EXPECT_EQ(fields_of(",a,,\n"), (std::vector<Fields>{{"", "a", "", ""}}));
}

TEST(Csv, EmptyInputHasNoRecords) {
  EXPECT_TRUE(read_all("").empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(read_all("\n\r\n").empty());
}

TEST(Csv, QuotedFieldMayHoldComma) {
  EXPECT_EQ(fields_of("\"Abu Ali, Ahmad\",x\n"), (std::vector<Fields>{{"Abu Ali, Ahmad", "x"}}));
}

TEST(Csv, QuotedFieldMayHoldDoubledQuotes) {
  EXPECT_EQ(fields_of("\"say \"\"hi\"\"\",\"\"\"\"\n"),
            (std::vector<Fields>{{"say \"hi\"", "\""}}));
}

TEST(Csv, QuotedFieldMayHoldNewline) {
  const auto reads = read_all("a,\"line 1\nline 2\r\nline 3\"\nb,c\n");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].fields, (Fields{"a", "line 1\nline 2\r\nline 3"}));
  EXPECT_EQ(reads[1].row, 2);  // rows count records, not lines
}

TEST(Csv, QuotedEmptyFieldIsEmpty) {
  EXPECT_EQ(fields_of("\"\",\"\"\n"), (std::vector<Fields>{{"", ""}}));
}

TEST(Csv, QuotedFieldAtEndOfInputNeedsNoLineEnd) {
  EXPECT_EQ(fields_of("a,\"b\""), (std::vector<Fields>{{"a", "b"}}));
}

TEST(Csv, ReadsMultiByteUtf8) {
  EXPECT_EQ(fields_of("محمد,😀,é\n"), (std::vector<Fields>{{"محمد", "😀", "é"}}));
}

TEST(Csv, SkipsBlankLinesButCountsThem) {
  const auto reads = read_all("h\n\n1\r\n\r\n\n2\n");
  ASSERT_EQ(reads.size(), 3u);
  EXPECT_EQ(reads[1].row, 3);
  EXPECT_EQ(reads[2].row, 6);
}

TEST(Csv, ALineOfSpacesIsNotBlank) { EXPECT_EQ(fields_of("  \n"), (std::vector<Fields>{{"  "}})); }

TEST(Csv, RecordsDoNotGrowWhenTheRecordIsReused) {
  CsvReader reader("a,b,c\n1\n");
  CsvRecord rec;
  std::optional<CsvError> err;
  ASSERT_TRUE(reader.next(rec, err));
  ASSERT_TRUE(reader.next(rec, err));
  EXPECT_EQ(rec.fields, (Fields{"1"}));
}

TEST(Csv, StrayQuoteInUnquotedFieldIsAnError) {
  const auto reads = read_all("h\nab\"c,d\nok\n");
  ASSERT_EQ(reads.size(), 3u);
  EXPECT_EQ(reads[1].error, "stray quote in unquoted field 1");
  EXPECT_EQ(reads[1].error_field, 1);
  EXPECT_EQ(reads[2].fields, (Fields{"ok"}));  // resynchronised on the next line
  EXPECT_EQ(reads[2].row, 3);
}

TEST(Csv, TextAfterClosingQuoteIsAnError) {
  const auto reads = read_all("x,\"ab\"c,d\r\nok\r\n");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].error, "text after the closing quote of field 2");
  EXPECT_EQ(reads[1].fields, (Fields{"ok"}));
}

TEST(Csv, SpaceBeforeOpeningQuoteIsAnError) {
  EXPECT_EQ(read_all("a, \"b\"\n")[0].error, "stray quote in unquoted field 2");
}

TEST(Csv, UnterminatedQuoteNamesTheRowWhereTheRecordStarted) {
  const auto reads = read_all("h\nok\n1,\"never closed\n2,3\n4,5\n");
  ASSERT_EQ(reads.size(), 3u);
  EXPECT_EQ(reads[2].row, 3);
  EXPECT_EQ(reads[2].error_field, 2);
  EXPECT_NE(reads[2].error.find("unterminated quoted field 2"), std::string::npos);
}

TEST(Csv, ReportsEveryBadRow) {
  const auto reads = read_all("h\na\"\nok\n\"x\"y\n\xFF\n");
  ASSERT_EQ(reads.size(), 5u);
  EXPECT_NE(reads[1].error, "");
  EXPECT_EQ(reads[2].error, "");
  EXPECT_NE(reads[3].error, "");
  EXPECT_NE(reads[4].error, "");
}

// The error for `bytes` as the second field of row 2.
std::string utf8_error(const std::string& bytes) {
  const auto reads = read_all("h\nab," + bytes + "\n");
  EXPECT_EQ(reads.size(), 2u);
  return reads.size() == 2 ? reads[1].error : "";
}

TEST(Csv, InvalidUtf8NamesTheFieldAndByte) {
  // "h\n" is 2 bytes, "ab," 3: the bad byte (3rd of field 2) is at offset 7.
  EXPECT_EQ(utf8_error("xy\xFFz"), "invalid UTF-8 at byte 3 of field 2 (file offset 7)");
}

TEST(Csv, RejectsEveryKindOfInvalidUtf8) {
  const char* bad[] = {
      "\x80",              // lone continuation byte
      "\xC3",              // truncated at the end of the field
      "\xC3x",             // truncated by an ASCII byte
      "\xE2\x82",          // truncated three-byte sequence
      "\xC0\xAF",          // overlong '/'
      "\xC1\xBF",          // overlong
      "\xE0\x80\xAF",      // overlong three-byte
      "\xF0\x80\x80\xAF",  // overlong four-byte
      "\xED\xA0\x80",      // surrogate U+D800
      "\xED\xBF\xBF",      // surrogate U+DFFF
      "\xF4\x90\x80\x80",  // U+110000
      "\xF5\x80\x80\x80",  // lead byte beyond U+10FFFF
      "\xFE",
      "\xFF",
  };
  for (const char* b : bad)
    EXPECT_NE(utf8_error(b).find("invalid UTF-8"), std::string::npos) << testing::PrintToString(b);
}

TEST(Csv, AcceptsUtf8AtTheEdgesOfTheValidRanges) {
  const char* good[] = {"\xC2\x80",     "\xDF\xBF",     "\xE0\xA0\x80",     "\xED\x9F\xBF",
                        "\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF"};
  for (const char* g : good) EXPECT_EQ(utf8_error(g), "") << testing::PrintToString(g);
}

TEST(Csv, InvalidUtf8InQuotedFieldCountsDecodedBytes) {
  // Field 1 decodes to `a"b` then the bad byte: byte 4.
  const auto reads = read_all("\"a\"\"b\xFF\",c\n");
  EXPECT_EQ(reads[0].error, "invalid UTF-8 at byte 4 of field 1 (file offset 5)");
  EXPECT_EQ(reads[0].fields.size(), 2u);  // read to the record's true end
}

TEST(Csv, NulByteIsAnError) {
  const auto reads = read_all(std::string_view("a,b\0c\nok\n", 9));
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].error, "NUL byte at byte 2 of field 2 (file offset 3)");
  EXPECT_EQ(reads[1].error, "");
}

TEST(Csv, ContentErrorKeepsQuotedLineBreaksInTheRecord) {
  const auto reads = read_all("\"\xFF\n\",x\nnext\n");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_NE(reads[0].error, "");
  EXPECT_EQ(reads[1].fields, (Fields{"next"}));
  EXPECT_EQ(reads[1].row, 2);
}

}  // namespace
}  // namespace corridor::core
