// Session <-> the JSON of a session file, version 1 ("teams" and "ended" optional: newer).
#include "session/session_codec.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "json/json_document.hpp"

namespace orggate {
namespace {

constexpr int kFormatVersion = 1;

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& writer, const std::string& text) {
    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_values(Writer& writer, const std::map<std::string, std::string>& values) {
    writer.StartObject();
    for (const auto& [key, value] : values) {
        writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        write_string(writer, value);
    }
    writer.EndObject();
}

void write_teams(Writer& writer, const std::vector<std::string>& teams) {
    writer.StartArray();
    for (const std::string& slug : teams)
        write_string(writer, slug);
    writer.EndArray();
}

const rapidjson::Value* find(const rapidjson::Value& object, const char* name) {
    auto member = object.FindMember(name);
    return member == object.MemberEnd() ? nullptr : &member->value;
}

std::string to_string(const rapidjson::Value& value) {
    return std::string(value.GetString(), value.GetStringLength());
}

bool read_time(const rapidjson::Value& object, const char* name, std::int64_t& out) {
    const rapidjson::Value* value = find(object, name);
    if (value == nullptr || !value->IsInt64()) return false;
    out = value->GetInt64();
    return true;
}

bool read_values(const rapidjson::Value& object, std::map<std::string, std::string>& out) {
    const rapidjson::Value* values = find(object, "values");
    if (values == nullptr || !values->IsObject()) return false;
    for (const auto& member : values->GetObject()) {
        // A repeated key would make the stored record ambiguous.
        if (!member.value.IsString() ||
            !out.emplace(to_string(member.name), to_string(member.value)).second) {
            return false;
        }
    }
    return true;
}

// The user is optional; when present it must be a GitHub user object.
bool read_user(const rapidjson::Value& object, std::optional<UserProfile>& out) {
    const rapidjson::Value* user = find(object, "user");
    if (user == nullptr) return true;
    out = user_profile_from_value(*user);
    return out.has_value();
}

// The teams are optional (files written before orggate kept them have none); when present,
// an array of strings.
bool read_teams(const rapidjson::Value& object, std::vector<std::string>& out) {
    const rapidjson::Value* teams = find(object, "teams");
    if (teams == nullptr) return true;
    if (!teams->IsArray()) return false;
    for (const auto& slug : teams->GetArray()) {
        if (!slug.IsString()) return false;
        out.push_back(to_string(slug));
    }
    return true;
}

// Why the session was ended from outside; optional, a string when present.
bool read_ended(const rapidjson::Value& object, std::string& out) {
    const rapidjson::Value* ended = find(object, "ended");
    if (ended == nullptr) return true;
    if (!ended->IsString()) return false;
    out = to_string(*ended);
    return true;
}

}  // namespace

std::string encode_session(const Session& session) {
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.StartObject();
    writer.Key("version");
    writer.Int(kFormatVersion);
    writer.Key("created_at");
    writer.Int64(session.created_at);
    writer.Key("last_seen_at");
    writer.Int64(session.last_seen_at);
    writer.Key("values");
    write_values(writer, session.values);
    if (session.user) {
        const std::string user = user_profile_to_json(*session.user);
        writer.Key("user");
        writer.RawValue(user.data(), user.size(), rapidjson::kObjectType);
    }
    if (!session.teams.empty()) {
        writer.Key("teams");
        write_teams(writer, session.teams);
    }
    if (!session.ended.empty()) {
        writer.Key("ended");
        write_string(writer, session.ended);
    }
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<Session> decode_session(std::string_view json) {
    rapidjson::Document document;
    if (!parse_json_document(json, kMaxSessionJsonBytes, document) || !document.IsObject()) {
        return std::nullopt;
    }
    const rapidjson::Value* version = find(document, "version");
    if (version == nullptr || !version->IsInt() || version->GetInt() != kFormatVersion) {
        return std::nullopt;
    }
    Session session;
    if (!read_time(document, "created_at", session.created_at) ||
        !read_time(document, "last_seen_at", session.last_seen_at) ||
        !read_values(document, session.values) || !read_user(document, session.user) ||
        !read_teams(document, session.teams) || !read_ended(document, session.ended)) {
        return std::nullopt;
    }
    return session;
}

}  // namespace orggate
