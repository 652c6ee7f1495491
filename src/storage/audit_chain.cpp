#include "storage/audit_chain.hpp"

#include <openssl/evp.h>

#include "domain/errors.hpp"

namespace styrkort::storage {
namespace {

std::optional<std::string> text_or_null(const SqlValue& v) {
    if (is_null(v)) return std::nullopt;
    return as_text(v);
}

SqlValue or_null(const std::optional<std::string>& s) { return s ? SqlValue{*s} : SqlValue{nullptr}; }

// One field of the canonical form: "<length in bytes>:<bytes>\n", or "-\n" for null.
void field(std::string& out, const std::optional<std::string>& value) {
    if (!value) {
        out += "-\n";
        return;
    }
    out += std::to_string(value->size());
    out += ':';
    out += *value;
    out += '\n';
}

std::string hex_sha256(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        throw StorageError("SHA-256 failed (OpenSSL)");
    }
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned i = 0; i < length; ++i) {
        out += digits[digest[i] >> 4];
        out += digits[digest[i] & 0xf];
    }
    return out;
}

constexpr const char* entry_columns =
    "org_id, id, seq, at, actor, remote, action, entity, entity_id, before, after, prev_hash, hash";

AuditEntry entry_of(const Row& r) {
    AuditEntry e;
    e.org_id = as_int(r[0]);
    e.id = as_int(r[1]);
    e.seq = is_null(r[2]) ? 0 : as_int(r[2]);
    e.at = as_text(r[3]);
    e.actor = as_text(r[4]);
    e.remote = text_or_null(r[5]);
    e.action = as_text(r[6]);
    e.entity = as_text(r[7]);
    if (!is_null(r[8])) e.entity_id = as_int(r[8]);
    e.before = text_or_null(r[9]);
    e.after = text_or_null(r[10]);
    e.prev_hash = is_null(r[11]) ? std::string{} : as_text(r[11]);
    return e;
}

// Locks the organisation's head for the rest of the transaction (PostgreSQL: the row
// lock; SQLite has one writer) and returns it, created empty when the chain is new.
AuditHead lock_head(Connection& c, Id org) {
    const bool pg = c.dialect() == Dialect::postgres;
    const std::string select = std::string("SELECT last_id, seq, hash, at FROM audit_head WHERE org_id = ?") +
                               (pg ? " FOR UPDATE" : "");
    auto rows = c.query(select, {org});
    if (rows.empty()) {
        c.execute("INSERT INTO audit_head (org_id, last_id, seq, hash, at) VALUES (?, 0, 0, ?, '') "
                  "ON CONFLICT (org_id) DO NOTHING",
                  {org, genesis_hash()});
        rows = c.query(select, {org});
    }
    return {org, as_int(rows.at(0)[0]), as_int(rows.at(0)[1]), as_text(rows.at(0)[2]), as_text(rows.at(0)[3])};
}

void move_head(Connection& c, const AuditEntry& e, const std::string& hash) {
    c.execute("UPDATE audit_head SET last_id = ?, seq = ?, hash = ?, at = ? WHERE org_id = ?",
              {e.id, e.seq, hash, e.at, e.org_id});
}

ChainVerdict broken(ChainVerdict v, Id id, std::string at, std::string sv, std::string en) {
    v.ok = false;
    v.broken_id = id;
    v.broken_at = std::move(at);
    v.problem_sv = std::move(sv);
    v.problem_en = std::move(en);
    return v;
}

ChainVerdict verify_one(Connection& c, Id org) {
    ChainVerdict v;
    v.org_id = org;
    // An entry without a seal was written past Styrkort (it seals every entry it writes).
    auto unsealed = c.query(
        "SELECT id, at FROM audit_log WHERE org_id = ? AND (seq IS NULL OR hash IS NULL OR prev_hash IS NULL) "
        "ORDER BY id LIMIT 1",
        {org});
    if (!unsealed.empty()) {
        return broken(v, as_int(unsealed[0][0]), as_text(unsealed[0][1]),
                      "posten saknar kedjans hash (skriven förbi Styrkort)",
                      "the entry has no chain hash (written past Styrkort)");
    }
    std::string prev = genesis_hash();
    std::int64_t expected = 1, last_seq = 0;
    Id last_id = 0;
    const std::string select = std::string("SELECT ") + entry_columns +
                               " FROM audit_log WHERE org_id = ? AND (seq > ? OR (seq = ? AND id > ?)) "
                               "ORDER BY seq, id LIMIT 2000";
    for (;;) {
        auto rows = c.query(select, {org, last_seq, last_seq, last_id});
        if (rows.empty()) break;
        for (const auto& r : rows) {
            auto e = entry_of(r);
            auto stored = as_text(r[12]);
            ++v.checked;
            auto n = std::to_string(e.seq), want = std::to_string(expected);
            if (e.seq < expected) {
                return broken(v, e.id, e.at, "en andra post på plats " + n + " i kedjan (infogad eller kopierad)",
                              "a second entry at place " + n + " of the chain (inserted or copied)");
            }
            if (e.seq > expected) {
                return broken(v, e.id, e.at,
                              "posten har plats " + n + " men " + want + " väntades: poster före den saknas",
                              "the entry has place " + n + " where " + want + " was expected: entries before it are missing");
            }
            if (e.prev_hash != prev) {
                return broken(v, e.id, e.at,
                              "posten pekar inte på posten före den (prev_hash skiljer sig): en tidigare post är ändrad, "
                              "borttagen eller flyttad",
                              "the entry does not link to the one before it (prev_hash differs): an earlier entry was "
                              "changed, removed or moved");
            }
            if (audit_entry_hash(e) != stored) {
                return broken(v, e.id, e.at, "postens innehåll stämmer inte med dess hash: posten är ändrad",
                              "the entry's content does not match its hash: the entry was changed");
            }
            prev = stored;
            ++expected;
            last_seq = e.seq;
            last_id = e.id;
        }
    }
    auto head = audit_head(c, org);
    std::int64_t count = expected - 1;
    if (!head) {
        if (count == 0) return v;
        return broken(v, 0, "", "organisationens kedjehuvud saknas", "the organisation's chain head is missing");
    }
    if (head->count != count || head->hash != prev || head->id != last_id) {
        auto h = std::to_string(head->count), n = std::to_string(count);
        return broken(v, head->id, head->at,
                      "kedjehuvudet (" + h + " poster, sista " + std::to_string(head->id) + ") stämmer inte med kedjan (" +
                          n + " poster): poster i slutet är borttagna eller tillagda",
                      "the chain head (" + h + " entries, last " + std::to_string(head->id) +
                          ") does not match the chain (" + n + " entries): entries at the end were removed or added");
    }
    return v;
}

}  // namespace

