// Reads and writes the GitHub user object kept in a logged-in session.
#include "session/user_profile.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "json/json_document.hpp"
#include "json/json_indent.hpp"

namespace orggate {
namespace {

// A GitHub /user object is about 1.5 KiB; anything near this is not one.
constexpr std::size_t kMaxUserJsonBytes = 64 * 1024;

std::optional<std::string> string_member(const rapidjson::Value& object, const char* name) {
    auto member = object.FindMember(name);
    if (member == object.MemberEnd() || !member->value.IsString()) return std::nullopt;
    return std::string(member->value.GetString(), member->value.GetStringLength());
}

// Absent or null means "not set"; any other type is malformed.
bool read_optional_string(const rapidjson::Value& object, const char* name,
                          std::optional<std::string>& out) {
    auto member = object.FindMember(name);
    if (member == object.MemberEnd() || member->value.IsNull()) return true;
    if (!member->value.IsString()) return false;
    out = std::string(member->value.GetString(), member->value.GetStringLength());
    return true;
}

std::string compact(const rapidjson::Value& value) {
    // Room for a whole GitHub profile (about 1.5 KiB) at once, instead of doubling from 256.
    rapidjson::StringBuffer buffer(nullptr, 4096);
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::string json_from_fields(const UserProfile& user) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    auto string = [&writer](const std::string& text) {
        writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    };
    writer.StartObject();
    writer.Key("login");
    string(user.login);
    writer.Key("id");
    writer.Int64(user.id);
    writer.Key("name");
    if (user.name) {
        string(*user.name);
    } else {
        writer.Null();
    }
    writer.Key("avatar_url");
    string(user.avatar_url);
    writer.Key("html_url");
    string(user.html_url);
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::optional<UserProfile> user_profile_from_value(const rapidjson::Value& object) {
    if (!object.IsObject()) return std::nullopt;
    UserProfile user;
    auto login = string_member(object, "login");
    auto avatar_url = string_member(object, "avatar_url");
    auto id = object.FindMember("id");
    if (!login || login->empty() || !avatar_url) return std::nullopt;
    if (id == object.MemberEnd() || !id->value.IsInt64()) return std::nullopt;
    std::optional<std::string> html_url;
    if (!read_optional_string(object, "name", user.name) ||
        !read_optional_string(object, "html_url", html_url)) {
        return std::nullopt;
    }
    user.login = std::move(*login);
    user.id = id->value.GetInt64();
    user.avatar_url = std::move(*avatar_url);
    user.html_url = html_url.value_or("");
    user.raw_json = compact(object);
    user.raw_json_checked = true;
    return user;
}

std::optional<UserProfile> user_profile_from_json(std::string_view json) {
    rapidjson::Document document;
    if (!parse_json_document(json, kMaxUserJsonBytes, document)) return std::nullopt;
    return user_profile_from_value(document);
}

std::string user_profile_to_json(const UserProfile& user) {
    if (auto parsed = user_profile_from_json(user.raw_json)) return parsed->raw_json;
    return json_from_fields(user);
}

// A checked raw_json (every login's, every session file's) is laid out without a parse; one
// made by hand is shown when it is a user object, otherwise one built from the fields.
std::string pretty_user_json(const UserProfile& user) {
    if (user.raw_json_checked && !user.raw_json.empty()) return indent_json(user.raw_json);
    rapidjson::Document document;
    if (!parse_json_document(user.raw_json, kMaxUserJsonBytes, document) ||
        !user_profile_from_value(document)) {
        const std::string json = json_from_fields(user);
        // Only a profile built by hand with absurdly large fields gets here unparseable.
        if (!parse_json_document(json, json.size(), document)) return json;
    }
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
    writer.SetIndent(' ', 2);
    document.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace orggate
