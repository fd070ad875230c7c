// RapidJSON codecs for the token, membership and error answers.
#include "github/github_json.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "json/json_document.hpp"

namespace orggate::github {
namespace {

constexpr std::size_t kMaxAnswerBytes = 256 * 1024;

std::string string_member(const rapidjson::Value& object, const char* name) {
    const auto member = object.FindMember(name);
    if (member == object.MemberEnd() || !member->value.IsString()) return {};
    return std::string(member->value.GetString(), member->value.GetStringLength());
}

bool parse_object(std::string_view body, rapidjson::Document& document) {
    return parse_json_document(body, kMaxAnswerBytes, document) && document.IsObject();
}

}  // namespace

std::optional<TokenReply> parse_token_reply(std::string_view body) {
    rapidjson::Document document;
    if (!parse_object(body, document)) return std::nullopt;
    TokenReply reply{string_member(document, "access_token"), string_member(document, "error"),
                     string_member(document, "error_description")};
    if (reply.access_token.empty() && reply.error.empty()) return std::nullopt;
    return reply;
}

std::optional<std::string> parse_membership_state(std::string_view body) {
    rapidjson::Document document;
    if (!parse_object(body, document)) return std::nullopt;
    std::string state = string_member(document, "state");
    if (state.empty()) return std::nullopt;
    return state;
}

std::string parse_error_message(std::string_view body) {
    rapidjson::Document document;
    if (!parse_object(body, document)) return {};
    return string_member(document, "message");
}

std::string revocation_body(std::string_view token) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("access_token");
    writer.String(token.data(), static_cast<rapidjson::SizeType>(token.size()));
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace orggate::github
