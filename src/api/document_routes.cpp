// The plan and the follow-up report as documents (docs/documents.md): PDF, DOCX or
// print-ready HTML, made on request from the same data the API serves. A document shows
// what its data shows, so it is read under the same rules: a plan document as the plan
// (approved plans public, drafts for members), a follow-up report as the scorecard
// (members of the organisation only).
#include <atomic>
#include <charconv>
#include <optional>

#include "api/api.hpp"
#include "api/document_openapi.hpp"
#include "api/responses.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "domain/schema.hpp"
#include "reports/document_source.hpp"
#include "reports/render.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;

std::string query_or(const http::Request& r, const std::string& name, const std::string& fallback = "") {
    auto it = r.query.find(name);
    return it == r.query.end() ? fallback : it->second;
}

std::string required_query(const http::Request& r, const std::string& name) {
    auto v = query_or(r, name);
    if (v.empty()) throw InputError(name, {"saknas", "is missing"}, "required");
    return v;
}

// At most this many PDF/DOCX renders at a time per server process: each runs a Chromium
// or LibreOffice of a few hundred MB for seconds, and a burst of requests must not take
// the server's memory and cores from everyone else. HTML is written in-process and is
// not limited.
constexpr int max_concurrent_renders = 2;
std::atomic<int> renders_running{0};

// Holds one of the render slots while it lives, when one was free.
class RenderSlot {
public:
    RenderSlot() {
        int n = renders_running.load();
        while (n < max_concurrent_renders && !renders_running.compare_exchange_weak(n, n + 1)) {
        }
        held_ = n < max_concurrent_renders;
    }
    ~RenderSlot() {
        if (held_) --renders_running;
    }
    RenderSlot(const RenderSlot&) = delete;
    RenderSlot& operator=(const RenderSlot&) = delete;
    explicit operator bool() const { return held_; }

private:
    bool held_ = false;
};

http::Response busy_response(const http::Request& r) {
    auto response = error_response(503, "busy",
                                   {"för många dokument skapas just nu; försök igen om en stund",
                                    "too many documents are being made right now; try again in a moment"},
                                   language_of(r));
    response.headers.emplace_back("Retry-After", "10");
    return response;
}

http::Response document_response(const http::Request& r, const reports::Document& doc, reports::Format format) {
    std::optional<RenderSlot> slot;
    if (format != reports::Format::html) {
        slot.emplace();
        if (!*slot) return busy_response(r);
    }
    auto rendered = reports::render(doc, format);
    http::Response response;
    response.content_type = rendered.media_type;
    response.body = std::move(rendered.bytes);
    auto file = doc.file_stem + "." + rendered.extension;
    response.headers.emplace_back("Content-Disposition",
                                  std::string(format == reports::Format::docx ? "attachment" : "inline") +
                                      "; filename=\"" + file + "\"");
    // The HTML carries its own print style and never a script.
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                                  "form-action 'none'; frame-ancestors 'none'");
    return response;
}

Id parse_id_or_throw(const std::string& text) {
    Id id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
        throw NotFound({"'" + text + "' är inget id", "'" + text + "' is not an id"});
    }
    return id;
}

std::string key_of(const std::optional<storage::Record>& record) {
    return record ? std::string(record->at("key").as_string()) : std::string();
}

}  // namespace

