#include "http/target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "http/utf8.hpp"

namespace styrkort::http {
namespace {

bool clean_text(std::string_view s) {
    return s.find('\0') == std::string_view::npos && is_valid_utf8(s);
}

}  // namespace

std::optional<DecodedTarget> decode_target(std::string_view target) {
    if (target.empty()) return std::nullopt;
    namespace urls = boost::urls;
    // Origin-form is what clients send; absolute-form must be accepted by servers
    // (RFC 9112 3.2.2) and is what some proxies forward.
    auto parsed =
        target.front() == '/' ? urls::parse_origin_form(target) : urls::parse_absolute_uri(target);
    if (!parsed) return std::nullopt;
    const urls::url_view& url = *parsed;
    if (url.has_fragment()) return std::nullopt;

    DecodedTarget out;
    out.path = url.path();
    if (out.path.empty()) out.path = "/";  // "http://host" means the root
    if (out.path.front() != '/' || !clean_text(out.path)) return std::nullopt;

    if (url.has_query()) {
        for (const auto& param : url.params(urls::encoding_opts(/*space_as_plus=*/true))) {
            // "?" and "a=1&&b=2" produce empty entries that carry no information.
            if (param.key.empty() && !param.has_value) continue;
            if (!clean_text(param.key) || !clean_text(param.value)) return std::nullopt;
            out.query.insert_or_assign(param.key, param.value);
        }
    }
    return out;
}

std::string_view raw_path(std::string_view target) noexcept {
    return target.substr(0, target.find_first_of("?#"));
}

}  // namespace styrkort::http
