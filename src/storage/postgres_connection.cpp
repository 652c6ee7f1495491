#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>
#include <map>

#include "domain/errors.hpp"
#include "storage/read_routing.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage {
namespace {

// Built-in type OIDs (pg_type.h); the server never changes them.
constexpr Oid bool_oid = 16, int8_oid = 20, int2_oid = 21, int4_oid = 23, float4_oid = 700, float8_oid = 701,
              numeric_oid = 1700;

std::string number_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    bool in_quote = false;
    for (char c : sql) {
        if (c == '\'') in_quote = !in_quote;
        if (c == '?' && !in_quote) {
            out += '$' + std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

std::string to_text(double d) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, end);
}

class PgResult {
public:
    explicit PgResult(PGresult* r) : r_(r) {}
    ~PgResult() { PQclear(r_); }
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
    PGresult* get() const { return r_; }

private:
    PGresult* r_;
};

class PostgresConnection final : public Connection {
public:
    PostgresConnection(const std::string& url, const char* application_name)
        : conn_(connect(url, application_name)) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            // The URL may hold a password: never repeat it, only the server's reason.
            std::string msg = PQerrorMessage(conn_);
            PQfinish(conn_);
            throw StorageError("cannot connect to PostgreSQL: " + msg);
        }
        // Durability first: a commit returns only once its WAL record is on disk, whatever
        // the server's or the URL's default (docs/reliability.md). A stronger setting
        // (remote_apply with a synchronous standby, docs/scale-out.md) is kept.
        execute_script(
            "SET client_min_messages = warning; SET client_encoding = 'UTF8'; "
            "SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'");
    }

    bool usable() override {
        // PQconsumeInput reads what has arrived without blocking (libpq's socket is
        // non-blocking). A server that ended the session sent its goodbye (FATAL) and
        // closed: the first call reads the message, the second meets the end of the
        // stream and marks the connection bad.
        for (int i = 0; i < 2; ++i) {
            if (PQconsumeInput(conn_) == 0) return false;
        }
        if (PQstatus(conn_) != CONNECTION_OK) return false;
        return PQtransactionStatus(conn_) == PQTRANS_IDLE;
    }
    ~PostgresConnection() override { PQfinish(conn_); }

    [[nodiscard]] bool on_hot_standby() const {
        const char* value = PQparameterStatus(conn_, "in_hot_standby");
        return value != nullptr && std::string_view(value) == "on";
    }
    const std::chrono::steady_clock::time_point opened_at = std::chrono::steady_clock::now();

    [[nodiscard]] Dialect dialect() const override { return Dialect::postgres; }

    std::vector<Row> query(std::string_view sql, const std::vector<SqlValue>& params) override {
        const std::string& name = prepare(sql);
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            const auto& v = params[i];
            if (is_null(v)) continue;
            if (std::holds_alternative<std::int64_t>(v)) texts[i] = std::to_string(std::get<std::int64_t>(v));
            else if (std::holds_alternative<double>(v)) texts[i] = to_text(std::get<double>(v));
            else texts[i] = std::get<std::string>(v);
            values[i] = texts[i].c_str();
        }
        PgResult res(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(), nullptr,
                                    nullptr, 0));
        check(res.get());
        return rows(res.get());
    }

    void execute_script(std::string_view sql) override {
        PgResult res(PQexec(conn_, std::string(sql).c_str()));
        check(res.get());
    }

    void copy_in(std::string_view copy_sql, std::string_view data) override {
        {
            PgResult start(PQexec(conn_, std::string(copy_sql).c_str()));
            if (PQresultStatus(start.get()) != PGRES_COPY_IN) {
                check(start.get());
                throw StorageError("PostgreSQL: not a COPY FROM STDIN statement");
            }
        }
        // In blocking mode PQputCopyData queues or sends, and fails (-1) only when the
        // connection does; chunks keep each call's buffer small.
        constexpr std::size_t chunk = 1 << 16;
        bool sent = true;
        for (std::size_t at = 0; at < data.size() && sent; at += chunk) {
            auto n = std::min(chunk, data.size() - at);
            sent = PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) == 1;
        }
        if (PQputCopyEnd(conn_, sent ? nullptr : "sending the rows failed") != 1) {
            throw StorageError(std::string("PostgreSQL: ") + PQerrorMessage(conn_));
        }
        // The COPY's outcome (a constraint, a bad value): read every result, throw the first error.
        std::optional<std::string> problem;
        while (PGresult* r = PQgetResult(conn_)) {
            PgResult res(r);
            // Thrown after the results are drained, so that the connection stays usable.
            if (!problem && PQresultStatus(r) != PGRES_COMMAND_OK) problem = PQresultErrorMessage(r);
        }
        if (problem) throw StorageError("PostgreSQL: " + *problem);
    }

