// Rows of counters by label, found and claimed without a lock or an allocation.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace orggate {

// Up to kRows labels, each with its own Row (atomic counters). The labels are few and known
// only as requests arrive (route paths, login outcomes, GitHub calls), so a label's row is
// claimed the first time it is recorded: its text is copied in, then published. A thread that
// meets a row being claimed waits for it, which happens at most once per label in the life of
// the process; that is what keeps one label from getting two rows.
template <typename Row, std::size_t kRows>
class LabelRows {
public:
    static constexpr std::size_t kMaxLabelBytes = 48;

    // Labels that are too long or beyond kRows share the `fallback` label's row.
    explicit LabelRows(std::string_view fallback) { row(fallback); }

    Row& row(std::string_view label) {
        if (label.size() > kMaxLabelBytes) return slots_[0].row;
        for (Slot& slot : slots_) {
            int state = slot.state.load(std::memory_order_acquire);
            if (state == kFree &&
                slot.state.compare_exchange_strong(state, kClaiming, std::memory_order_acquire)) {
                std::copy(label.begin(), label.end(), slot.text.begin());
                slot.size = label.size();
                slot.state.store(kReady, std::memory_order_release);
                return slot.row;
            }
            while (state == kClaiming) {
                std::this_thread::yield();
                state = slot.state.load(std::memory_order_acquire);
            }
            if (slot.label() == label) return slot.row;
        }
        return slots_[0].row;
    }

    // The claimed rows in label order, as /metrics lists them.
    std::vector<std::pair<std::string_view, const Row*>> sorted() const {
        std::vector<std::pair<std::string_view, const Row*>> rows;
        for (const Slot& slot : slots_) {
            if (slot.state.load(std::memory_order_acquire) != kReady) continue;
            rows.emplace_back(slot.label(), &slot.row);
        }
        std::sort(rows.begin(), rows.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        return rows;
    }

private:
    enum : int { kFree, kClaiming, kReady };
    struct Slot {
        std::atomic<int> state{kFree};
        std::array<char, kMaxLabelBytes> text{};
        std::size_t size = 0;
        Row row{};
        std::string_view label() const { return {text.data(), size}; }
    };
    std::array<Slot, kRows> slots_{};
};

}  // namespace orggate
