// Follow-up carried to a new plan version at approval (storage/followup_carry.hpp):
// what is carried, and that it is read per entity and plan, not per item — the number
// of statements does not grow with the number of measures.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "storage/followup_carry.hpp"
#include "storage/plan_copy.hpp"
#include "storage/repository.hpp"
#include "support/test_database.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;
using styrkort::testing::Backend;
using styrkort::testing::TestDatabase;

// A real connection that counts the statements sent through it.
class CountingConnection : public Connection {
public:
    explicit CountingConnection(Connection& inner) : inner_(inner) {}
    [[nodiscard]] Dialect dialect() const override { return inner_.dialect(); }
    std::vector<Row> query(std::string_view sql, const std::vector<SqlValue>& params) override {
        if (sql.starts_with("SELECT")) ++selects;
        return inner_.query(sql, params);
    }
    void execute_script(std::string_view sql) override { inner_.execute_script(sql); }
    void copy_in(std::string_view copy_sql, std::string_view data) override { inner_.copy_in(copy_sql, data); }
    int selects = 0;

private:
    Connection& inner_;
};

struct Approval {
    CarriedFollowup carried;
    int selects = 0;
    Id new_plan = 0;
};

class FollowupCarryTest : public ::testing::TestWithParam<Backend> {
protected:
    FollowupCarryTest() : test_db_(GetParam()), db_(test_db_.open()), repo_(*db_) {
        org_ = create("organisation", 0, R"({"key":"o","name":"Region O","kind":"region"})");
        unit_ = create("unit", org_, R"({"key":"rs","name":"RS","kind":"board"})");
        plan_ = create("plan", org_, R"({"key":"p","title":"Plan","owner_unit_id":)" + s(unit_) +
                                         R"(,"first_year":2025,"last_year":2027,"status":"draft"})");
    }
    static std::string s(Id id) { return std::to_string(id); }
    Id create(const std::string& entity_name, Id org, const std::string& body) {
        return repo_.create(entity(entity_name), org, json::parse(body), actor_).at("id").as_int64();
    }

    Id add_plan(const std::string& key) {
        return create("plan", org_, R"({"key":")" + key + R"(","title":"Plan","owner_unit_id":)" + s(unit_) +
                                        R"(,"first_year":2025,"last_year":2027,"status":"draft"})");
    }

    // A measure with outcomes for women and men at DÅ 04, or none when `reported` is false.
    void add_measure(Id plan, const std::string& key, bool reported) {
        Id m = create("measure", org_, R"({"plan_id":)" + s(plan) + R"(,"key":")" + key +
                                           R"(","kind":"steering","name":"Mått )" + key + R"(","breakdowns":["sex"]})");
        if (!reported) return;
        for (const char* sex : {"K", "M"}) {
            create("outcome", org_, R"({"measure_id":)" + s(m) + R"(,"unit_id":)" + s(unit_) +
                                        R"(,"year":2025,"point":"da04","sex":")" + sex + R"(","value":12.5})");
        }
    }

    void add_reported_activity(Id plan, const std::string& key) {
        Id a = create("activity", org_, R"({"plan_id":)" + s(plan) + R"(,"key":")" + key +
                                            R"(","name":"Aktivitet","level":"board"})");
        create("activity_report", org_, R"({"activity_id":)" + s(a) +
                                            R"(,"year":2025,"point":"da04","status":"in_progress"})");
    }

    Approval approve_new_version(Id plan, const std::string& new_key) {
        return db_->write([&](Connection& c) {
            auto copy = copy_plan(c, org_, plan, json::object{{"key", new_key}, {"status", "draft"}, {"version", "2"}});
            Approval out;
            out.new_plan = copy.plan.at("id").as_int64();
            CountingConnection counting(c);
            out.carried = carry_followup(counting, org_, plan, out.new_plan);
            out.selects = counting.selects;
            return out;
        });
    }

    std::int64_t outcomes_of(Id plan) {
        return db_->read([&](Connection& c) {
            return as_int(c.query("SELECT COUNT(*) FROM outcome o JOIN measure m ON m.id = o.measure_id "
                                  "WHERE m.plan_id = ?",
                                  {plan})
                              .at(0)
                              .at(0));
        });
    }

    TestDatabase test_db_;
    std::unique_ptr<Database> db_;
    Repository repo_;
    Actor actor_{"tester", "127.0.0.1", {}};
    Id org_ = 0, unit_ = 0, plan_ = 0;
};

TEST_P(FollowupCarryTest, CarriesEveryOutcomeAndReportToTheItemItBecame) {
    for (int i = 0; i < 4; ++i) {
        add_measure(plan_, "m" + std::to_string(i), true);
        add_reported_activity(plan_, "a" + std::to_string(i));
    }
    auto approval = approve_new_version(plan_, "p-v2");
    EXPECT_EQ(approval.carried.carried["outcomes"], 8);
    EXPECT_EQ(approval.carried.carried["activity_reports"], 4);
    EXPECT_EQ(outcomes_of(approval.new_plan), 8);
    EXPECT_EQ(outcomes_of(plan_), 8);  // the previous version keeps its own
}

// The same follow-up to carry on two plans, one with ten times the measures: the
// reads must be the same (per entity and plan), not grow with the items.
TEST_P(FollowupCarryTest, ReadsDoNotGrowWithTheNumberOfItems) {
    auto plan_with = [&](const std::string& key, int unreported) {
        Id plan = add_plan(key);
        add_measure(plan, "reported", true);
        add_reported_activity(plan, "a-reported");
        for (int i = 0; i < unreported; ++i) add_measure(plan, "m" + std::to_string(i), false);
        return plan;
    };
    auto small = approve_new_version(plan_with("small", 3), "small-v2");
    auto large = approve_new_version(plan_with("large", 30), "large-v2");
    EXPECT_EQ(small.carried.carried["outcomes"], 2);
    EXPECT_EQ(large.carried.carried["outcomes"], 2);
    EXPECT_EQ(large.carried.carried["activity_reports"], 1);
    EXPECT_GT(small.selects, 0);
    EXPECT_EQ(large.selects, small.selects) << "reads grew with the items: " << small.selects << " for 4 measures, "
                                            << large.selects << " for 31";
}

INSTANTIATE_TEST_SUITE_P(Backends, FollowupCarryTest, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::storage
