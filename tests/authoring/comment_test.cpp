// Review comments on a plan version on a real server and both backends (issue 18,
// docs/authoring.md "Review"): threads on items of a draft, replies, resolve and
// reopen, audited; members only; the submit answer lists what is unresolved.
#include <gtest/gtest.h>

#include "../auth/identity_support.hpp"
#include "api_test_support.hpp"

namespace styrkort::testing {
namespace {

constexpr const char* password = "Granska-planen-i-Pitea-2026";

class CommentTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        chain_ = create_chain(*server_, "target", 0, "c");
        org_ = chain_.ids.at("organisation");
        plan_ = chain_.ids.at("plan");
        base_ = "/api/v1/organisations/" + std::to_string(org_) + "/plans/" + std::to_string(plan_);
        make_user(*server_, "granskare", password, {{org_, auth::Role::reader, std::nullopt}});
        reviewer_ = make_token(*server_, "granskare");
        make_user(*server_, "planerare", password, {{org_, auth::Role::planner, std::nullopt}});
        planner_ = make_token(*server_, "planerare");
    }
    HttpResponse as(const std::string& token, const std::string& method, const std::string& path,
                    const json::value& body = nullptr) {
        HeaderList h{{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
        return server_->anonymous_request(method, base_ + path, body.is_null() ? "" : json::serialize(body), h);
    }

    std::unique_ptr<RunningServer> server_;
    Chain chain_;
    Id org_ = 0;
    Id plan_ = 0;
    std::string base_;
    std::string reviewer_;
    std::string planner_;
};

TEST_P(CommentTest, AReviewerCommentsThePlannerAnswersAndResolvesBeforeSubmitting) {
    Id measure = chain_.ids.at("measure");
    auto audited = audit_rows(server_->database()).size();
    auto started = as(reviewer_, "POST", "/comments",
                      json::object{{"entity", "measure"}, {"item_id", measure}, {"body", "Målvärdet för 2026 saknas."}});
    ASSERT_EQ(started.status, 201) << started.body;
    auto thread = parse_json(started.body).as_object();
    EXPECT_EQ(thread.at("author").as_string(), "granskare");
    EXPECT_FALSE(thread.at("resolved").as_bool());
    EXPECT_NE(std::string(thread.at("item_label").as_string()).find("Mått"), std::string::npos);
    Id id = thread.at("id").as_int64();
    auto target = as(reviewer_, "POST", "/comments",
                     json::object{{"entity", "target"}, {"item_id", chain_.ids.at("target")}, {"body", "Källa?"}});
    ASSERT_EQ(target.status, 201) << target.body;

    auto reply = as(planner_, "POST", "/comments", json::object{{"thread_id", id}, {"body", "Tillagt, se målvärden."}});
    ASSERT_EQ(reply.status, 201) << reply.body;
    EXPECT_EQ(parse_json(reply.body).at("replies").at(0).at("author").as_string(), "planerare");

    auto list = parse_json(as(planner_, "GET", "/comments").body);
    EXPECT_EQ(list.at("open").as_int64(), 2);
    EXPECT_EQ(list.at("items").as_array().size(), 2u);
    auto on_measure = parse_json(as(planner_, "GET", "/comments?entity=measure&item_id=" + std::to_string(measure)).body);
    EXPECT_EQ(on_measure.at("items").as_array().size(), 1u);

    auto resolved = as(planner_, "POST", "/comments/" + std::to_string(id) + "/resolve");
    ASSERT_EQ(resolved.status, 200) << resolved.body;
    EXPECT_TRUE(parse_json(resolved.body).at("resolved").as_bool());
    EXPECT_EQ(parse_json(resolved.body).at("resolved_by").as_string(), "planerare");
    EXPECT_EQ(parse_json(as(planner_, "GET", "/comments?state=open").body).at("items").as_array().size(), 1u);
    auto reopened = as(reviewer_, "POST", "/comments/" + std::to_string(id) + "/reopen");
    EXPECT_FALSE(parse_json(reopened.body).at("resolved").as_bool());
    as(planner_, "POST", "/comments/" + std::to_string(id) + "/resolve");

    auto rows = audit_rows(server_->database());
    std::vector<std::string> actions;
    for (std::size_t i = audited; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].entity, "plan_comment");
        actions.push_back(rows[i].action);
    }
    EXPECT_EQ(actions, (std::vector<std::string>{"comment", "comment", "reply", "resolve", "reopen", "resolve"}));

    // Submitting lists the one left open.
    auto submitted = server_->request("POST", base_ + "/submit", "{}", {{"Content-Type", "application/json"}});
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    auto answer = parse_json(submitted.body);
    const auto& open = answer.at("unresolved_comments").as_array();
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].at("entity").as_string(), "target");
}

