// Every entity's JSON request body (POST, PUT and PATCH on /organisations/{org}/…):
// the JSON reader (json/read.cpp: UTF-8, duplicate keys, depth) and the catalogue's
// validation of each entity (domain/validation.cpp). The first byte picks the entity
// from the catalogue, the rest is the body. Either a record comes out or InputError
// names the field; never anything else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/errors.hpp"
#include "domain/schema.hpp"
#include "domain/validation.hpp"
#include "json/read.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace styrkort;
    if (size == 0) return 0;
    const auto& all = entities();
    const Entity& entity = all[data[0] % all.size()];
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        auto value = json_text::parse(text);
        try {
            (void)validate_record(entity, value);
        } catch (const InputError& e) {
            // Errors name a path in the body; finding its line must not fail either.
            (void)json_text::line_of_path(text, e.path());
            (void)e.describe(Language::sv);
        }
    } catch (const InputError&) {
    }
    return 0;
}
