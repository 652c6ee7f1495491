#pragma once
// Serves the built web client (web/dist) from a folder: GET and HEAD only, a
// Content-Type by file extension, ETag revalidation, long-lived caching for Vite's
// content-hashed files under /assets/, and index.html for any other path that names no
// file, so that the client's router can handle deep links. Nothing outside the folder
// can be reached: dot segments and symbolic links that lead out of it are refused.
#include <filesystem>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "http/server.hpp"

namespace styrkort::http {

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);

    // True when the folder holds an index.html (the client has been built).
    [[nodiscard]] bool available() const;
    [[nodiscard]] const std::filesystem::path& root() const { return root_; }

    // request.path must be the decoded path (as the server delivers it).
    [[nodiscard]] Response serve(const Request& request) const;

private:
    std::filesystem::path root_;  // canonical when it exists
};

// The Content-Type for a file name, by extension; application/octet-stream if unknown.
[[nodiscard]] std::string content_type_for(std::string_view file_name);

// True for paths that belong to the API rather than to the web client.
[[nodiscard]] bool is_api_path(std::string_view path);

// One handler for the whole site: API paths to `api`, everything else to `files`.
[[nodiscard]] Handler site_handler(Handler api, const StaticFiles& files);

}  // namespace styrkort::http