TEST_P(CommentTest, BadCommentsAreRefusedNamingTheFieldAndNothingIsStored) {
    auto before = dump_database(server_->database());
    auto count = count_rows(server_->database(), "plan_comment");
    struct Case {
        json::object body;
        std::string path;
    };
    Id other_plan = create(*server_, entity("plan"), org_, minimal_body(entity("plan"), chain_.ids, "annan")).at("id").as_int64();
    before = dump_database(server_->database());
    for (const auto& c : std::vector<Case>{
             {{{"entity", "measure"}, {"item_id", chain_.ids.at("measure")}, {"body", "   "}}, "body"},
             {{{"entity", "measure"}, {"item_id", chain_.ids.at("measure")}}, "body"},
             {{{"entity", "audit_log"}, {"item_id", 1}, {"body", "x"}}, "entity"},
             {{{"entity", "measure"}, {"item_id", 999999}, {"body", "x"}}, "item_id"},
             {{{"entity", "measure"}, {"item_id", "ett"}, {"body", "x"}}, "item_id"},
             {{{"thread_id", -1}, {"body", "x"}}, "thread_id"},
             {{{"entity", "measure"}, {"item_id", chain_.ids.at("measure")}, {"body", "x"}, {"färg", "röd"}}, "färg"}}) {
        auto r = as(reviewer_, "POST", "/comments", c.body);
        EXPECT_EQ(r.status, 422) << r.body;
        EXPECT_EQ(error_of(r).at("path").as_string(), c.path) << r.body;
    }
    // An item of another plan is not this plan's.
    auto other_goal = minimal_body(entity("goal"), {{"plan", other_plan}}, "annan");
    Id goal = create(*server_, entity("goal"), org_, other_goal).at("id").as_int64();
    before = dump_database(server_->database());
    auto r = as(reviewer_, "POST", "/comments", json::object{{"entity", "goal"}, {"item_id", goal}, {"body", "x"}});
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_of(r).at("path").as_string(), "item_id");
    EXPECT_NE(std::string(error_of(r).at("message").as_string()).find("i planen"), std::string::npos);
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));
    EXPECT_EQ(count_rows(server_->database(), "plan_comment"), count);
}

TEST_P(CommentTest, OnlyMembersReadAndWriteAndAnApprovedPlanTakesNoNewComments) {
    auto r = server_->anonymous_request("GET", base_ + "/comments");
    EXPECT_EQ(r.status, 401);
    Id other_org = create_chain(*server_, "organisation", 0, "fremmande").ids.at("organisation");
    make_user(*server_, "utomstaende", password, {{other_org, auth::Role::planner, std::nullopt}});
    auto outsider = make_token(*server_, "utomstaende");
    EXPECT_EQ(as(outsider, "GET", "/comments").status, 403);
    EXPECT_EQ(as(outsider, "POST", "/comments", json::object{{"entity", "plan"}, {"item_id", plan_}, {"body", "x"}}).status,
              403);

    ASSERT_EQ(as(reviewer_, "POST", "/comments", json::object{{"entity", "plan"}, {"item_id", plan_}, {"body", "Bra!"}}).status,
              201);
    // A plan registered as decided (the operator may, as a plan file import does).
    auto decided = minimal_body(entity("plan"), chain_.ids, "beslutad");
    decided["status"] = "approved";
    Id approved = create(*server_, entity("plan"), org_, decided).at("id").as_int64();
    auto late = server_->anonymous_request(
        "POST", "/api/v1/organisations/" + std::to_string(org_) + "/plans/" + std::to_string(approved) + "/comments",
        json::serialize(json::object{{"entity", "plan"}, {"item_id", approved}, {"body", "Sent"}}),
        {{"Authorization", "Bearer " + reviewer_}, {"Content-Type", "application/json"}});
    EXPECT_EQ(late.status, 409) << late.body;
    EXPECT_EQ(parse_json(as(reviewer_, "GET", "/comments").body).at("items").as_array().size(), 1u);
}

