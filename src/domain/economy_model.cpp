// The economy of a plan as data. Every published table is an economy_table (title, year,
// the unit and precision it was published in); its rows are lines of one kind. Amounts
// are whole kronor (FieldType::amount), so 36 500,0 tkr is 36500000 and 0,08 mnkr is
// 80000. Totals the plan states are kept as economy_total rows, never recomputed into
// the data: `styrkort check` recomputes them and reports where they differ. Closing
// frames (UB) are computed from opening + changes; a published UB is kept only as
// stated_closing so that the check can compare.
#include "domain/economy_model.hpp"
#include "domain/field_builders.hpp"

namespace styrkort {
namespace {

using FT = FieldType;

using namespace fields;

Field table() { return ref("table_id", "economy_table", true, "Tabell", "Table"); }
Field unit() { return ref("unit_id", "unit", false, "Organisatorisk enhet", "Org unit"); }
Field row_group() { return str("row_group", false, "Grupp (som publicerad)", "Group (as published)"); }

Entity plan_child(std::string name, std::string collection, std::vector<Field> fields, std::string sv, std::string en) {
    std::string file = name + "s";
    std::vector<Field> all{plan_owner(), key()};
    for (auto& f : fields) all.push_back(std::move(f));
    return {.name = name, .collection = std::move(collection), .table = name, .file_collection = file,
            .parent_field = "plan_id", .fields = std::move(all), .label_sv = std::move(sv), .label_en = std::move(en)};
}

}  // namespace

const std::vector<std::string>& request_frame_types() {
    static const std::vector<std::string> types = {"it", "mt", "vehicle", "other_equipment", "art"};
    return types;
}

void add_economy_entities(std::vector<Entity>& all) {
    all.push_back(plan_child(
        "economy_table", "economy-tables",
        {str("title", true, "Rubrik som publicerad", "Title as published"),
         choice("kind", true,
                {"net_cost_frame", "frame_change", "result", "budget_follow_up", "investment_frame",
                 "investment_request", "property_investment"},
                "Typ av tabell", "Kind of table"),
         year(),
         choice("amount_unit", true, {"kr", "tkr", "mnkr"}, "Publicerad i", "Published in"),
         {.name = "decimals", .type = FT::integer, .required = true, .min = 0, .max = 3,
          .label_sv = "Publicerade decimaler", .label_en = "Published decimals"},
         choice("sign_convention", false, {"cost_negative", "frame_positive"}, "Teckenkonvention",
                "Sign convention"),
         choice("category", false, {"wage_price_index", "increase", "reduction", "reallocation"},
                "Förändringskategori", "Change category"),
         choice("claim", false, {"sums_to_zero"}, "Påstående i planen", "Claim made by the plan"),
         {.name = "note", .type = FT::text, .label_sv = "Anmärkning", .label_en = "Note"}},
        "Ekonomisk tabell", "Economy table"));
    all.push_back(plan_child(
        "cost_frame_line", "cost-frame-lines",
        {table(), str("label", true, "Rad som publicerad", "Row as published"), unit(), row_group(),
         ref("part_of_id", "cost_frame_line", false, "Varav-rad till", "Part of (\"varav\")"),
         amount("opening", false, "Ingående nettokostnadsram (IB)", "Opening frame"),
         amount("wage_price_index", false, "Löne- och prisindex", "Wage and price index"),
         amount("increase", false, "Utökning av ram", "Increase"),
         amount("reduction", false, "Ramminskning", "Reduction"),
         amount("reallocation", false, "Omfördelning inom ram", "Reallocation within frame"),
         amount("stated_closing", false, "Utgående ram (UB) som publicerad", "Closing frame as published")},
        "Rad i nettokostnadsram", "Net cost frame line"));
    all.push_back(plan_child(
        "frame_change_line", "frame-change-lines",
        {table(), str("description", true, "Förändring", "Change"),
         str("column_label", true, "Kolumn som publicerad", "Column as published"), unit(),
         ref("frame_line_id", "cost_frame_line", false, "Rad i ramtabellen", "Line of the frame table"),
         amount("amount", true, "Belopp", "Amount")},
        "Specifikation av ramförändring", "Frame change detail"));
    all.push_back(plan_child(
        "result_line", "result-lines",
        {table(), str("label", true, "Rad som publicerad", "Row as published"),
         choice("kind", true, {"result", "target", "reduction_done", "reduction_needed", "other"}, "Typ", "Kind"),
         year(), amount("amount", true, "Belopp", "Amount")},
        "Resultat och resultatmål", "Result or result target"));
    all.push_back(plan_child(
        "budget_follow_up", "budget-follow-ups",
        {table(), ref("unit_id", "unit", true, "Organisatorisk enhet", "Org unit"), year(),
         choice("point", true, {"da04", "da08", "ar", "t1", "t2", "t3"}, "Rapporteringstillfälle", "Reporting point"),
         amount("budget", true, "Budget", "Budget"), amount("outcome", false, "Utfall", "Outcome"),
         amount("forecast", false, "Prognos", "Forecast"),
         {.name = "comment", .type = FT::text, .label_sv = "Kommentar", .label_en = "Comment"}},
        "Budgetuppföljning", "Budget follow-up"));
    all.push_back(plan_child(
        "investment_frame_line", "investment-frame-lines",
        {table(), str("decision_level", true, "Beslutsnivå som publicerad", "Decision level as published"), unit(),
         row_group(),
         choice("frame_type", true,
                {"inventories_property", "financial", "emergency", "intangible", "aids", "art", "reserve",
                 "vehicles", "it", "mt_new", "mt_reinvestment", "other_new", "other_reinvestment", "property"},
                "Ramtyp", "Frame type"),
         amount("amount", true, "Belopp", "Amount")},
        "Investeringsram", "Investment frame"));
    all.push_back(plan_child(
        "investment_request", "investment-requests",
        {table(), str("division", true, "Division som publicerad", "Division as published"),
         str("area", false, "Verksamhetsområde som publicerat", "Area as published"), unit(),
         str("name", true, "Benämning", "Name"),
         choice("frame_type", true, request_frame_types(), "Ramtyp", "Frame type"),
         amount("amount", true, "Äskat belopp", "Requested amount"),
         choice("status", true, {"requested", "approved", "rejected", "deferred"}, "Status", "Status")},
        "Investeringsäskande", "Investment request"));
    all.push_back(plan_child(
        "property_investment", "property-investments",
        {table(), str("district", false, "Fastighetsdistrikt som publicerat", "Property district as published"),
         unit(), choice("kind", true, {"new", "reinvestment"}, "Ny- eller reinvestering", "New or re-investment"),
         str("name", true, "Benämning", "Name"), amount("amount", true, "Belopp i ram", "Amount in frame")},
        "Fastighetsinvestering", "Property investment"));
    all.push_back(plan_child(
        "delegation_rule", "delegation-rules",
        {{.name = "frame_types", .type = FT::choice_list, .choices = request_frame_types(),
          .label_sv = "Ramtyper (tom = alla)", .label_en = "Frame types (empty = all)"},
         amount("over_amount", true, "Beslutar när beloppet per objekt överstiger", "Decides when the amount per object exceeds"),
         str("decided_by", true, "Beslutande nivå", "Deciding level"),
         ref("decided_by_unit_id", "unit", false, "Beslutande enhet", "Deciding unit"),
         str("source", false, "Källa", "Source")},
        "Delegationsregel", "Delegation rule"));
    all.push_back(plan_child(
        "economy_total", "economy-totals",
        {table(), str("label", true, "Summarad som publicerad", "Total as published"),
         choice("scope", true, {"table", "group", "row"}, "Summerar", "Sums"), row_group(),
         str("row_label", false, "Rad som summeras", "Row summed"),
         str("column_label", false, "Kolumn som summeras (tom = alla)", "Column summed (empty = all)"),
         amount("amount", true, "Angivet belopp", "Stated amount")},
        "Angiven summa", "Stated total"));
}

}  // namespace styrkort
