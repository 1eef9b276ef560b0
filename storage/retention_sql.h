// The SQL of each PurgeKind (store.h), written once for both backends: `?N` parameters, which
// PgPlaceholders() turns into PostgreSQL's `$N`. Internal to storage/.
#pragma once

#include "storage/store.h"

#include <string>
#include <vector>

namespace sportello::storage {

struct PurgeStatements {
  std::string count;  // one row, one column: the rows due
  std::string purge;  // erases or deletes the rows due, at most the last parameter's number
};

// The statements of `kind`. Their parameters are PurgeParameters(kind, cutoffs), then the limit.
const PurgeStatements& PurgeSql(PurgeKind kind);
// The cut-offs `kind` compares with, in the order of its parameters (unix seconds).
std::vector<std::int64_t> PurgeParameters(PurgeKind kind, const PurgeCutoffs& cutoffs);
// `sql` with each `?N` written `$N`.
std::string PgPlaceholders(std::string_view sql);

}  // namespace sportello::storage
