// `styrkort audit verify [--org ORG]`: checks every organisation's audit chain
// (docs/audit.md) and names the first broken entry. Exit status 0 when every chain
// holds, 1 when one is broken.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "storage/audit_chain.hpp"

namespace styrkort::cli {
namespace {

std::string say(const Text& text) { return text.in(user_language()); }

// ORG by key or id; "0" is the installation's own chain (refusals outside any organisation).
storage::Id chain_of(storage::Database& db, const std::string& text) {
    if (text == "0") return 0;
    auto id = db.read([&](storage::Connection& c) -> std::optional<storage::Id> {
        auto rows = c.query("SELECT id FROM organisation WHERE key = ? OR CAST(id AS TEXT) = ?", {text, text});
        if (rows.empty()) return std::nullopt;
        return storage::as_int(rows[0][0]);
    });
    if (!id) throw NotFound({"organisationen '" + text + "' finns inte", "the organisation '" + text + "' does not exist"});
    return *id;
}

}  // namespace

int audit(const std::vector<std::string>& argv) {
    Args args(argv, {});
    auto known = database_options;
    known.insert("org");
    args.allow_only(known);
    const auto& pos = args.positional();
    if (pos.size() != 1 || pos[0] != "verify") {
        throw InputError("", {"användning: styrkort audit verify [--org ORG]", "usage: styrkort audit verify [--org ORG]"},
                         "usage");
    }
    auto db = open_database(args);
    std::optional<storage::Id> org;
    if (auto o = args.option("org")) org = chain_of(*db, *o);
    auto verdicts = db->read([&](storage::Connection& c) { return storage::verify_audit_chains(c, org); });
    bool all_ok = true;
    for (const auto& v : verdicts) {
        std::cout << say({"organisation ", "organisation "}) << v.org_id << ": ";
        if (v.ok) {
            auto head = db->read([&](storage::Connection& c) { return storage::audit_head(c, v.org_id); });
            std::cout << say({"kedjan är hel, ", "the chain holds, "}) << v.checked << say({" poster", " entries"});
            if (head && head->count > 0) std::cout << ", head " << head->hash;
            std::cout << '\n';
            continue;
        }
        all_ok = false;
        std::cout << say({"BRUTEN vid post ", "BROKEN at entry "}) << v.broken_id;
        if (!v.broken_at.empty()) std::cout << " (" << v.broken_at << ")";
        std::cout << ": " << say({v.problem_sv, v.problem_en}) << '\n';
    }
    if (verdicts.empty()) std::cout << say({"inga granskningsposter\n", "no audit entries\n"});
    return all_ok ? 0 : 1;
}

}  // namespace styrkort::cli