const std::string& genesis_hash() {
    static const std::string zeros(64, '0');
    return zeros;
}

std::string canonical_audit_form(const AuditEntry& e) {
    std::string out = "styrkort-audit-v1\n";
    field(out, std::to_string(e.org_id));
    field(out, std::to_string(e.id));
    field(out, std::to_string(e.seq));
    field(out, e.at);
    field(out, e.actor);
    field(out, e.remote);
    field(out, e.action);
    field(out, e.entity);
    field(out, e.entity_id ? std::optional<std::string>(std::to_string(*e.entity_id)) : std::nullopt);
    field(out, e.before);
    field(out, e.after);
    field(out, e.prev_hash);
    return out;
}

std::string audit_entry_hash(const AuditEntry& e) { return hex_sha256(canonical_audit_form(e)); }

Id append_chained(Connection& c, AuditEntry e) {
    auto head = lock_head(c, e.org_id);
    // The id is taken before the insert because it is part of what is hashed.
    e.id = as_int(c.query(c.dialect() == Dialect::postgres ? "SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))"
                                                             : "SELECT coalesce(max(id), 0) + 1 FROM audit_log")
                      .at(0)
                      .at(0));
    e.seq = head.count + 1;
    e.prev_hash = head.hash;
    auto hash = audit_entry_hash(e);
    c.execute(
        "INSERT INTO audit_log (org_id, id, seq, at, actor, remote, action, entity, entity_id, before, after, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {e.org_id, e.id, e.seq, e.at, e.actor, or_null(e.remote), e.action, e.entity,
         e.entity_id ? SqlValue{*e.entity_id} : SqlValue{nullptr}, or_null(e.before), or_null(e.after), e.prev_hash,
         hash});
    move_head(c, e, hash);
    return e.id;
}

void seal_unchained_audit_entries(Connection& c) {
    for (const auto& org_row : c.query("SELECT DISTINCT org_id FROM audit_log WHERE hash IS NULL ORDER BY org_id")) {
        Id org = as_int(org_row[0]);
        auto head = lock_head(c, org);
        auto rows = c.query(std::string("SELECT ") + entry_columns +
                                " FROM audit_log WHERE org_id = ? AND hash IS NULL ORDER BY id",
                            {org});
        for (const auto& r : rows) {
            auto e = entry_of(r);
            e.seq = ++head.count;
            e.prev_hash = head.hash;
            head.hash = audit_entry_hash(e);
            c.execute("UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ? WHERE org_id = ? AND id = ?",
                      {e.seq, e.prev_hash, head.hash, org, e.id});
            move_head(c, e, head.hash);
        }
    }
}

std::optional<AuditHead> audit_head(Connection& c, Id org) {
    auto rows = c.query("SELECT last_id, seq, hash, at FROM audit_head WHERE org_id = ?", {org});
    if (rows.empty()) return std::nullopt;
    return AuditHead{org, as_int(rows[0][0]), as_int(rows[0][1]), as_text(rows[0][2]), as_text(rows[0][3])};
}

std::vector<ChainVerdict> verify_audit_chains(Connection& c, std::optional<Id> org) {
    std::vector<ChainVerdict> out;
    if (org) {
        out.push_back(verify_one(c, *org));
        return out;
    }
    auto orgs = c.query("SELECT org_id FROM audit_log UNION SELECT org_id FROM audit_head ORDER BY 1");
    for (const auto& r : orgs) out.push_back(verify_one(c, as_int(r[0])));
    return out;
}

}  // namespace styrkort::storage
