#include "formats/xlsx_reader.hpp"

#include <expat.h>
#include <unzip.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <map>

#include "domain/errors.hpp"

namespace styrkort::formats {
namespace {

[[noreturn]] void bad_file(const std::string& name, const std::string& sv, const std::string& en) {
    InputError e("", {"filen är ingen läsbar XLSX-arbetsbok: " + sv, "the file is not a readable XLSX workbook: " + en},
                 "xlsx");
    e.locate(name, std::nullopt);
    throw e;
}

// minizip reading from bytes in memory (an HTTP body).
struct MemoryFile {
    const std::string* bytes = nullptr;
    std::uint64_t pos = 0;
};

voidpf ZCALLBACK mem_open(voidpf opaque, const void*, int) { return opaque; }
uLong ZCALLBACK mem_read(voidpf, voidpf stream, void* buf, uLong size) {
    auto* f = static_cast<MemoryFile*>(stream);
    auto left = f->bytes->size() - std::min<std::uint64_t>(f->pos, f->bytes->size());
    auto n = std::min<std::uint64_t>(size, left);
    std::memcpy(buf, f->bytes->data() + f->pos, n);
    f->pos += n;
    return static_cast<uLong>(n);
}
uLong ZCALLBACK mem_write(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK mem_tell(voidpf, voidpf stream) { return static_cast<MemoryFile*>(stream)->pos; }
long ZCALLBACK mem_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto* f = static_cast<MemoryFile*>(stream);
    std::uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? f->pos : f->bytes->size();
    if (base + offset > f->bytes->size()) return -1;
    f->pos = base + offset;
    return 0;
}
int ZCALLBACK mem_close(voidpf, voidpf) { return 0; }
int ZCALLBACK mem_error(voidpf, voidpf) { return 0; }

// The local name of an XML element: "x:row" -> "row" (namespaced or not).
const char* local(const XML_Char* name) {
    const char* colon = std::strrchr(name, ':');
    return colon ? colon + 1 : name;
}

const char* attribute(const XML_Char** attrs, const char* wanted) {
    for (int i = 0; attrs[i]; i += 2) {
        if (std::strcmp(local(attrs[i]), wanted) == 0) return attrs[i + 1];
    }
    return nullptr;
}

// A number cell's text as the shortest decimal that is exactly that double ("2021",
// "12.5", "0.001"), so that the importer reads it as the sheet meant it.
std::string number_text(const std::string& v) {
    char* end = nullptr;
    double d = std::strtod(v.c_str(), &end);
    if (v.empty() || end != v.c_str() + v.size()) return v;  // not a number: the importer says so
    std::array<char, 400> buf{};
    auto [p, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), d, std::chars_format::fixed);
    if (ec != std::errc{}) return v;
    return std::string(buf.data(), p);
}

}  // namespace

std::optional<int> column_index(const std::string& reference) {
    int n = 0;
    std::size_t i = 0;
    for (; i < reference.size() && reference[i] >= 'A' && reference[i] <= 'Z'; ++i) n = n * 26 + (reference[i] - 'A' + 1);
    if (i == 0 || n > 16384) return std::nullopt;
    return n - 1;
}

