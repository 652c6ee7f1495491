#pragma once
// Review comments on a plan version (docs/authoring.md "Review"): threads on items of
// the plan (or the plan itself), replies, resolve and reopen. Inside the caller's
// transaction; the caller audits.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "storage/record_store.hpp"

namespace styrkort::storage {

struct CommentFilter {
    std::optional<std::string> entity;
    std::optional<Id> item_id;
    std::optional<bool> resolved;  // nullopt: both
};

class CommentStore {
public:
    explicit CommentStore(Connection& c) : c_(c) {}

    // The threads of the plan, oldest first, each with its replies:
    // {id, plan_id, entity, item_id, item_label, author, body, created_at, resolved,
    //  resolved_by, resolved_at, replies: [{id, author, body, created_at}]}.
    boost::json::array threads(Id org, Id plan, const CommentFilter& filter = {});
    std::optional<boost::json::object> thread(Id org, Id plan, Id id);
    // A new thread on an item of the plan: InputError (entity, item_id, body) when the
    // item is not the plan's or the text is empty or too long.
    boost::json::object start(Id org, Id plan, const std::string& entity, Id item, const std::string& author,
                              const std::string& body);
    boost::json::object reply(Id org, Id plan, Id thread, const std::string& author, const std::string& body);
    // Resolves (or reopens) the thread; the same state again changes nothing.
    boost::json::object set_resolved(Id org, Id plan, Id thread, bool resolved, const std::string& by);
    // One comment (a thread's first or a reply) with its thread_id and whether the
    // thread is resolved; nullopt when the plan has no such comment.
    std::optional<boost::json::object> comment(Id org, Id plan, Id id);
    // A new text for the comment: VersionConflict when `expected` is not its version,
    // InputError (body) for an empty or too long text. The caller checks who may.
    boost::json::object edit(Id org, Id plan, Id id, const std::string& body, std::optional<std::int64_t> expected);
    // Deletes the comment, and with a thread's first comment its replies; the number of
    // comments deleted.
    int remove(Id org, Id plan, Id id, std::optional<std::int64_t> expected);

private:
    Connection& c_;
};

// The unresolved threads of the plan (for the submit step).
boost::json::array unresolved_comments(Connection& c, Id org, Id plan);

}  // namespace styrkort::storage
