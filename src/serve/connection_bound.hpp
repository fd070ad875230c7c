// How many connections a server holds at once, and its episodes at that bound: one log line
// when the bound is reached, none again until the count has fallen well below it.
#pragma once

#include <cstddef>

namespace orggate::serve {

class ConnectionBound {
public:
    explicit ConnectionBound(std::size_t limit) : limit_(limit) {}

    std::size_t limit() const { return limit_; }
    // Whether one more connection fits beside `open`.
    bool has_room(std::size_t open) const { return open < limit_; }
    // At the bound: true only the first time of an episode (the time to log it).
    bool reached();
    // As connections close: an episode ends once fewer than 3/4 of the bound are open, so a
    // count that hovers at the bound is one episode, not one per connection.
    void note_open(std::size_t open);

private:
    std::size_t limit_;
    bool at_bound_ = false;
};

}  // namespace orggate::serve
