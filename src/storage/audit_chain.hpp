#pragma once
// The audit log proves itself: every entry carries the SHA-256 of its canonical form
// (docs/audit.md) and of the hash of the entry before it in its organisation's chain,
// and its place in the chain (seq, 1, 2, …). audit_head keeps each organisation's last
// entry, locked while an entry is appended, so that two transactions never chain onto
// the same entry. An edit, deletion, reordering or insertion of a past entry breaks a
// link that verify_audit_chain finds; the head hash, recorded elsewhere, also catches a
// rewrite of the whole chain.
#include <optional>
#include <string>
#include <vector>

#include "storage/sql.hpp"

namespace styrkort::storage {

using Id = std::int64_t;

// The fields of one audit entry as stored; null text is nullopt.
struct AuditEntry {
    Id org_id = 0;
    Id id = 0;
    std::int64_t seq = 0;
    std::string at;
    std::string actor;
    std::optional<std::string> remote;
    std::string action;
    std::string entity;
    std::optional<Id> entity_id;
    std::optional<std::string> before;
    std::optional<std::string> after;
    std::string prev_hash;
};

// The hash before the first entry of every chain: 64 zeros.
const std::string& genesis_hash();
// The canonical serialisation of the entry (docs/audit.md) and its hex SHA-256.
std::string canonical_audit_form(const AuditEntry& e);
std::string audit_entry_hash(const AuditEntry& e);

// Completes `e` (id, seq, prev_hash) as the next entry of its organisation's chain,
// inserts it with its hash and moves the head; in the caller's transaction. Returns the id.
Id append_chained(Connection& c, AuditEntry e);

// Seals entries written before the chain existed (migration 0012), in the order of
// their ids, per organisation. Deterministic: the same log gives the same hashes.
void seal_unchained_audit_entries(Connection& c);

struct AuditHead {
    Id org_id = 0;
    Id id = 0;  // the last entry (0 when the chain is empty)
    std::int64_t count = 0;
    std::string hash;
    std::string at;
};
std::optional<AuditHead> audit_head(Connection& c, Id org);

struct ChainVerdict {
    Id org_id = 0;
    std::int64_t checked = 0;  // entries read
    bool ok = true;
    // The first broken entry: its id and time (0 and "" when the break is in the head)
    // and what is wrong, in Swedish and English.
    Id broken_id = 0;
    std::string broken_at;
    std::string problem_sv, problem_en;
};
// Checks the chain of `org`, or of every organisation that has audit entries or a head.
std::vector<ChainVerdict> verify_audit_chains(Connection& c, std::optional<Id> org);

}  // namespace styrkort::storage
