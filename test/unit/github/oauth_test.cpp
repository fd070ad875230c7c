// The authorize URL GitHub is sent, the PKCE challenge, and the callback GitHub returns to.
#include "github/oauth.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "http/query.hpp"

using namespace orggate;
using namespace orggate::github;

namespace {

const std::string kState = "Zm9vYmFyYmF6cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2Fs";
const std::string kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

AuthorizeRequest sample_request() {
    AuthorizeRequest request;
    request.client_id = "Ov23liAbCdEf12345678";
    request.redirect_uri = "https://gate.example/login/authorized";
    request.state = kState;
    request.code_challenge = kChallenge;
    return request;
}

// The part before '?' and the decoded query of a URL.
struct SplitUrl {
    std::string base;
    std::string raw_query;
    http::Params params;

    // The decoded value, or a marker that no real parameter value looks like.
    std::string param(const std::string& name) const {
        return http::find_param(params, name).value_or("(missing)");
    }
};

SplitUrl split(const std::string& url) {
    const auto question = url.find('?');
    BOOST_TEST_REQUIRE(question != std::string::npos);
    const std::string raw_query = url.substr(question + 1);
    return {url.substr(0, question), raw_query, http::parse_params(raw_query)};
}

std::size_t count_of(const http::Params& params, const std::string& name) {
    std::size_t count = 0;
    for (const auto& param : params) {
        count += param.first == name ? 1 : 0;
    }
    return count;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(oauth)

BOOST_AUTO_TEST_CASE(the_authorize_url_asks_github_for_read_org_with_pkce) {
    const SplitUrl url = split(authorize_url("https://github.com", sample_request()));
    BOOST_TEST(url.base == "https://github.com/login/oauth/authorize");
    BOOST_TEST(url.param("client_id") == "Ov23liAbCdEf12345678");
    BOOST_TEST(url.param("redirect_uri") == "https://gate.example/login/authorized");
    BOOST_TEST(url.param("scope") == "read:org");
    BOOST_TEST(url.param("state") == kState);
    BOOST_TEST(url.param("code_challenge") == kChallenge);
    BOOST_TEST(url.param("code_challenge_method") == "S256");
    for (const char* name : {"client_id", "redirect_uri", "scope", "state", "code_challenge",
                             "code_challenge_method"}) {
        BOOST_TEST(count_of(url.params, name) == 1u, name);
    }
}

BOOST_AUTO_TEST_CASE(authorize_parameters_are_percent_encoded) {
    AuthorizeRequest request = sample_request();
    request.redirect_uri = "https://gate.example/login/authorized?a=1&b=2";
    const SplitUrl url = split(authorize_url("https://github.com", request));
    BOOST_TEST(url.raw_query.find("redirect_uri=https%3A%2F%2Fgate.example%2Flogin%2Fauthorized"
                                  "%3Fa%3D1%26b%3D2") != std::string::npos);
    BOOST_TEST(url.raw_query.find("scope=read%3Aorg") != std::string::npos);
    // The '&' and '=' inside the redirect URI did not become parameters of their own.
    BOOST_TEST(url.param("redirect_uri") == request.redirect_uri);
    BOOST_TEST(count_of(url.params, "b") == 0u);
    BOOST_TEST(url.raw_query.find_first_of(" :/?#\"<>") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_authorize_url_is_rooted_at_a_github_enterprise_server) {
    const SplitUrl url = split(authorize_url("https://ghe.example.com", sample_request()));
    BOOST_TEST(url.base == "https://ghe.example.com/login/oauth/authorize");
    BOOST_TEST(url.param("client_id") == "Ov23liAbCdEf12345678");
}

BOOST_AUTO_TEST_CASE(prompt_select_account_is_sent_only_when_asked) {
    AuthorizeRequest request = sample_request();
    const SplitUrl plain = split(authorize_url("https://github.com", request));
    BOOST_TEST(count_of(plain.params, "prompt") == 0u);
    request.select_account = true;
    const SplitUrl url = split(authorize_url("https://github.com", request));
    BOOST_TEST(url.param("prompt") == "select_account");
    BOOST_TEST(count_of(url.params, "prompt") == 1u);
}

BOOST_AUTO_TEST_CASE(the_pkce_challenge_matches_rfc_7636_appendix_b) {
    BOOST_TEST(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == kChallenge);
}

BOOST_AUTO_TEST_CASE(the_callback_is_always_under_the_configured_public_url) {
    BOOST_TEST(callback_url("https://gate.example") == "https://gate.example/login/authorized");
    BOOST_TEST(callback_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080/login/authorized");
}

BOOST_AUTO_TEST_SUITE_END()
