// The HTTP Link header (RFC 8288) that GitHub paginates its lists with: targets and relations.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orggate::github {

struct Link {
    std::string target;             // the URI between < and >, as sent
    std::vector<std::string> rels;  // its relation types, lower-cased ("next", "last", ...)
};

// Every link-value of `header`, e.g. `<https://api.github.com/user/teams?page=2>; rel="next"`;
// nullopt when the header is not a list of such values. An empty header is an empty list.
std::optional<std::vector<Link>> parse_link_header(std::string_view header);

// The target of the first link whose relations include `rel` (lower-case), or nullopt.
std::optional<std::string> find_link(const std::vector<Link>& links, std::string_view rel);

}  // namespace orggate::github
