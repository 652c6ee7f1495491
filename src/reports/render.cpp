#include "reports/render.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "domain/errors.hpp"
#include "reports/tool_error.hpp"
#include "reports/child_process.hpp"
#include "reports/html_writer.hpp"

namespace styrkort::reports {
namespace {

namespace fs = std::filesystem;

// A private folder for one rendering, removed with everything in it.
class WorkFolder {
public:
    WorkFolder() {
        auto base = fs::temp_directory_path() / "styrkort-document-XXXXXX";
        std::string pattern = base.string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw ToolError({"kan inte skapa en tillfällig mapp för dokumentet", "cannot create a temporary folder for the document"});
        }
        path_ = pattern;
    }
    ~WorkFolder() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    WorkFolder(const WorkFolder&) = delete;
    WorkFolder& operator=(const WorkFolder&) = delete;
    [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    if (!out) throw ToolError({"kan inte skriva " + path, "cannot write " + path});
}
std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::chrono::milliseconds render_timeout() {
    if (const char* v = std::getenv("STYRKORT_RENDER_TIMEOUT")) {
        char* end = nullptr;
        long seconds = std::strtol(v, &end, 10);
        if (end != v && *end == '\0' && seconds > 0) return std::chrono::seconds(seconds);
    }
    return std::chrono::seconds(120);
}

void run_renderer(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& log,
                  const std::string& package) {
    auto r = run_child(argv, env, render_timeout(), log);
    if (r.not_found) {
        throw ToolError({argv[0] + " saknas: installera Debian-paketet " + package + " (scripts/install-deps.sh)",
                         argv[0] + " is missing: install the Debian package " + package + " (scripts/install-deps.sh)"});
    }
    if (r.timed_out) {
        throw ToolError({argv[0] + " blev inte klar i tid och avbröts", argv[0] + " did not finish in time and was stopped"});
    }
    if (r.status != 0) {
        throw ToolError({argv[0] + " misslyckades (status " + std::to_string(r.status) + "): " + r.output,
                         argv[0] + " failed (status " + std::to_string(r.status) + "): " + r.output});
    }
}

std::string chromium_binary() {
    const char* v = std::getenv("STYRKORT_CHROMIUM");
    return v != nullptr && *v != '\0' ? v : "chromium";
}

std::string pdf(const Document& doc) {
    WorkFolder work;
    auto html = work.file("document.html");
    auto out = work.file("document.pdf");
    write_file(html, write_html(doc));
    run_renderer({chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--user-data-dir=" + work.file("profile"), "--print-to-pdf=" + out,
                  "--no-pdf-header-footer", "--generate-pdf-document-outline", "file://" + html},
                 {"DBUS_SESSION_BUS_ADDRESS=disabled:", "HOME=" + work.file("")}, work.file("chromium.log"), "chromium");
    auto bytes = read_file(out);
    if (bytes.rfind("%PDF-", 0) != 0) {
        throw ToolError({"chromium skrev ingen PDF", "chromium wrote no PDF"});
    }
    set_pdf_dates(bytes, doc.date);
    return bytes;
}

std::string docx(const Document& doc) {
    WorkFolder work;
    auto html = work.file("document.html");
    auto out = work.file("document.docx");
    write_file(html, write_html(doc, {.for_word = true}));
    // SOURCE_DATE_EPOCH: pandoc dates the file (its properties, the zip entries) from
    // the data instead of the clock.
    run_renderer({"pandoc", "--from=html", "--to=docx", "--toc", "--toc-depth=2", "--metadata=toc-title:Innehåll", "--shift-heading-level-by=-1",
                  "--output=" + out, html},
                 {"SOURCE_DATE_EPOCH=" + std::to_string(epoch_of(doc.date))}, work.file("pandoc.log"), "pandoc");
    auto bytes = read_file(out);
    if (bytes.rfind("PK", 0) != 0) throw ToolError({"pandoc skrev ingen DOCX", "pandoc wrote no DOCX"});
    return bytes;
}

}  // namespace

std::optional<Format> parse_format(const std::string& name) {
    if (name == "pdf") return Format::pdf;
    if (name == "docx") return Format::docx;
    if (name == "html") return Format::html;
    return std::nullopt;
}

Format format_or_throw(const std::string& name, const std::string& field) {
    if (auto f = parse_format(name)) return *f;
    throw InputError(field, {"måste vara pdf, docx eller html", "must be pdf, docx or html"}, "choice");
}

Rendered render(const Document& doc, Format format) {
    switch (format) {
        case Format::html: return {write_html(doc), "text/html; charset=utf-8", "html"};
        case Format::pdf: return {pdf(doc), "application/pdf", "pdf"};
        case Format::docx:
            return {docx(doc), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"};
    }
    return {};
}

long long epoch_of(const std::string& date) {
    int y = 0, m = 0, d = 0;
    if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return 0;
    // Days from civil (H. Hinnant's algorithm).
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86400;
}

void set_pdf_dates(std::string& pdf, const std::string& date) {
    if (date.size() != 10) return;
    std::string stamp = "D:" + date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2) + "000000";
    for (const char* name : {"/CreationDate (", "/ModDate ("}) {
        for (auto at = pdf.find(name); at != std::string::npos; at = pdf.find(name, at + 1)) {
            auto start = at + std::strlen(name);
            auto end = pdf.find(')', start);
            if (end == std::string::npos) break;
            auto length = end - start;
            // Keep the length: the time zone part ("+00'00'") is padded to fit.
            std::string value = stamp + "+00'00'";
            if (value.size() > length) value = value.substr(0, length);
            value.resize(length, ' ');
            pdf.replace(start, length, value);
        }
    }
}

}  // namespace styrkort::reports
