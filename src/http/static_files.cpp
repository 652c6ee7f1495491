#include "http/static_files.hpp"

#include <array>
#include <cstdint>
#include <fstream>
#include <optional>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

namespace styrkort::http {

namespace fs = std::filesystem;

namespace {

// Vite writes every file under assets/ with a content hash in its name, so a name
// never changes meaning and browsers may keep it for a year without asking again.
constexpr std::string_view immutable_cache = "public, max-age=31536000, immutable";
// Everything else (index.html above all) must be revalidated so a new build shows.
constexpr std::string_view revalidate_cache = "no-cache";
// The built client has no inline scripts or styles; this policy keeps it that way.
constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

Response text_response(int status, std::string body) {
    Response res;
    res.status = status;
    res.content_type = "text/plain; charset=utf-8";
    res.body = std::move(body);
    res.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return res;
}

Response not_found() { return text_response(404, "Filen finns inte. / The file does not exist.\n"); }

// The path's segments, or nothing when a segment could leave the folder or name a
// hidden file ("..", ".", ".git", backslashes, NUL).
std::optional<std::vector<std::string>> safe_segments(std::string_view path) {
    if (path.empty() || path.front() != '/') return std::nullopt;
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view segment = path.substr(start, end - start);
        if (!segment.empty()) {
            if (segment.front() == '.') return std::nullopt;
            if (segment.find('\\') != std::string_view::npos || segment.find('\0') != std::string_view::npos) {
                return std::nullopt;
            }
            segments.emplace_back(segment);
        }
        start = end + 1;
    }
    return segments;
}

bool inside(const fs::path& root, const fs::path& candidate) {
    auto rel = candidate.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
}

std::optional<std::string> read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A strong validator from the content itself (FNV-1a, 64 bits): identical bytes give
// the same tag across rebuilds and restarts.
std::string entity_tag(std::string_view content) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : content) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    std::ostringstream out;
    out << '"' << std::hex << hash << '-' << content.size() << '"';
    return out.str();
}

bool matches(std::string_view if_none_match, std::string_view tag) {
    std::size_t start = 0;
    while (start < if_none_match.size()) {
        std::size_t end = if_none_match.find(',', start);
        if (end == std::string_view::npos) end = if_none_match.size();
        std::string_view token = if_none_match.substr(start, end - start);
        while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
        while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
        if (token.starts_with("W/")) token.remove_prefix(2);
        if (token == "*" || token == tag) return true;
        start = end + 1;
    }
    return false;
}

bool names_a_file(const std::vector<std::string>& segments) {
    if (segments.empty()) return false;
    if (segments.front() == "assets") return true;
    return segments.back().find('.') != std::string::npos;
}

}  // namespace

std::string content_type_for(std::string_view file_name) {
    static const std::array<std::pair<std::string_view, std::string_view>, 16> types{{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".webp", "image/webp"},
    }};
    for (const auto& [ext, type] : types) {
        if (file_name.size() > ext.size() && file_name.ends_with(ext)) return std::string(type);
    }
    return "application/octet-stream";
}

bool is_api_path(std::string_view path) {
    return path == "/api" || path.starts_with("/api/") || path == "/healthz";
}

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {
    std::error_code ec;
    auto canonical = fs::canonical(root_, ec);
    if (!ec) root_ = std::move(canonical);
}

bool StaticFiles::available() const {
    std::error_code ec;
    return fs::is_regular_file(root_ / "index.html", ec);
}

Response StaticFiles::serve(const Request& request) const {
    if (request.method != "GET" && request.method != "HEAD") {
        auto res = text_response(405, "Endast GET och HEAD. / Only GET and HEAD.\n");
        res.headers.emplace_back("Allow", "GET, HEAD");
        return res;
    }
    if (!available()) {
        return text_response(503,
                             "Webbklienten är inte byggd: kör `npm ci && npm run build` i web/ (eller scripts/run.sh).\n"
                             "The web client is not built: run `npm ci && npm run build` in web/ (or scripts/run.sh).\n");
    }
    auto segments = safe_segments(request.path);
    if (!segments) return not_found();

    fs::path file = root_;
    for (const auto& s : *segments) file /= s;
    std::error_code ec;
    bool found = !segments->empty() && fs::is_regular_file(file, ec);
    if (found) {
        // A symbolic link inside the folder must not lead out of it.
        auto real = fs::canonical(file, ec);
        if (ec || !inside(root_, real)) return not_found();
    } else if (names_a_file(*segments)) {
        return not_found();
    } else {
        file = root_ / "index.html";  // a client route: the client's router decides
    }

    auto content = read_file(file);
    if (!content) return not_found();
    bool hashed = found && segments->front() == "assets";
    std::string tag = entity_tag(*content);

    Response res;
    res.content_type = content_type_for(file.filename().string());
    res.headers.emplace_back("ETag", tag);
    res.headers.emplace_back("Cache-Control", std::string(hashed ? immutable_cache : revalidate_cache));
    res.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (res.content_type.starts_with("text/html")) {
        res.headers.emplace_back("Content-Security-Policy", std::string(content_security_policy));
        res.headers.emplace_back("Referrer-Policy", "same-origin");
    }
    if (matches(request.header("if-none-match"), tag)) {
        res.status = 304;
        return res;
    }
    res.body = std::move(*content);
    return res;
}

Handler site_handler(Handler api, const StaticFiles& files) {
    return [api = std::move(api), &files](const Request& request) {
        return is_api_path(request.path) ? api(request) : files.serve(request);
    };
}

}  // namespace styrkort::http
