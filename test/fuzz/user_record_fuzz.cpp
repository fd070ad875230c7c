// Fuzzes user_record_from_json (the re-check's record in the store): never throws, and what it
// accepts it writes back to text that reads as the same record.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_property.hpp"
#include "recheck/user_record.hpp"

using namespace orggate::recheck;

using orggate::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto record = user_record_from_json(text);
    if (!record) return 0;
    require(record->state.last_success >= 0 && record->state.last_attempt >= 0 &&
                record->state.not_before >= 0,
            "no time before the epoch is accepted");
    const auto again = user_record_from_json(user_record_to_json(*record));
    require(again.has_value(), "a record written reads back");
    require(again->state.last_success == record->state.last_success &&
                again->state.last_attempt == record->state.last_attempt &&
                again->state.not_before == record->state.not_before && again->etag == record->etag,
            "it reads back as the same record");
    return 0;
}
