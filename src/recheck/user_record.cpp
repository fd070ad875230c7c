// Reading and writing the re-check's per-user record (RapidJSON).
#include "recheck/user_record.hpp"

#include <algorithm>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "json/json_document.hpp"

namespace orggate::recheck {
namespace {

// A record is four fields; an ETag is a short quoted string. Anything longer is not ours.
constexpr std::size_t kMaxRecordBytes = 4096;
constexpr std::size_t kMaxEtagBytes = 512;

bool read_time(const rapidjson::Value& object, const char* name, std::int64_t& out) {
    const auto member = object.FindMember(name);
    if (member == object.MemberEnd() || !member->value.IsInt64()) return false;
    out = member->value.GetInt64();
    return out >= 0;
}

// The ETag goes back to GitHub as a header: printable ASCII only, so no record can add a line.
bool is_header_text(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

}  // namespace

std::string user_record_to_json(const UserRecord& record) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("last_success");
    writer.Int64(record.state.last_success);
    writer.Key("last_attempt");
    writer.Int64(record.state.last_attempt);
    writer.Key("not_before");
    writer.Int64(record.state.not_before);
    writer.Key("etag");
    writer.String(record.etag.data(), static_cast<rapidjson::SizeType>(record.etag.size()));
    writer.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<UserRecord> user_record_from_json(std::string_view json) {
    rapidjson::Document document;
    if (!parse_json_document(json, kMaxRecordBytes, document) || !document.IsObject()) {
        return std::nullopt;
    }
    UserRecord record;
    if (!read_time(document, "last_success", record.state.last_success) ||
        !read_time(document, "last_attempt", record.state.last_attempt) ||
        !read_time(document, "not_before", record.state.not_before)) {
        return std::nullopt;
    }
    const auto etag = document.FindMember("etag");
    if (etag == document.MemberEnd() || !etag->value.IsString() ||
        etag->value.GetStringLength() > kMaxEtagBytes) {
        return std::nullopt;
    }
    record.etag.assign(etag->value.GetString(), etag->value.GetStringLength());
    if (!is_header_text(record.etag)) return std::nullopt;
    return record;
}

}  // namespace orggate::recheck
