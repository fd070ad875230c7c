// A TokenSource that hands out distinct, predictable base64url tokens.
#pragma once

#include <string>

#include "crypto/random.hpp"

namespace orggate::testing {

class CountingTokenSource final : public crypto::TokenSource {
public:
    // Each token has the length of a real one: bytes * 4 / 3 rounded up.
    std::string token(std::size_t bytes) override {
        std::string out = "tok" + std::to_string(++issued);
        out.resize((bytes * 4 + 2) / 3, 'A');
        return out;
    }
    int issued = 0;
};

}  // namespace orggate::testing
