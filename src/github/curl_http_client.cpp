// libcurl easy interface, one handle per thread.
#include "github/curl_http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>

namespace orggate::github {
namespace {

// Answers from GitHub are small JSON documents; anything larger is not GitHub.
constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

struct HandleDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};

CURL* thread_handle() {
    thread_local std::unique_ptr<CURL, HandleDeleter> handle(curl_easy_init());
    if (!handle) throw std::runtime_error("cannot create a libcurl handle");
    curl_easy_reset(handle.get());  // keeps the connection cache
    return handle.get();
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    const std::size_t bytes = size * count;
    if (body->size() + bytes > kMaxBodyBytes) return 0;  // aborts the transfer
    body->append(data, bytes);
    return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* headers = static_cast<Headers*>(user);
    const std::string line(data, size * count);
    const auto colon = line.find(':');
    if (line.rfind("HTTP/", 0) == 0) headers->clear();  // a new response (after 100 Continue)
    if (colon == std::string::npos) return size * count;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    const auto last = value.find_last_not_of(" \t\r\n");
    value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
    headers->emplace_back(std::move(name), std::move(value));
    return size * count;
}

Transport classify(CURLcode code) {
    switch (code) {
        case CURLE_OK:
            return Transport::kOk;
        case CURLE_OPERATION_TIMEDOUT:
            return Transport::kTimeout;
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return Transport::kUnreachable;
        default:
            return Transport::kFailed;
    }
}

struct HeaderList {
    curl_slist* list = nullptr;
    ~HeaderList() { curl_slist_free_all(list); }
    void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

// The call's own timeout, cut short by its deadline when it has one.
std::chrono::milliseconds time_allowed(const HttpCall& call, std::chrono::milliseconds timeout) {
    if (call.deadline == std::chrono::steady_clock::time_point{}) return timeout;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        call.deadline - std::chrono::steady_clock::now());
    return std::min(timeout, left);
}

}  // namespace

std::string HttpAnswer::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) return value;
    }
    return {};
}

CurlHttpClient::GlobalInit::GlobalInit() {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        throw std::runtime_error("cannot initialise libcurl");
    }
}

CurlHttpClient::GlobalInit::~GlobalInit() {
    curl_global_cleanup();
}

CurlHttpClient::CurlHttpClient(CurlSettings settings) : settings_(std::move(settings)) {}

HttpAnswer CurlHttpClient::send(const HttpCall& call) {
    HttpAnswer answer;
    const std::chrono::milliseconds timeout = time_allowed(call, settings_.total_timeout);
    if (timeout.count() <= 0) {
        answer.transport = Transport::kTimeout;
        answer.transport_detail = "no time left before the deadline";
        return answer;
    }
    CURL* curl = thread_handle();
    HeaderList headers;
    for (const auto& [name, value] : call.headers)
        headers.add(name + ": " + value);
    // libcurl would otherwise add "Expect: 100-continue" to POSTs, costing a round trip.
    headers.add("Expect:");

    curl_easy_setopt(curl, CURLOPT_URL, call.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (call.method == "POST" || !call.body.empty()) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.body.size()));
    }
    if (!call.basic_user.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl, CURLOPT_USERNAME, call.basic_user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, call.basic_password.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, settings_.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    // Threads must not use signals for DNS timeouts.
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min(timeout, settings_.connect_timeout).count()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.headers);

    const CURLcode code = curl_easy_perform(curl);
    answer.transport = classify(code);
    if (code != CURLE_OK) {
        answer.transport_detail = curl_easy_strerror(code);
        return answer;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    answer.status = static_cast<int>(status);
    return answer;
}

}  // namespace orggate::github
