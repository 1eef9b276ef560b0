// Lets Catch print a failed Result<T> by its problem ("invalid_request (username: is taken)")
// instead of trying to stream T, and a Problem on its own.
#pragma once

#include "engine/error.h"

#include <catch2/catch.hpp>

#include <string>

namespace Catch {

template <class T>
struct StringMaker<boost::system::result<T, sportello::engine::Problem>> {
  static std::string convert(const boost::system::result<T, sportello::engine::Problem>& result) {
    if (result.has_value()) return "value";
    return "error " + result.error().ToString();
  }
};

template <>
struct StringMaker<sportello::engine::Problem> {
  static std::string convert(const sportello::engine::Problem& problem) { return problem.ToString(); }
};

template <>
struct StringMaker<sportello::engine::Error> {
  static std::string convert(sportello::engine::Error error) { return std::string(sportello::engine::ErrorCode(error)); }
};

}  // namespace Catch