TEST_P(CommentTest, TheAuthorChangesAnOpenCommentFromTheVersionReadAndTheAuthorOrAnAdministratorDeletesIt) {
    auto started = as(reviewer_, "POST", "/comments",
                      json::object{{"entity", "plan"}, {"item_id", plan_}, {"body", "Visionen är otydlig."}});
    ASSERT_EQ(started.status, 201) << started.body;
    Id id = parse_json(started.body).at("id").as_int64();
    EXPECT_EQ(parse_json(started.body).at("row_version").as_int64(), 1);
    auto reply = as(planner_, "POST", "/comments", json::object{{"thread_id", id}, {"body", "Vi ser över den."}});
    Id reply_id = parse_json(reply.body).at("replies").at(0).at("id").as_int64();
    auto session = login(*server_, "granskare", password);
    make_user(*server_, "admin-plan", password, {{org_, auth::Role::administrator, std::nullopt}});
    auto admin = make_token(*server_, "admin-plan");
    auto audited = audit_rows(server_->database()).size();
    std::string one = "/comments/" + std::to_string(id);

    // The author changes the text from version 1: stored, version 2, marked as edited.
    auto edited = as(reviewer_, "PATCH", one, json::object{{"body", "Visionen saknar årtal."}, {"row_version", 1}});
    ASSERT_EQ(edited.status, 200) << edited.body;
    auto comment = parse_json(edited.body).as_object();
    EXPECT_EQ(comment.at("body").as_string(), "Visionen saknar årtal.");
    EXPECT_EQ(comment.at("row_version").as_int64(), 2);
    EXPECT_TRUE(comment.at("edited_at").is_string());
    EXPECT_EQ(edited.header("ETag"), "\"2\"");

    // Someone else's comment: refused (and the refusal audited as "denied").
    auto not_author = as(planner_, "PATCH", one, json::object{{"body", "Min text"}, {"row_version", 2}});
    EXPECT_EQ(not_author.status, 403) << not_author.body;
    EXPECT_NE(std::string(error_of(not_author).at("message").as_string()).find("den som skrev"), std::string::npos);
    // From the old version again: 409 stale_version with the text as it is now; nothing changes.
    auto before = dump_database(server_->database());
    auto stale = as(reviewer_, "PATCH", one, json::object{{"body", "Något annat"}, {"row_version", 1}});
    EXPECT_EQ(stale.status, 409) << stale.body;
    EXPECT_EQ(error_of(stale).at("code").as_string(), "stale_version");
    EXPECT_EQ(error_of(stale).at("current").at("body").as_string(), "Visionen saknar årtal.");
    EXPECT_EQ(error_of(stale).at("changed_fields").at(0).at("field").as_string(), "body");
    // An empty text, an unknown field: refused, naming the field; nothing changes.
    auto empty = as(reviewer_, "PATCH", one, json::object{{"body", "  "}, {"row_version", 2}});
    EXPECT_EQ(empty.status, 422) << empty.body;
    EXPECT_EQ(error_of(empty).at("path").as_string(), "body");
    auto unknown = as(reviewer_, "PATCH", one, json::object{{"body", "x"}, {"författare", "någon"}});
    EXPECT_EQ(unknown.status, 422) << unknown.body;
    EXPECT_EQ(error_of(unknown).at("path").as_string(), "författare");
    EXPECT_EQ(as(reviewer_, "PATCH", "/comments/999999", json::object{{"body", "x"}}).status, 404);
    // A browser session must say which version it changes (428), after access is granted.
    auto headers = session_headers(session);
    headers.emplace_back("Content-Type", "application/json");
    auto unversioned = server_->anonymous_request("PATCH", base_ + one, json::serialize(json::object{{"body", "x"}}), headers);
    EXPECT_EQ(unversioned.status, 428) << unversioned.body;
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));

    // Resolved, the thread's comments are kept as they were.
    ASSERT_EQ(as(planner_, "POST", one + "/resolve").status, 200);
    auto closed = as(reviewer_, "PATCH", one, json::object{{"body", "Sent tillägg"}, {"row_version", 2}});
    EXPECT_EQ(closed.status, 409) << closed.body;
    EXPECT_NE(std::string(error_of(closed).at("message").as_string()).find("löst"), std::string::npos);
    ASSERT_EQ(as(planner_, "POST", one + "/reopen").status, 200);

    // Deleting: not by another member; by the author of a reply, that reply only.
    EXPECT_EQ(as(planner_, "DELETE", one).status, 403);
    auto own_reply = as(planner_, "DELETE", "/comments/" + std::to_string(reply_id));
    EXPECT_EQ(own_reply.status, 204) << own_reply.body;
    auto list = parse_json(as(reviewer_, "GET", "/comments").body);
    ASSERT_EQ(list.at("items").as_array().size(), 1u);
    EXPECT_TRUE(list.at("items").at(0).at("replies").as_array().empty());
    // An administrator over the plan deletes the thread with what is left of it.
    as(planner_, "POST", "/comments", json::object{{"thread_id", id}, {"body", "Svar två."}});
    auto stale_delete = server_->anonymous_request("DELETE", base_ + one, "",
                                                   {{"Authorization", "Bearer " + admin}, {"If-Match", "\"1\""}});
    EXPECT_EQ(stale_delete.status, 409) << stale_delete.body;
    auto deleted = server_->anonymous_request("DELETE", base_ + one, "",
                                              {{"Authorization", "Bearer " + admin}, {"If-Match", "\"2\""}});
    EXPECT_EQ(deleted.status, 204) << deleted.body;
    EXPECT_TRUE(parse_json(as(reviewer_, "GET", "/comments").body).at("items").as_array().empty());
    EXPECT_EQ(count_rows(server_->database(), "plan_comment"), 0);

    // Every change audited with what it was before; the two refusals of access too.
    auto rows = audit_rows(server_->database());
    std::vector<std::string> actions;
    for (std::size_t i = audited; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].entity, rows[i].action == "denied" ? (actions.size() == 1 ? "editPlanComment" : "deletePlanComment")
                                                              : "plan_comment");
        actions.push_back(rows[i].action);
    }
    EXPECT_EQ(actions, (std::vector<std::string>{"edit", "denied", "resolve", "reopen", "denied", "delete", "reply", "delete"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, CommentTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
