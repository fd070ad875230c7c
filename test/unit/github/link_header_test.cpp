// Reading GitHub's pagination Link header: the next page, or nothing, or a refusal.
#include "github/link_header.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate::github;

namespace {

// As GitHub's "Using pagination in the REST API" shows it.
const std::string kDocsExample =
    R"(<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", )"
    R"(<https://api.github.com/repositories/1300192/issues?page=4>; rel="next", )"
    R"(<https://api.github.com/repositories/1300192/issues?page=515>; rel="last", )"
    R"(<https://api.github.com/repositories/1300192/issues?page=1>; rel="first")";

std::optional<std::string> next_of(const std::string& header) {
    const auto links = parse_link_header(header);
    BOOST_TEST_REQUIRE(links.has_value(), header);
    return find_link(*links, "next");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(link_header)

BOOST_AUTO_TEST_CASE(githubs_documented_header_gives_every_link_in_order) {
    const auto links = parse_link_header(kDocsExample);
    BOOST_TEST_REQUIRE(links.has_value());
    BOOST_TEST_REQUIRE(links->size() == 4u);
    BOOST_TEST((*links)[0].target == "https://api.github.com/repositories/1300192/issues?page=2");
    BOOST_TEST(((*links)[0].rels == std::vector<std::string>{"prev"}));
    BOOST_TEST(((*links)[3].rels == std::vector<std::string>{"first"}));
    BOOST_TEST(find_link(*links, "next").value_or("") ==
               "https://api.github.com/repositories/1300192/issues?page=4");
    BOOST_TEST(find_link(*links, "last").value_or("") ==
               "https://api.github.com/repositories/1300192/issues?page=515");
}

BOOST_AUTO_TEST_CASE(the_last_page_and_a_missing_header_have_no_next) {
    BOOST_TEST(!next_of(R"(<https://api.github.com/user/teams?page=1>; rel="first", )"
                        R"(<https://api.github.com/user/teams?page=1>; rel="prev")"));
    BOOST_TEST(!next_of(""));
    BOOST_TEST(!next_of("  "));
}

BOOST_AUTO_TEST_CASE(relations_are_read_without_regard_to_case_spacing_or_quotes) {
    const std::string target = "https://api.github.com/user/teams?page=2";
    for (const std::string& header :
         {"<" + target + ">;rel=next", "<" + target + ">  ;  REL = \"Next\"",
          "<" + target + R"(>; rel="last next")", "<" + target + ">; title=\"a, b; c\"; rel=next",
          ", <" + target + ">; rel=\"next\" ,,"}) {
        BOOST_TEST(next_of(header).value_or("(none)") == target, header);
    }
}

BOOST_AUTO_TEST_CASE(a_second_rel_parameter_is_ignored_as_rfc_8288_says) {
    BOOST_TEST(!next_of(R"(<https://a.test/x?page=2>; rel="last"; rel="next")"));
}

BOOST_AUTO_TEST_CASE(commas_and_semicolons_inside_a_target_stay_in_it) {
    BOOST_TEST(next_of(R"(<https://a.test/x?q=a,b;c>; rel="next")").value_or("") ==
               "https://a.test/x?q=a,b;c");
}

BOOST_AUTO_TEST_CASE(a_header_that_is_not_a_list_of_links_is_refused) {
    for (const char* header :
         {"https://api.github.com/user/teams?page=2; rel=\"next\"", "<>; rel=\"next\"",
          "<https://a.test/x; rel=\"next\"", R"(<https://a.test/x>; rel="next)",
          R"(<https://a.test/x>; rel="next" <https://a.test/y>; rel="last")",
          "<https://a.test/x>; =next", "<https://a.test/x>; rel=", "<https://a.test/ x>; rel=next",
          "<https://a.test/x>; rel=next; ", "<https://a.test/\x01>; rel=next"}) {
        BOOST_TEST(!parse_link_header(header).has_value(), header);
    }
}

BOOST_AUTO_TEST_SUITE_END()
