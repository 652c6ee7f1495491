#pragma once
// The checks of the single-record routes (api.cpp), for routes that change several
// records at once (batch_routes.cpp): the same role rule and workflow rules per record.
#include "domain/schema.hpp"
#include "http/message.hpp"
#include "storage/audit.hpp"
#include "storage/repository.hpp"

namespace styrkort::api {

enum class RecordWrite { create, change, remove };

// A fresh guard for one change (a change's guard is called with the record as stored,
// then as it is about to be stored).
storage::WriteGuard record_write_guard(const Entity& e, storage::Id org, RecordWrite what);
// Who makes the request's changes, for the audit log.
storage::Actor request_actor(const http::Request& r);

}  // namespace styrkort::api
