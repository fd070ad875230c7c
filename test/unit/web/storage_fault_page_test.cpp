// The pipeline over a store whose disk fails: the 503 storage page, and pages that only read.
#include <cerrno>

#include <boost/test/unit_test.hpp>

#include "support/app_fixture.hpp"

using namespace orggate;

namespace {

// The memory store, with reads and writes that fail on demand the way a disk does.
class FaultyStore final : public SessionStore {
public:
    std::optional<Session> load(const std::string& id) override {
        if (read_error != 0) throw StorageError(read_error, "cannot read a file");
        return memory.load(id);
    }
    Session update(const std::string& id, const std::function<void(Session&)>& change) override {
        if (read_error != 0) throw StorageError(read_error, "cannot read a file");
        if (write_error != 0) throw StorageError(write_error, "cannot write a file");
        return memory.update(id, change);
    }
    void destroy(const std::string& id) override {
        if (write_error != 0) throw StorageError(write_error, "cannot remove a file");
        memory.destroy(id);
    }
    SweepStats sweep() override { return memory.sweep(); }
    std::optional<std::string> health_problem() override { return memory.health_problem(); }

    testing::MemorySessionStore memory;
    int read_error = 0;
    int write_error = 0;
};

struct Fixture : testing::AppFixture {
    FaultyStore faulty;
    const web::App faulty_app = app_with(faulty);
    std::vector<std::string>& logged = log;
    const std::string id = std::string(43, 'S');

    // A logged-in session last seen `age` seconds ago, so a request may refresh it.
    Fixture() {
        UserProfile user;
        user.login = "octocat";
        user.id = 1;
        user.avatar_url = "https://avatars.githubusercontent.com/u/1";
        user.raw_json = R"({"login":"octocat","id":1})";
        faulty.memory.sessions[id] =
            Session{clock.now() - 600, clock.now() - 600, {{"csrf_token", "t0ken"}}, user};
    }

    http::Response send(const std::string& method, const std::string& path,
                        const std::string& body = "") {
        http::Request request;
        request.method = method;
        request.path = path;
        request.cookie_header = std::string(web::kSessionCookie) + "=" + id;
        request.body = body;
        request.request_id = "r1";
        return faulty_app.handle(request);
    }
};

void require_storage_page(const http::Response& response) {
    BOOST_TEST(response.status == 503);
    BOOST_TEST(response.header("Retry-After") == "30");
    BOOST_TEST(response.body.find("storage problem") != std::string::npos);
    // Neither the user nor a Login link: the visitor was not logged out.
    BOOST_TEST(response.body.find("Login") == std::string::npos);
    BOOST_TEST(response.header("Set-Cookie").empty());
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(storage_fault_page, Fixture)

BOOST_AUTO_TEST_CASE(a_read_error_is_the_503_storage_page_not_a_logout) {
    faulty.read_error = EIO;
    const http::Response response = send("GET", "/");
    require_storage_page(response);
    BOOST_REQUIRE(logged.size() == 1u);
    BOOST_TEST(logged[0].find("event=error") == 0u, logged[0]);
    BOOST_TEST(logged[0].find("errno=EIO") != std::string::npos, logged[0]);
    BOOST_TEST(logged[0].find("req=r1") != std::string::npos, logged[0]);
    BOOST_TEST(faulty.memory.sessions.count(id) == 1u);
}

BOOST_AUTO_TEST_CASE(a_failed_keep_alive_refresh_is_logged_and_the_page_still_renders) {
    faulty.write_error = ENOSPC;
    const http::Response response = send("GET", "/page2");
    BOOST_TEST(response.status == 200);
    BOOST_TEST(response.body.find("octocat") != std::string::npos);
    BOOST_REQUIRE(logged.size() == 1u);
    BOOST_TEST(logged[0].find("session refresh failed") != std::string::npos, logged[0]);
    BOOST_TEST(logged[0].find("errno=ENOSPC") != std::string::npos, logged[0]);
}

BOOST_AUTO_TEST_CASE(a_logout_that_cannot_write_is_the_storage_page_and_keeps_the_session) {
    faulty.write_error = EROFS;
    require_storage_page(send("POST", "/logout", "csrf_token=t0ken"));
    BOOST_TEST(faulty.memory.sessions.count(id) == 1u);
    faulty.write_error = 0;
    BOOST_TEST(send("POST", "/logout", "csrf_token=t0ken").status == 303);
    BOOST_TEST(faulty.memory.sessions.count(id) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
