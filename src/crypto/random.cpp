// RAND_bytes-backed token source.
#include "crypto/random.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

#include "crypto/encoding.hpp"

namespace orggate::crypto {

std::string OpenSslTokenSource::token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
        throw std::runtime_error("the system random number generator failed");
    }
    return base64url_encode(raw);
}

}  // namespace orggate::crypto
