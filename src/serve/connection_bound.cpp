// How many connections a server holds at once, and its episodes at that bound.
#include "serve/connection_bound.hpp"

namespace orggate::serve {

bool ConnectionBound::reached() {
    const bool first = !at_bound_;
    at_bound_ = true;
    return first;
}

void ConnectionBound::note_open(std::size_t open) {
    if (open < limit_ - limit_ / 4) at_bound_ = false;
}

}  // namespace orggate::serve
