#include <catch2/catch.hpp>

#include <sstream>

#include "io/csv_reader.h"

using namespace rackplan::io;

TEST_CASE("csv: quotes, commas, newlines, CRLF and BOM", "[csv]") {
    std::string text = "\xEF\xBB\xBFid,note\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\nnext\"\n3,\n";
    CsvTable t = read_csv_text(text);
    REQUIRE(t.error.empty());
    REQUIRE(t.header == CsvRow{"id", "note"});
    REQUIRE(t.rows.size() == 3);
    CHECK(t.rows[0][1] == "a, b");
    CHECK(t.rows[1][1] == "say \"hi\"\nnext");
    CHECK(t.rows[2] == CsvRow{"3", ""});
}

TEST_CASE("csv: malformed records name their line", "[csv]") {
    CHECK(read_csv_text("a,b\n1,\"open\n").error.find("line 2: quoted field is not closed") != std::string::npos);
    CHECK(read_csv_text("a\nx\"y\n").error.find("line 2") != std::string::npos);
    CHECK(read_csv_text("a\n\"x\"y\n").error.find("after a closing quote") != std::string::npos);
}

TEST_CASE("csv: escape round trip", "[csv]") {
    CsvRow row{"plain", "with,comma", "with \"quote\"", "two\nlines", "<script>"};
    CsvTable t = read_csv_text("h1,h2,h3,h4,h5\n" + csv_line(row));
    REQUIRE(t.error.empty());
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0] == row);
    CHECK(csv_escape("plain") == "plain");
}

TEST_CASE("csv: streaming reader reports record lines", "[csv]") {
    std::istringstream in("a,b\n1,\"x\ny\"\n2,z\n");
    CsvReader r(in);
    REQUIRE(r.next());
    CHECK(r.line() == 1);
    REQUIRE(r.next());
    CHECK(r.line() == 2);
    auto last = r.next();
    REQUIRE(last);
    CHECK(r.line() == 4);
    CHECK((*last)[1] == "z");
    CHECK_FALSE(r.next());
}
