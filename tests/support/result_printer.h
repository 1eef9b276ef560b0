// Lets Catch print a failed Result<T> by its error code instead of trying to stream T.
#pragma once

#include "engine/error.h"

#include <catch2/catch.hpp>

#include <string>

namespace Catch {

template <class T>
struct StringMaker<boost::system::result<T, sportello::engine::Error>> {
  static std::string convert(const boost::system::result<T, sportello::engine::Error>& result) {
    if (result.has_value()) return "value";
    return "error " + std::string(sportello::engine::ErrorCode(result.error()));
  }
};

}  // namespace Catch