std::string column_letters(int index) {
    std::string s;
    for (int n = index + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
    return s;
}

struct XlsxSheetReader::State {
    MemoryFile memory;
    unzFile zip = nullptr;
    XML_Parser parser = nullptr;
    bool sheet_open = false;
    bool done = false;
    std::vector<std::string> shared;  // shared strings
    std::deque<Parsed> ready;         // rows parsed from the current chunk
    // The cell being read.
    Parsed current;
    int cell_column = -1;
    int next_column = 0;
    std::string cell_type;
    std::string text;
    bool in_value = false;  // inside <v> or <t> of an inline string
    int implicit_row = 0;
    ~State() {
        if (parser) XML_ParserFree(parser);
        if (zip) {
            if (sheet_open) unzCloseCurrentFile(zip);
            unzClose(zip);
        }
    }
};

XlsxSheetReader::XlsxSheetReader(std::unique_ptr<State> state, std::string name) : s_(std::move(state)), name_(std::move(name)) {
    if (!s_->zip) bad_file(name_, "inget zip-arkiv", "not a zip archive");
    start();
}
XlsxSheetReader::XlsxSheetReader(XlsxSheetReader&&) noexcept = default;
XlsxSheetReader::~XlsxSheetReader() = default;

XlsxSheetReader XlsxSheetReader::open_file(const std::string& path, const std::string& name) {
    auto s = std::make_unique<State>();
    s->zip = unzOpen64(path.c_str());
    return XlsxSheetReader(std::move(s), name);
}

XlsxSheetReader XlsxSheetReader::open_bytes(const std::string& bytes, const std::string& name) {
    auto s = std::make_unique<State>();
    s->memory.bytes = &bytes;
    zlib_filefunc64_def io{mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &s->memory};
    s->zip = unzOpen2_64("memory", &io);
    return XlsxSheetReader(std::move(s), name);
}

namespace {

// A small part of the workbook (workbook.xml, its relations, shared strings) whole.
std::string read_entry(unzFile zip, const std::string& path, const std::string& name, bool required) {
    if (unzLocateFile(zip, path.c_str(), 0) != UNZ_OK) {
        if (!required) return {};
        bad_file(name, path + " saknas", path + " is missing");
    }
    if (unzOpenCurrentFile(zip) != UNZ_OK) bad_file(name, path + " går inte att läsa", path + " cannot be read");
    std::string out;
    std::array<char, 1 << 16> buf{};
    int n = 0;
    while ((n = unzReadCurrentFile(zip, buf.data(), static_cast<unsigned>(buf.size()))) > 0) out.append(buf.data(), static_cast<std::size_t>(n));
    unzCloseCurrentFile(zip);
    if (n < 0) bad_file(name, path + " är skadad", path + " is damaged");
    return out;
}

// Parses a whole XML text with element callbacks; the callbacks must not throw.
template <typename Start, typename End, typename Chars>
bool parse_whole(const std::string& xml, Start start, End end, Chars chars) {
    struct Ctx {
        Start* s;
        End* e;
        Chars* c;
    } ctx{&start, &end, &chars};
    XML_Parser p = XML_ParserCreate(nullptr);
    XML_SetUserData(p, &ctx);
    XML_SetElementHandler(
        p, [](void* u, const XML_Char* n, const XML_Char** a) { (*static_cast<Ctx*>(u)->s)(local(n), a); },
        [](void* u, const XML_Char* n) { (*static_cast<Ctx*>(u)->e)(local(n)); });
    XML_SetCharacterDataHandler(p, [](void* u, const XML_Char* t, int len) { (*static_cast<Ctx*>(u)->c)(t, len); });
    bool ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
    XML_ParserFree(p);
    return ok;
}

}  // namespace

void XlsxSheetReader::start() {
    // The first sheet: its name and relation id in workbook.xml, its part in the relations.
    std::string rid;
    auto workbook = read_entry(s_->zip, "xl/workbook.xml", name_, true);
    parse_whole(
        workbook,
        [&](const char* n, const XML_Char** a) {
            if (std::strcmp(n, "sheet") == 0 && rid.empty()) {
                const char* id = attribute(a, "id");
                const char* sheet = attribute(a, "name");
                if (id) rid = id;
                if (sheet) sheet_ = sheet;
            }
        },
        [](const char*) {}, [](const XML_Char*, int) {});
    if (rid.empty()) bad_file(name_, "arbetsboken har inget blad", "the workbook has no sheet");
    std::string target;
    auto rels = read_entry(s_->zip, "xl/_rels/workbook.xml.rels", name_, true);
    parse_whole(
        rels,
        [&](const char* n, const XML_Char** a) {
            const char* id = attribute(a, "Id");
            const char* t = attribute(a, "Target");
            if (std::strcmp(n, "Relationship") == 0 && id && t && rid == id) target = t;
        },
        [](const char*) {}, [](const XML_Char*, int) {});
    if (target.empty()) bad_file(name_, "bladet " + sheet_ + " saknas", "the sheet " + sheet_ + " is missing");
    std::string part = target.front() == '/' ? target.substr(1) : "xl/" + target;

    // Shared strings: <si> holds one string, possibly in several runs (<r><t>).
    auto strings = read_entry(s_->zip, "xl/sharedStrings.xml", name_, false);
    std::string text;
    bool in_t = false;
    bool in_phonetic = false;
    parse_whole(
        strings,
        [&](const char* n, const XML_Char**) {
            if (std::strcmp(n, "si") == 0) text.clear();
            if (std::strcmp(n, "rPh") == 0) in_phonetic = true;
            if (std::strcmp(n, "t") == 0 && !in_phonetic) in_t = true;
        },
        [&](const char* n) {
            if (std::strcmp(n, "t") == 0) in_t = false;
            if (std::strcmp(n, "rPh") == 0) in_phonetic = false;
            if (std::strcmp(n, "si") == 0) s_->shared.push_back(text);
        },
        [&](const XML_Char* t, int len) {
            if (in_t) text.append(t, static_cast<std::size_t>(len));
        });

    if (unzLocateFile(s_->zip, part.c_str(), 0) != UNZ_OK) bad_file(name_, part + " saknas", part + " is missing");
    unz_file_info64 info{};
    unzGetCurrentFileInfo64(s_->zip, &info, nullptr, 0, nullptr, 0, nullptr, 0);
    bytes_total_ = info.uncompressed_size;
    if (unzOpenCurrentFile(s_->zip) != UNZ_OK) bad_file(name_, part + " går inte att läsa", part + " cannot be read");
    s_->sheet_open = true;

    // The sheet, streamed: the callbacks only collect; rows go to `ready`.
    s_->parser = XML_ParserCreate(nullptr);
    XML_SetUserData(s_->parser, s_.get());
    XML_SetElementHandler(
        s_->parser,
        [](void* u, const XML_Char* name, const XML_Char** a) {
            auto& s = *static_cast<State*>(u);
            const char* n = local(name);
            if (std::strcmp(n, "row") == 0) {
                const char* r = attribute(a, "r");
                s.current.row = r ? std::atoi(r) : s.implicit_row + 1;
                s.implicit_row = s.current.row;
                s.current.cells.clear();
                s.next_column = 0;
            } else if (std::strcmp(n, "c") == 0) {
                const char* ref = attribute(a, "r");
                const char* t = attribute(a, "t");
                auto col = ref ? column_index(ref) : std::nullopt;
                s.cell_column = col ? *col : s.next_column;
                s.next_column = s.cell_column + 1;
                s.cell_type = t ? t : "n";
                s.text.clear();
            } else if (std::strcmp(n, "v") == 0 || (std::strcmp(n, "t") == 0 && s.cell_type == "inlineStr")) {
                s.in_value = true;
            }
        },
        [](void* u, const XML_Char* name) {
            auto& s = *static_cast<State*>(u);
            const char* n = local(name);
            if (std::strcmp(n, "v") == 0 || std::strcmp(n, "t") == 0) {
                s.in_value = false;
            } else if (std::strcmp(n, "c") == 0) {
                std::string value;
                if (s.cell_type == "s") {
                    auto i = static_cast<std::size_t>(std::atol(s.text.c_str()));
                    value = i < s.shared.size() ? s.shared[i] : std::string();
                } else if (s.cell_type == "n") {
                    value = number_text(s.text);
                } else {
                    value = s.text;  // str (formula text), inlineStr, b (0/1), e (#N/A …)
                }
                if (!value.empty() && s.cell_column >= 0) {
                    auto col = static_cast<std::size_t>(s.cell_column);
                    if (s.current.cells.size() <= col) s.current.cells.resize(col + 1);
                    s.current.cells[col] = std::move(value);
                }
            } else if (std::strcmp(n, "row") == 0) {
                if (!s.current.cells.empty()) s.ready.push_back(std::move(s.current));
                s.current = {};
            }
        });
    XML_SetCharacterDataHandler(s_->parser, [](void* u, const XML_Char* t, int len) {
        auto& s = *static_cast<State*>(u);
        if (s.in_value) s.text.append(t, static_cast<std::size_t>(len));
    });
}

bool XlsxSheetReader::fill() {
    if (s_->done) return false;
    std::array<char, 1 << 16> buf{};
    int n = unzReadCurrentFile(s_->zip, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) bad_file(name_, "bladet är skadat", "the sheet is damaged");
    bytes_read_ += static_cast<std::uint64_t>(n);
    bool last = n == 0;
    if (XML_Parse(s_->parser, buf.data(), n, last ? 1 : 0) != XML_STATUS_OK) {
        bad_file(name_, std::string("bladets XML är felaktig: ") + XML_ErrorString(XML_GetErrorCode(s_->parser)),
                 std::string("the sheet's XML is malformed: ") + XML_ErrorString(XML_GetErrorCode(s_->parser)));
    }
    if (last) s_->done = true;
    return true;
}

bool XlsxSheetReader::next(std::vector<std::string>& cells) {
    while (s_->ready.empty()) {
        if (!fill()) return false;
    }
    auto& r = s_->ready.front();
    row_ = r.row;
    cells = std::move(r.cells);
    s_->ready.pop_front();
    return true;
}

}  // namespace styrkort::formats
