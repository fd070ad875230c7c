// The Boost.Test module: every test/unit/**/*_test.cpp links into one runner.
#define BOOST_TEST_MODULE orggate unit tests
#include <boost/test/unit_test.hpp>