private:
    // Defaults the URL may override (it is expanded after them): a name for
    // pg_stat_activity, a bounded connect, and keepalives so that a server that vanished
    // from the network is noticed in about a minute rather than never.
    static PGconn* connect(const std::string& url, const char* application_name) {
        const char* keys[] = {"connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
                              "fallback_application_name", "dbname", nullptr};
        const char* values[] = {"10", "30", "10", "3", application_name, url.c_str(), nullptr};
        return PQconnectdbParams(keys, values, 1);
    }

    const std::string& prepare(std::string_view sql) {
        std::string key(sql);
        if (auto it = names_.find(key); it != names_.end()) return it->second;
        std::string name = "s" + std::to_string(names_.size() + 1);
        PgResult res(PQprepare(conn_, name.c_str(), number_placeholders(sql).c_str(), 0, nullptr));
        check(res.get());
        return names_.emplace(std::move(key), std::move(name)).first->second;
    }

    void check(PGresult* res) {
        auto status = PQresultStatus(res);
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
        const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        if (state != nullptr && std::string_view(state).starts_with("23")) {
            throw Conflict({"databasen avvisade ändringen: " + msg, "the database rejected the change: " + msg});
        }
        throw StorageError("PostgreSQL: " + msg);
    }

    static std::vector<Row> rows(PGresult* res) {
        int n = PQntuples(res);
        int columns = PQnfields(res);
        std::vector<Row> out;
        out.reserve(static_cast<std::size_t>(n));
        for (int r = 0; r < n; ++r) {
            Row row;
            row.reserve(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c) row.push_back(value(res, r, c));
            out.push_back(std::move(row));
        }
        return out;
    }

    static SqlValue value(PGresult* res, int r, int c) {
        if (PQgetisnull(res, r, c)) return nullptr;
        std::string_view text(PQgetvalue(res, r, c), static_cast<std::size_t>(PQgetlength(res, r, c)));
        switch (PQftype(res, c)) {
            case bool_oid: return std::int64_t{text == "t" ? 1 : 0};
            case int2_oid:
            case int4_oid:
            case int8_oid: return parse_int(text);
            case numeric_oid:
                if (text.find_first_of(".eE") == std::string_view::npos) return parse_int(text);
                [[fallthrough]];
            case float4_oid:
            case float8_oid: {
                double d = 0;
                std::from_chars(text.data(), text.data() + text.size(), d);
                return d;
            }
            default: return std::string(text);
        }
    }

    static SqlValue parse_int(std::string_view text) {
        std::int64_t i = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
        if (ec != std::errc{}) throw StorageError("PostgreSQL returned an integer out of range");
        return i;
    }

    PGconn* conn_;
    std::map<std::string, std::string, std::less<>> names_;
};

}  // namespace

bool on_hot_standby(const Connection& c) {
    const auto* pg = dynamic_cast<const PostgresConnection*>(&c);
    return pg != nullptr && pg->on_hot_standby();
}

std::chrono::steady_clock::duration connection_age(const Connection& c) {
    const auto* pg = dynamic_cast<const PostgresConnection*>(&c);
    return pg == nullptr ? std::chrono::steady_clock::duration::zero() : std::chrono::steady_clock::now() - pg->opened_at;
}

std::unique_ptr<Connection> open_postgres(const std::string& url, const char* application_name) {
    return std::make_unique<PostgresConnection>(url, application_name);
}

}  // namespace styrkort::storage
