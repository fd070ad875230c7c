// Fuzzes find_cookie and find_cookies_with_prefix: a found value is a ';'-free piece of the
// header; ours first always wins; a prefix search stays within its limit and agrees with
// find_cookie on the first of each name.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "http/cookie.hpp"

using namespace orggate::http;

using orggate::fuzz::require;

namespace {

constexpr std::string_view kName = "orggate_session";
constexpr std::string_view kId = "Jm2hQz0c7lVtXh2o3vH1qj3nq8M4bN0T9kqK3m8pYxA";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string header(reinterpret_cast<const char*>(data), size);

    const auto value = find_cookie(header, kName);
    if (value) {
        require(header.find(*value) != std::string::npos, "the value is a piece of the header");
        require(value->find(';') == std::string::npos, "the value holds no ';'");
    }

    const std::string ours = std::string(kName) + "=" + std::string(kId);
    require(find_cookie(ours + "; " + header, kName) == std::string(kId),
            "the first cookie of the name wins");
    if (!value) {
        require(find_cookie(header + ";" + ours, kName) == std::string(kId),
                "a cookie after any header is found when it is the only one");
    }

    const auto prefixed = find_cookies_with_prefix(header, "orggate_login_", 4);
    require(prefixed.size() <= 4, "a prefix search stops at its limit");
    for (const auto& [found_name, found_value] : prefixed) {
        require(found_name.rfind("orggate_login_", 0) == 0, "every name has the prefix");
        require(found_value.find(';') == std::string::npos, "a prefixed value holds no ';'");
        require(find_cookie(header, found_name).has_value(), "find_cookie finds it too");
    }
    return 0;
}