void Api::add_document_routes() {
    router_.add({"GET", "/api/v1/organisations/{org}/plans/{id}/document", "getPlanDocument",
                 "The plan document as PDF, DOCX or print-ready HTML (docs/documents.md)", "Documents", "", "document",
                 [this](const http::Request& r, const Params& p) {
                     auto format = reports::format_or_throw(query_or(r, "format", "pdf"), "format");
                     check_plan_readable(p);
                     Id org = organisation_of(p.at("org"));
                     auto id = parse_id_or_throw(p.at("id"));
                     auto org_key = key_of(repo_.get(entity("organisation"), org, org));
                     auto plan_key = key_of(repo_.get(entity("plan"), org, id));
                     if (plan_key.empty()) throw NotFound({"planen finns inte", "the plan does not exist"});
                     auto doc = db_.read([&](storage::Connection& c) { return reports::plan_document_from(c, org_key, plan_key); });
                     return document_response(r, doc, format);
                 },
                 Access::read_records});
    router_.add({"GET", "/api/v1/organisations/{org}/plans/{id}/followup-document", "getFollowupDocument",
                 "A unit's follow-up report for one reporting point as PDF, DOCX or print-ready HTML (docs/documents.md)",
                 "Documents", "", "followup_document",
                 [this](const http::Request& r, const Params& p) {
                     auto format = reports::format_or_throw(query_or(r, "format", "pdf"), "format");
                     reports::FollowupRequest request;
                     request.unit = required_query(r, "unit");
                     request.year = reports::parse_year(required_query(r, "year"), "year");
                     request.point = required_query(r, "point");
                     reports::check_followup_period(request.year, request.point);
                     Id org = organisation_of(p.at("org"));
                     // As the scorecard: follow-up not yet approved is not public.
                     const auto* principal = current_principal();
                     if (principal == nullptr) throw auth::Unauthenticated();
                     if (!principal->member_of(org)) {
                         throw auth::Forbidden({"du har ingen roll i den här organisationen", "you hold no role in this organisation"});
                     }
                     auto id = parse_id_or_throw(p.at("id"));
                     request.org = key_of(repo_.get(entity("organisation"), org, org));
                     request.plan_key = key_of(repo_.get(entity("plan"), org, id));
                     if (request.plan_key.empty()) throw NotFound({"planen finns inte", "the plan does not exist"});
                     auto doc = db_.read([&](storage::Connection& c) { return reports::followup_document_from(c, request); });
                     return document_response(r, doc, format);
                 },
                 Access::read_records});
}

void document_parameters(const Route& route, json::array& params) {
    if (route.kind != "document" && route.kind != "followup_document") return;
    params.push_back({{"name", "format"}, {"in", "query"},
                      {"schema", {{"type", "string"}, {"enum", {"pdf", "docx", "html"}}, {"default", "pdf"}}}});
    if (route.kind == "followup_document") {
        params.push_back({{"name", "unit"}, {"in", "query"}, {"required", true}, {"description", "unit id or key: the report covers it and the units under it"},
                          {"schema", {{"type", "string"}}}});
        params.push_back({{"name", "year"}, {"in", "query"}, {"required", true},
                          {"schema", {{"type", "integer"}, {"minimum", 1900}, {"maximum", 2200}}}});
        params.push_back({{"name", "point"}, {"in", "query"}, {"required", true},
                          {"schema", {{"type", "string"}, {"enum", {"da04", "da08", "ar"}}}}});
    }
}

bool document_operation(const Route& route, json::object&, json::object& responses) {
    if (route.kind != "document" && route.kind != "followup_document") return false;
    json::object binary{{"type", "string"}, {"format", "binary"}};
    responses["200"] = {
        {"description", route.kind == "document" ? "the plan document" : "the follow-up report"},
        {"content", {{"application/pdf", {{"schema", binary}}},
                     {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", {{"schema", binary}}},
                     {"text/html", {{"schema", {{"type", "string"}}}}}}}};
    json::object error{{"description", "a parameter is missing or wrong: the error names it"},
                       {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    responses["422"] = error;
    json::object busy{{"description", "the database or the renderer is unavailable, or two PDF/DOCX documents are being made "
                                      "already (code busy, with Retry-After): try again later"},
                      {"headers", {{"Retry-After", {{"description", "seconds to wait when busy"}, {"schema", {{"type", "integer"}}}}}}},
                      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    responses["503"] = busy;
    return true;
}

}  // namespace styrkort::api
